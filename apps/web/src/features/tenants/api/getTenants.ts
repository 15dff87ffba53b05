import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Tenant } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type TenantListParams, tenantsKeys } from './keys';

export const getTenants = (params: TenantListParams, signal?: AbortSignal) => apiList<Tenant>('/tenants', { ...params }, signal);

export const tenantsQueryOptions = (params: TenantListParams) =>
  queryOptions({ queryKey: tenantsKeys.list(params), queryFn: ({ signal }) => getTenants(params, signal), placeholderData: keepPreviousData });

export function useTenants(params: TenantListParams) {
  return useQuery(tenantsQueryOptions(params));
}
