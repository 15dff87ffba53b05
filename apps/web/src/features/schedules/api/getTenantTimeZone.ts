import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Tenant } from '@switchboard/shared';
import { apiData } from '../../../lib/api';

/** The tenant's own time zone (`settings.timezone`): a new schedule starts in it. Under `['tenant']`, refreshed with the Settings page. */
export const getTenantTimeZone = (signal?: AbortSignal) => apiData<Tenant>('/tenant', { signal }).then((t) => t.settings.timezone);

export const tenantTimeZoneQueryOptions = () =>
  queryOptions({ queryKey: ['tenant', 'timezone'] as const, queryFn: ({ signal }) => getTenantTimeZone(signal), staleTime: 60_000 });

export function useTenantTimeZone(enabled = true) {
  return useQuery({ ...tenantTimeZoneQueryOptions(), enabled, retry: false });
}
