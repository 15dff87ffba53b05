import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketCc } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

/** Who is copied on the ticket's emails. */
export const getCcs = (ticketId: string, signal?: AbortSignal) => apiData<TicketCc[]>(`/tickets/${encodeURIComponent(ticketId)}/ccs`, { signal });

export const ccsQueryOptions = (ticketId: string) => queryOptions({ queryKey: ticketsKeys.ccs(ticketId), queryFn: ({ signal }) => getCcs(ticketId, signal) });

export function useCcs(ticketId: string) {
  return useQuery(ccsQueryOptions(ticketId));
}
