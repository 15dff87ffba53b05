import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { AuditEntry } from '@switchboard/shared';
import { apiList } from '../../../lib/api';

export interface AuditListParams {
  action?: string;
  entity_type?: string;
  entity_id?: string;
  actor_user_id?: string;
  /** ISO instants. */
  from?: string;
  to?: string;
  page: number;
  page_size: number;
}

export const getAudit = (params: AuditListParams, signal?: AbortSignal) => apiList<AuditEntry>('/audit', { ...params }, signal);

export const auditQueryOptions = (params: AuditListParams) =>
  queryOptions({ queryKey: ['audit', 'list', params], queryFn: ({ signal }) => getAudit(params, signal), placeholderData: keepPreviousData });

export function useAudit(params: AuditListParams) {
  return useQuery(auditQueryOptions(params));
}
