import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Tenant } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { tenantsKeys } from './keys';

export const getTenant = (id: string, signal?: AbortSignal) => apiData<Tenant>(`/tenants/${encodeURIComponent(id)}`, { signal });

export const tenantQueryOptions = (id: string) => queryOptions({ queryKey: tenantsKeys.detail(id), queryFn: ({ signal }) => getTenant(id, signal) });

export function useTenant(id: string) {
  return useQuery(tenantQueryOptions(id));
}
