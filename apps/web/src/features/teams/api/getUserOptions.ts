import { queryOptions, useQuery } from '@tanstack/react-query';
import type { User } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { teamsKeys } from './keys';

/** Users who may join a team (first 100 by name). */
export const getUserOptions = (signal?: AbortSignal) => apiList<User>('/users', { page: 1, page_size: 100, sort: 'name' }, signal);

export const userOptionsQueryOptions = () =>
  queryOptions({ queryKey: teamsKeys.userOptions, queryFn: ({ signal }) => getUserOptions(signal), staleTime: 60_000 });

export function useUserOptions(enabled = true) {
  return useQuery({ ...userOptionsQueryOptions(), enabled });
}
