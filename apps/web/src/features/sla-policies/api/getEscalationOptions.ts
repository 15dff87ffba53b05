import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Team, User } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { slaPoliciesKeys } from './keys';

/** Users an escalation may reassign to (first 100 active by name). */
export const getUserOptions = (signal?: AbortSignal) => apiList<User>('/users', { page: 1, page_size: 100, sort: 'name', status: 'active' }, signal);
/** Teams an escalation may move tickets to (first 100 by name). */
export const getTeamOptions = (signal?: AbortSignal) => apiList<Team>('/teams', { page: 1, page_size: 100 }, signal);

export const userOptionsQueryOptions = () =>
  queryOptions({ queryKey: slaPoliciesKeys.userOptions, queryFn: ({ signal }) => getUserOptions(signal), staleTime: 60_000 });
export const teamOptionsQueryOptions = () =>
  queryOptions({ queryKey: slaPoliciesKeys.teamOptions, queryFn: ({ signal }) => getTeamOptions(signal), staleTime: 60_000 });

export function useUserOptions(enabled = true) {
  return useQuery({ ...userOptionsQueryOptions(), enabled });
}
export function useTeamOptions(enabled = true) {
  return useQuery({ ...teamOptionsQueryOptions(), enabled });
}
