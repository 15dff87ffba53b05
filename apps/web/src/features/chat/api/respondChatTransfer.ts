import type { ChatTransfer } from '@switchboard/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { agentKeys, chatKeys } from './keys';

/** Accept (the chat and its history move to me), reject, or cancel (sender) a transfer. */
export const respondChatTransfer = ({ transferId, answer }: { transferId: string; answer: 'accept' | 'reject' | 'cancel' }) =>
  apiData<ChatTransfer>(`/chat/transfers/${transferId}/${answer}`, { method: 'POST' });

export function useRespondChatTransfer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: respondChatTransfer,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: chatKeys.all });
      void qc.invalidateQueries({ queryKey: agentKeys.me });
    },
  });
}
