import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketMessage } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { POLL_MS, ticketsKeys } from './keys';

/** The thread, oldest first. */
export const getMessages = (ticketId: string, signal?: AbortSignal) =>
  apiData<TicketMessage[]>(`/tickets/${encodeURIComponent(ticketId)}/messages`, { signal });

export const messagesQueryOptions = (ticketId: string) =>
  queryOptions({ queryKey: ticketsKeys.messages(ticketId), queryFn: ({ signal }) => getMessages(ticketId, signal) });

export function useMessages(ticketId: string) {
  return useQuery({ ...messagesQueryOptions(ticketId), refetchInterval: POLL_MS });
}
