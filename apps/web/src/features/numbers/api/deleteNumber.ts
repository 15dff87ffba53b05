import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { numbersKeys } from './keys';

export const deleteNumber = (id: string) => apiRequest<void>(`/telephony/numbers/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteNumber() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteNumber, onSuccess: () => qc.invalidateQueries({ queryKey: numbersKeys.all }) });
}
