import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { User } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type UserListParams, usersKeys } from './keys';

export const getUsers = (params: UserListParams, signal?: AbortSignal) => apiList<User>('/users', { ...params }, signal);

export const usersQueryOptions = (params: UserListParams) =>
  queryOptions({
    queryKey: usersKeys.list(params),
    queryFn: ({ signal }) => getUsers(params, signal),
    placeholderData: keepPreviousData,
  });

export function useUsers(params: UserListParams) {
  return useQuery(usersQueryOptions(params));
}
