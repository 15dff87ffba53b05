import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Ticket } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { POLL_MS, ticketsKeys } from './keys';

export const getTicket = (id: string, signal?: AbortSignal) => apiData<Ticket>(`/tickets/${encodeURIComponent(id)}`, { signal });

export const ticketQueryOptions = (id: string) => queryOptions({ queryKey: ticketsKeys.detail(id), queryFn: ({ signal }) => getTicket(id, signal) });

export function useTicket(id: string) {
  return useQuery({ ...ticketQueryOptions(id), refetchInterval: POLL_MS });
}
