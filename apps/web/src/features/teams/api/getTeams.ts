import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Team } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type TeamListParams, teamsKeys } from './keys';

export const getTeams = (params: TeamListParams, signal?: AbortSignal) => apiList<Team>('/teams', { ...params }, signal);

export const teamsQueryOptions = (params: TeamListParams) =>
  queryOptions({ queryKey: teamsKeys.list(params), queryFn: ({ signal }) => getTeams(params, signal), placeholderData: keepPreviousData });

export function useTeams(params: TeamListParams) {
  return useQuery(teamsQueryOptions(params));
}
