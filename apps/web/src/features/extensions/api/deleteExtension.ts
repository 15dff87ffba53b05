import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { extensionsKeys } from './keys';

export const deleteExtension = (id: string) => apiRequest<void>(`/telephony/extensions/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteExtension() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: deleteExtension,
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: extensionsKeys.all });
      // It left its queues.
      qc.invalidateQueries({ queryKey: ['telephony', 'queues'] });
    },
  });
}
