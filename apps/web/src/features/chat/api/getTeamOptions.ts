import type { Team } from '@switchboard/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiList } from '../../../lib/api';

/** Teams of the tenant (first 100), for transfers and widget routing; needs users:read. */
export const getTeamOptions = (signal?: AbortSignal) => apiList<Team>('/teams', { page_size: 100 }, signal);

// Under `teams…`: edits on the teams page refresh it.
export const teamOptionsQueryOptions = () =>
  queryOptions({ queryKey: ['teams', 'chat-options'] as const, queryFn: ({ signal }) => getTeamOptions(signal), staleTime: 60_000 });

export function useTeamOptions(enabled = true) {
  return useQuery({ ...teamOptionsQueryOptions(), enabled });
}
