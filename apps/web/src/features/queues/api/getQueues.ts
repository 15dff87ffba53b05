import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Queue } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type QueueListParams, queuesKeys } from './keys';

export const getQueues = (params: QueueListParams, signal?: AbortSignal) => apiList<Queue>('/telephony/queues', { ...params }, signal);

export const queuesQueryOptions = (params: QueueListParams) =>
  queryOptions({ queryKey: queuesKeys.list(params), queryFn: ({ signal }) => getQueues(params, signal), placeholderData: keepPreviousData });

export function useQueues(params: QueueListParams) {
  return useQuery(queuesQueryOptions(params));
}
