import { queryOptions, useQuery } from '@tanstack/react-query';
import type { QueueMember } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { queuesKeys } from './keys';

/** Members, lowest penalty (rung first) first. */
export const getQueueMembers = (id: string, signal?: AbortSignal) => apiData<QueueMember[]>(`/telephony/queues/${encodeURIComponent(id)}/members`, { signal });

export const queueMembersQueryOptions = (id: string) =>
  queryOptions({ queryKey: queuesKeys.members(id), queryFn: ({ signal }) => getQueueMembers(id, signal) });

export function useQueueMembers(id: string) {
  return useQuery(queueMembersQueryOptions(id));
}
