import { queryOptions, useQuery } from '@tanstack/react-query';
import type { User } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { ticketsKeys } from './keys';

/** Agents a ticket may be assigned to (first 100 active users by name; needs users:read). */
export const getUserOptions = (signal?: AbortSignal) => apiList<User>('/users', { page: 1, page_size: 100, sort: 'name', status: 'active' }, signal);

export const userOptionsQueryOptions = () =>
  queryOptions({ queryKey: ticketsKeys.userOptions, queryFn: ({ signal }) => getUserOptions(signal), staleTime: 60_000 });

export function useUserOptions(enabled = true) {
  return useQuery({ ...userOptionsQueryOptions(), enabled });
}
