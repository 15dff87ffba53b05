import type { ChatSession } from '@switchboard/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { chatKeys } from './keys';

export const endChat = (sessionId: string) => apiData<ChatSession>(`/chat/sessions/${sessionId}/end`, { method: 'POST' });

export function useEndChat() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: endChat, onSuccess: () => qc.invalidateQueries({ queryKey: chatKeys.all }) });
}
