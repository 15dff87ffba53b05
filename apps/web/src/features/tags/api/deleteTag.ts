import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { tagsKeys } from './keys';

export const deleteTag = (id: string) => apiRequest<void>(`/tags/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteTag() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: deleteTag,
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: tagsKeys.all });
      qc.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
}
