import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Ticket } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';
import type { UpdateTicketInput } from './updateTicket';

/** One change for many tickets: fields, or tags added/removed (each ticket keeps its other tags). */
export interface BulkChange {
  fields?: Pick<UpdateTicketInput, 'assignee_id' | 'team_id' | 'status' | 'priority'>;
  add_tag_ids?: string[];
  remove_tag_ids?: string[];
}

export interface BulkOutcome {
  updated: number;
  failed: { ticket: Ticket; error: unknown }[];
}

/** Applies the change ticket by ticket (PATCH /tickets/:id), so one refusal (e.g. a closed ticket) does not stop the rest. */
export async function bulkUpdateTickets({ tickets, change }: { tickets: Ticket[]; change: BulkChange }): Promise<BulkOutcome> {
  const results = await Promise.allSettled(
    tickets.map((t) => {
      const body: UpdateTicketInput = { ...change.fields };
      if (change.add_tag_ids || change.remove_tag_ids) {
        const ids = new Set(t.tags.map((x) => x.id));
        for (const id of change.add_tag_ids ?? []) ids.add(id);
        for (const id of change.remove_tag_ids ?? []) ids.delete(id);
        body.tag_ids = [...ids];
      }
      return apiData<Ticket>(`/tickets/${encodeURIComponent(t.id)}`, { method: 'PATCH', json: body });
    }),
  );
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ ticket: tickets[i], error: r.reason }] : []));
  return { updated: results.length - failed.length, failed };
}

export function useBulkUpdateTickets() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: bulkUpdateTickets, onSettled: () => qc.invalidateQueries({ queryKey: ticketsKeys.all }) });
}
