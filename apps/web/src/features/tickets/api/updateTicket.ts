import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Ticket, UpdateTicketBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

export type UpdateTicketInput = z.output<typeof UpdateTicketBody>;

/** PATCH /tickets/:id: fields, assignment, tags, or a status along the allowed transitions (409 otherwise). */
export const updateTicket = ({ id, body }: { id: string; body: UpdateTicketInput }) =>
  apiData<Ticket>(`/tickets/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateTicket() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateTicket,
    onSuccess: (saved) => {
      qc.setQueryData(ticketsKeys.detail(saved.id), saved);
      qc.invalidateQueries({ queryKey: ticketsKeys.lists });
    },
  });
}
