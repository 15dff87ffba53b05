import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { SlaPolicy } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type SlaPolicyListParams, slaPoliciesKeys } from './keys';

export const getSlaPolicies = (params: SlaPolicyListParams, signal?: AbortSignal) => apiList<SlaPolicy>('/helpdesk/sla-policies', { ...params }, signal);

export const slaPoliciesQueryOptions = (params: SlaPolicyListParams) =>
  queryOptions({ queryKey: slaPoliciesKeys.list(params), queryFn: ({ signal }) => getSlaPolicies(params, signal), placeholderData: keepPreviousData });

export function useSlaPolicies(params: SlaPolicyListParams) {
  return useQuery(slaPoliciesQueryOptions(params));
}
