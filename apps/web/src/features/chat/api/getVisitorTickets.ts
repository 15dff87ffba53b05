import type { Ticket } from '@switchboard/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiList } from '../../../lib/api';

/** The visitor's tickets (by their contact), newest first. */
export const getVisitorTickets = (contactId: string, signal?: AbortSignal) =>
  apiList<Ticket>('/tickets', { requester_id: contactId, page_size: 10, sort: '-created_at' }, signal);

// Under `ticket…`: ticket.* events refresh it.
export const visitorTicketsQueryOptions = (contactId: string) =>
  queryOptions({ queryKey: ['tickets', 'by-requester', contactId] as const, queryFn: ({ signal }) => getVisitorTickets(contactId, signal) });

export function useVisitorTickets(contactId: string | null, enabled = true) {
  return useQuery({ ...visitorTicketsQueryOptions(contactId ?? ''), enabled: enabled && Boolean(contactId) });
}
