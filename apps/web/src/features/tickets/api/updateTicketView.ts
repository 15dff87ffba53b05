import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TicketView, UpdateTicketViewBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

export type UpdateTicketViewInput = z.input<typeof UpdateTicketViewBody>;

/** Rename, or replace the filters (whole) and sort. */
export const updateTicketView = ({ id, body }: { id: string; body: UpdateTicketViewInput }) =>
  apiData<TicketView>(`/ticket-views/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateTicketView() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: updateTicketView, onSuccess: () => qc.invalidateQueries({ queryKey: ticketsKeys.views }) });
}
