import type { ChatMessage, ChatSessionDetail } from '@switchboard/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { chatKeys } from './keys';

export interface SendChatMessageInput {
  sessionId: string;
  body: string;
  /** Idempotency key: a retried send is stored once. */
  client_id: string;
}

export const sendChatMessage = ({ sessionId, body, client_id }: SendChatMessageInput) =>
  apiData<ChatMessage>(`/chat/sessions/${sessionId}/messages`, { method: 'POST', json: { body, client_id } });

export function useSendChatMessage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: sendChatMessage,
    // Show the stored message at once; the chat.message.created event refreshes the rest.
    onSuccess: (message, { sessionId }) =>
      qc.setQueryData<ChatSessionDetail>(chatKeys.session(sessionId), (old) =>
        old && !old.messages.some((m) => m.seq === message.seq)
          ? { ...old, last_seq: Math.max(old.last_seq, message.seq), messages: [...old.messages, message] }
          : old,
      ),
  });
}
