import type { ChatAgent } from '@switchboard/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { agentKeys } from './keys';

export const getMyChatAgent = (signal?: AbortSignal) => apiData<ChatAgent>('/chat/agents/me', { signal });

export const myChatAgentQueryOptions = () => queryOptions({ queryKey: agentKeys.me, queryFn: ({ signal }) => getMyChatAgent(signal) });

export function useMyChatAgent(enabled = true) {
  return useQuery({ ...myChatAgentQueryOptions(), enabled });
}
