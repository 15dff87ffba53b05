import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketAttachment } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

/** Every attachment of a ticket, oldest first, including uploads no message has sent yet. */
export const getAttachments = (ticketId: string, signal?: AbortSignal) =>
  apiData<TicketAttachment[]>(`/tickets/${encodeURIComponent(ticketId)}/attachments`, { signal });

export const attachmentsQueryOptions = (ticketId: string) =>
  queryOptions({ queryKey: [...ticketsKeys.attachments(ticketId), 'list'] as const, queryFn: ({ signal }) => getAttachments(ticketId, signal) });

export function useAttachments(ticketId: string, enabled = true) {
  return useQuery({ ...attachmentsQueryOptions(ticketId), enabled });
}
