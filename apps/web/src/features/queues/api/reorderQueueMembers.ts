import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { QueueMember } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { queuesKeys } from './keys';

/** PUT the whole order: the first extension gets penalty 0, the next 1, … */
export const reorderQueueMembers = ({ queueId, extensionIds }: { queueId: string; extensionIds: string[] }) =>
  apiData<QueueMember[]>(`/telephony/queues/${encodeURIComponent(queueId)}/members/order`, { method: 'PUT', json: { extension_ids: extensionIds } });

/** Shows the new order at once and rolls back if the server refuses it. */
export function useReorderQueueMembers() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: reorderQueueMembers,
    onMutate: async ({ queueId, extensionIds }) => {
      const key = queuesKeys.members(queueId);
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData<QueueMember[]>(key);
      if (before) {
        const byId = new Map(before.map((m) => [m.extension_id, m]));
        const next = extensionIds.flatMap((id, penalty) => {
          const m = byId.get(id);
          return m ? [{ ...m, penalty }] : [];
        });
        qc.setQueryData(key, next);
      }
      return { before };
    },
    onError: (_e, { queueId }, ctx) => {
      if (ctx?.before) qc.setQueryData(queuesKeys.members(queueId), ctx.before);
    },
    onSettled: (_d, _e, { queueId }) => qc.invalidateQueries({ queryKey: queuesKeys.members(queueId) }),
  });
}
