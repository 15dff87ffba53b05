import type { ChatOffer } from '@switchboard/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { chatKeys } from './keys';

/** Chats offered to me and waiting for my answer. */
export const getChatOffers = (signal?: AbortSignal) => apiData<ChatOffer[]>('/chat/offers', { signal });

export const chatOffersQueryOptions = () => queryOptions({ queryKey: chatKeys.offers, queryFn: ({ signal }) => getChatOffers(signal) });

export function useChatOffers(enabled = true) {
  return useQuery({ ...chatOffersQueryOptions(), enabled });
}
