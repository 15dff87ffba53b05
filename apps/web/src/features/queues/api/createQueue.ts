import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateQueueBody, Queue } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { queuesKeys } from './keys';

export const createQueue = (body: CreateQueueBody) => apiData<Queue>('/telephony/queues', { method: 'POST', json: body });

export function useCreateQueue() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createQueue, onSuccess: () => qc.invalidateQueries({ queryKey: queuesKeys.all }) });
}
