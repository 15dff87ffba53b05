import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { schedulesKeys } from './keys';

export const deleteSchedule = (id: string) => apiRequest<void>(`/telephony/schedules/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteSchedule() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteSchedule, onSuccess: () => qc.invalidateQueries({ queryKey: schedulesKeys.all }) });
}
