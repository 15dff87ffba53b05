import type { ChatAgent } from '@switchboard/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { agentKeys } from './keys';

export const getChatAgents = (params: { accepting?: 'true'; team_id?: string }, signal?: AbortSignal) =>
  apiData<ChatAgent[]>('/chat/agents', { query: params, signal });

export const chatAgentsQueryOptions = (params: { accepting?: 'true'; team_id?: string } = {}) =>
  queryOptions({ queryKey: agentKeys.list(params), queryFn: ({ signal }) => getChatAgents(params, signal) });

export function useChatAgents(params: { accepting?: 'true'; team_id?: string } = {}, enabled = true) {
  return useQuery({ ...chatAgentsQueryOptions(params), enabled });
}
