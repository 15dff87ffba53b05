import type { ChatMessage } from '@switchboard/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { chatKeys } from './keys';

/** Sends a file as an agent message of the chat (multipart). */
export const uploadChatFile = ({ sessionId, file, client_id }: { sessionId: string; file: File; client_id: string }) => {
  const form = new FormData();
  form.append('client_id', client_id);
  form.append('file', file, file.name);
  return apiData<ChatMessage>(`/chat/sessions/${sessionId}/files`, { method: 'POST', body: form });
};

export function useUploadChatFile() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: uploadChatFile, onSuccess: (_m, { sessionId }) => qc.invalidateQueries({ queryKey: chatKeys.session(sessionId) }) });
}
