import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { queuesKeys } from './keys';

export const deleteQueue = (id: string) => apiRequest<void>(`/telephony/queues/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteQueue() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteQueue, onSuccess: () => qc.invalidateQueries({ queryKey: queuesKeys.all }) });
}
