import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { QueueMember, UpdateQueueMemberBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { queuesKeys } from './keys';

export type UpdateQueueMemberInput = z.input<typeof UpdateQueueMemberBody>;

/** Penalty, pause (with a reason) or unpause. */
export const updateQueueMember = ({ queueId, extensionId, body }: { queueId: string; extensionId: string; body: UpdateQueueMemberInput }) =>
  apiData<QueueMember>(`/telephony/queues/${encodeURIComponent(queueId)}/members/${encodeURIComponent(extensionId)}`, { method: 'PATCH', json: body });

export function useUpdateQueueMember() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: updateQueueMember, onSuccess: (_m, { queueId }) => qc.invalidateQueries({ queryKey: queuesKeys.members(queueId) }) });
}
