import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Queue, UpdateQueueBody } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { queuesKeys } from './keys';

export const updateQueue = ({ id, body }: { id: string; body: UpdateQueueBody }) =>
  apiData<Queue>(`/telephony/queues/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateQueue() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateQueue,
    onSuccess: (saved) => {
      qc.setQueryData(queuesKeys.detail(saved.id), saved);
      qc.invalidateQueries({ queryKey: queuesKeys.all });
    },
  });
}
