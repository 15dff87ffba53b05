import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SlaPolicy } from '@switchboard/shared';
import { apiList } from '../../../lib/api';

/** SLA policies a ticket may run on (first 100 by name). Under the policies' own key so edits there refresh it. */
export const getSlaPolicyOptions = (signal?: AbortSignal) => apiList<SlaPolicy>('/helpdesk/sla-policies', { page: 1, page_size: 100 }, signal);

export const slaPolicyOptionsQueryOptions = () =>
  queryOptions({ queryKey: ['helpdesk', 'sla-policies', 'ticket-options'] as const, queryFn: ({ signal }) => getSlaPolicyOptions(signal), staleTime: 60_000 });

export function useSlaPolicyOptions(enabled = true) {
  return useQuery({ ...slaPolicyOptionsQueryOptions(), enabled });
}
