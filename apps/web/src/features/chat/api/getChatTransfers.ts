import type { ChatTransfer } from '@switchboard/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { chatKeys } from './keys';

/** My pending transfers: incoming (to me or my teams) or outgoing. */
export const getChatTransfers = (direction: 'incoming' | 'outgoing', signal?: AbortSignal) =>
  apiData<ChatTransfer[]>('/chat/transfers', { query: { direction, status: 'pending' }, signal });

export const chatTransfersQueryOptions = (direction: 'incoming' | 'outgoing') =>
  queryOptions({ queryKey: chatKeys.transfers(direction), queryFn: ({ signal }) => getChatTransfers(direction, signal) });

export function useChatTransfers(direction: 'incoming' | 'outgoing', enabled = true) {
  return useQuery({ ...chatTransfersQueryOptions(direction), enabled });
}
