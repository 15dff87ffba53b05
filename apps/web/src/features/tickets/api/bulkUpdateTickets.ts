import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BulkTicketChanges, BulkUpdateTicketsResult } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

export type BulkResult = z.infer<typeof BulkUpdateTicketsResult>;

/**
 * POST /tickets/bulk: one change for up to 100 tickets, all or nothing. A refusal (a ticket that
 * cannot take the status, an unknown reference) changes nothing and lists each ticket as `tickets.<id>`.
 */
export const bulkUpdateTickets = ({ ticketIds, changes }: { ticketIds: string[]; changes: BulkTicketChanges }) =>
  apiData<BulkResult>('/tickets/bulk', { method: 'POST', json: { ticket_ids: ticketIds, changes } });

export function useBulkUpdateTickets() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: bulkUpdateTickets, onSuccess: () => qc.invalidateQueries({ queryKey: ticketsKeys.all }) });
}
