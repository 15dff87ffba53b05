import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Queue } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { queuesKeys } from './keys';

export const getQueue = (id: string, signal?: AbortSignal) => apiData<Queue>(`/telephony/queues/${encodeURIComponent(id)}`, { signal });

export const queueQueryOptions = (id: string) => queryOptions({ queryKey: queuesKeys.detail(id), queryFn: ({ signal }) => getQueue(id, signal) });

export function useQueue(id: string, enabled = true) {
  return useQuery({ ...queueQueryOptions(id), enabled });
}
