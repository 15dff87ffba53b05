import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { slaPoliciesKeys } from './keys';

export const deleteSlaPolicy = (id: string) => apiRequest<void>(`/helpdesk/sla-policies/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteSlaPolicy() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteSlaPolicy, onSuccess: () => qc.invalidateQueries({ queryKey: slaPoliciesKeys.all }) });
}
