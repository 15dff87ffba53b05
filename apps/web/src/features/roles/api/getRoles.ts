import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RoleInfo } from '@switchboard/shared';
import { apiData } from '../../../lib/api';

export type { RoleInfo };

export const getRoles = (signal?: AbortSignal) => apiData<RoleInfo[]>('/roles', { signal });

export const rolesQueryOptions = () => queryOptions({ queryKey: ['roles'], queryFn: ({ signal }) => getRoles(signal), staleTime: 5 * 60_000 });

export function useRoles() {
  return useQuery(rolesQueryOptions());
}
