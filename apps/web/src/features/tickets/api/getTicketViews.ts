import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TicketView } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

/** The signed-in user's saved views of the ticket list, by name. */
export const getTicketViews = (signal?: AbortSignal) => apiData<TicketView[]>('/ticket-views', { signal });

export const ticketViewsQueryOptions = () => queryOptions({ queryKey: ticketsKeys.views, queryFn: ({ signal }) => getTicketViews(signal), staleTime: 60_000 });

export function useTicketViews() {
  return useQuery(ticketViewsQueryOptions());
}
