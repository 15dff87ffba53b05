import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AddQueueMemberBody, QueueMember } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { queuesKeys } from './keys';

export type AddQueueMemberInput = z.input<typeof AddQueueMemberBody>;

export const addQueueMember = ({ queueId, body }: { queueId: string; body: AddQueueMemberInput }) =>
  apiData<QueueMember>(`/telephony/queues/${encodeURIComponent(queueId)}/members`, { method: 'POST', json: body });

export function useAddQueueMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: addQueueMember,
    onSuccess: (_m, { queueId }) => {
      qc.invalidateQueries({ queryKey: queuesKeys.members(queueId) });
      // member_count on the list and detail.
      qc.invalidateQueries({ queryKey: queuesKeys.all });
    },
  });
}
