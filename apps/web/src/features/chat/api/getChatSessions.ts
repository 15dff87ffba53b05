import type { ChatSession } from '@switchboard/shared';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiList } from '../../../lib/api';
import { type ChatSessionListParams, chatKeys } from './keys';

export const getChatSessions = (params: ChatSessionListParams, signal?: AbortSignal) => apiList<ChatSession>('/chat/sessions', { ...params }, signal);

export const chatSessionsQueryOptions = (params: ChatSessionListParams) =>
  queryOptions({ queryKey: chatKeys.sessions(params), queryFn: ({ signal }) => getChatSessions(params, signal), placeholderData: keepPreviousData });

export function useChatSessions(params: ChatSessionListParams, enabled = true) {
  return useQuery({ ...chatSessionsQueryOptions(params), enabled });
}
