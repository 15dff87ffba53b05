import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { chatKeys } from './keys';

export const deleteWidget = (id: string) => apiRequest<void>(`/chat/widgets/${id}`, { method: 'DELETE' });

export function useDeleteWidget() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteWidget, onSuccess: () => qc.invalidateQueries({ queryKey: chatKeys.widgets }) });
}
