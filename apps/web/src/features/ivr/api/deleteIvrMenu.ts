import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { ivrKeys } from './keys';

export const deleteIvrMenu = (id: string) => apiRequest<void>(`/telephony/ivr/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteIvrMenu() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteIvrMenu, onSuccess: () => qc.invalidateQueries({ queryKey: ivrKeys.all }) });
}
