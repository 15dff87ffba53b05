import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { ticketsKeys } from './keys';

export const deleteTicketView = (id: string) => apiRequest<void>(`/ticket-views/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteTicketView() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteTicketView, onSuccess: () => qc.invalidateQueries({ queryKey: ticketsKeys.views }) });
}
