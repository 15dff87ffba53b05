import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SlaPolicy } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { slaPoliciesKeys } from './keys';

export const getSlaPolicy = (id: string, signal?: AbortSignal) => apiData<SlaPolicy>(`/helpdesk/sla-policies/${encodeURIComponent(id)}`, { signal });

export const slaPolicyQueryOptions = (id: string) => queryOptions({ queryKey: slaPoliciesKeys.detail(id), queryFn: ({ signal }) => getSlaPolicy(id, signal) });

export function useSlaPolicy(id: string, enabled = true) {
  return useQuery({ ...slaPolicyQueryOptions(id), enabled });
}
