import type { ChatAgent, UpdateMyChatAgentBody } from '@switchboard/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { agentKeys, chatKeys } from './keys';

export const updateMyChatAgent = (body: UpdateMyChatAgentBody) => apiData<ChatAgent>('/chat/agents/me', { method: 'PATCH', json: body });

export function useUpdateMyChatAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateMyChatAgent,
    onSuccess: (agent) => {
      qc.setQueryData(agentKeys.me, agent);
      // Going online may hand over queued chats at once.
      void qc.invalidateQueries({ queryKey: chatKeys.all });
    },
  });
}
