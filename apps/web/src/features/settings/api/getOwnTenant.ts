import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Tenant } from '@switchboard/shared';
import { apiData } from '../../../lib/api';

export const ownTenantKey = ['tenant'] as const;

/** GET /tenant — the tenant the user is working in. */
export const getOwnTenant = (signal?: AbortSignal) => apiData<Tenant>('/tenant', { signal });

export const ownTenantQueryOptions = () => queryOptions({ queryKey: ownTenantKey, queryFn: ({ signal }) => getOwnTenant(signal) });

export function useOwnTenant() {
  return useQuery(ownTenantQueryOptions());
}
