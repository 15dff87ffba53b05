import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Ticket } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

export const restoreTicket = (id: string) => apiData<Ticket>(`/tickets/${encodeURIComponent(id)}/restore`, { method: 'POST' });

export function useRestoreTicket() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: restoreTicket, onSuccess: () => qc.invalidateQueries({ queryKey: ticketsKeys.all }) });
}
