import type { ChatSessionDetail } from '@switchboard/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { chatKeys } from './keys';

export const getChatSession = (id: string, signal?: AbortSignal) => apiData<ChatSessionDetail>(`/chat/sessions/${id}`, { signal });

export const chatSessionQueryOptions = (id: string) => queryOptions({ queryKey: chatKeys.session(id), queryFn: ({ signal }) => getChatSession(id, signal) });

/** A chat with its messages; `pollMs` keeps a short-lived view (an offer card) fresh besides the events. */
export function useChatSession(id: string | undefined, opts: { pollMs?: number } = {}) {
  return useQuery({ ...chatSessionQueryOptions(id ?? ''), enabled: Boolean(id), refetchInterval: opts.pollMs ?? false });
}
