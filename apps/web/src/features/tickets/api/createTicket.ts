import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTicketBody, Ticket } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

export type CreateTicketInput = z.output<typeof CreateTicketBody>;

export const createTicket = (body: CreateTicketInput) => apiData<Ticket>('/tickets', { method: 'POST', json: body });

export function useCreateTicket() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createTicket, onSuccess: () => qc.invalidateQueries({ queryKey: ticketsKeys.lists }) });
}
