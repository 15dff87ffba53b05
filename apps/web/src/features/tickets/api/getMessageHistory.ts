import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketMessageRevision } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

export type MessageRevision = z.infer<typeof TicketMessageRevision>;

/** Earlier versions of an internal note, newest first. */
export const getMessageHistory = (ticketId: string, messageId: string, signal?: AbortSignal) =>
  apiData<MessageRevision[]>(`/tickets/${encodeURIComponent(ticketId)}/messages/${encodeURIComponent(messageId)}/history`, { signal });

export const messageHistoryQueryOptions = (ticketId: string, messageId: string) =>
  queryOptions({ queryKey: ticketsKeys.history(ticketId, messageId), queryFn: ({ signal }) => getMessageHistory(ticketId, messageId, signal) });

export function useMessageHistory(ticketId: string, messageId: string, enabled = true) {
  return useQuery({ ...messageHistoryQueryOptions(ticketId, messageId), enabled });
}
