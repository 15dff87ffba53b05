import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { trunksKeys } from './keys';

export const deleteTrunk = (id: string) => apiRequest<void>(`/telephony/trunks/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteTrunk() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteTrunk, onSuccess: () => qc.invalidateQueries({ queryKey: trunksKeys.all }) });
}
