import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Ticket } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { POLL_MS, type TicketListParams, ticketsKeys } from './keys';

export const getTickets = (params: TicketListParams, signal?: AbortSignal) => apiList<Ticket>('/tickets', { ...params }, signal);

export const ticketsQueryOptions = (params: TicketListParams) =>
  queryOptions({ queryKey: ticketsKeys.list(params), queryFn: ({ signal }) => getTickets(params, signal), placeholderData: keepPreviousData });

/** A page of tickets, refreshed every few seconds while shown (others work the same tickets). */
export function useTickets(params: TicketListParams, opts: { enabled?: boolean; poll?: boolean } = {}) {
  return useQuery({ ...ticketsQueryOptions(params), enabled: opts.enabled ?? true, refetchInterval: opts.poll === false ? false : POLL_MS });
}
