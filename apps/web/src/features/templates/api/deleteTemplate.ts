import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { templatesKeys } from './keys';

export const deleteTemplate = (id: string) => apiRequest<void>(`/helpdesk/templates/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteTemplate() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteTemplate, onSuccess: () => qc.invalidateQueries({ queryKey: templatesKeys.all }) });
}
