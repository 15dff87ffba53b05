import type { ChatTransfer, CreateChatTransferBody } from '@switchboard/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { chatKeys } from './keys';

export const createChatTransfer = ({ sessionId, body }: { sessionId: string; body: CreateChatTransferBody }) =>
  apiData<ChatTransfer>(`/chat/sessions/${sessionId}/transfers`, { method: 'POST', json: body });

export function useCreateChatTransfer() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createChatTransfer, onSuccess: () => qc.invalidateQueries({ queryKey: chatKeys.all }) });
}
