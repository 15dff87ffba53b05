import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTicketViewBody, TicketView } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

export type CreateTicketViewInput = z.input<typeof CreateTicketViewBody>;

export const createTicketView = (body: CreateTicketViewInput) => apiData<TicketView>('/ticket-views', { method: 'POST', json: body });

export function useCreateTicketView() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createTicketView, onSuccess: () => qc.invalidateQueries({ queryKey: ticketsKeys.views }) });
}
