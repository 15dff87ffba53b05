import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Team } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { ticketsKeys } from './keys';

/** Teams a ticket may be assigned to (first 100 by name; needs users:read). */
export const getTeamOptions = (signal?: AbortSignal) => apiList<Team>('/teams', { page: 1, page_size: 100 }, signal);

export const teamOptionsQueryOptions = () =>
  queryOptions({ queryKey: ticketsKeys.teamOptions, queryFn: ({ signal }) => getTeamOptions(signal), staleTime: 60_000 });

export function useTeamOptions(enabled = true) {
  return useQuery({ ...teamOptionsQueryOptions(), enabled });
}
