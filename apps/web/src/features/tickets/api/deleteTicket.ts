import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { ticketsKeys } from './keys';

/** Moves the ticket to the trash (it can be restored). */
export const deleteTicket = (id: string) => apiRequest<void>(`/tickets/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteTicket() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteTicket, onSuccess: () => qc.invalidateQueries({ queryKey: ticketsKeys.all }) });
}
