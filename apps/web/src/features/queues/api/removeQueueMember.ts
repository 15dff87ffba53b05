import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { queuesKeys } from './keys';

export const removeQueueMember = ({ queueId, extensionId }: { queueId: string; extensionId: string }) =>
  apiRequest<void>(`/telephony/queues/${encodeURIComponent(queueId)}/members/${encodeURIComponent(extensionId)}`, { method: 'DELETE' });

export function useRemoveQueueMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: removeQueueMember,
    onSuccess: (_r, { queueId }) => {
      qc.invalidateQueries({ queryKey: queuesKeys.members(queueId) });
      qc.invalidateQueries({ queryKey: queuesKeys.all });
    },
  });
}
