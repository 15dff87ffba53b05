import type { Ticket } from '@switchboard/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { chatKeys } from './keys';

export const chatToTicket = ({ sessionId, subject }: { sessionId: string; subject?: string }) =>
  apiData<Ticket>(`/chat/sessions/${sessionId}/ticket`, { method: 'POST', json: subject ? { subject } : {} });

export function useChatToTicket() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: chatToTicket, onSuccess: (_t, { sessionId }) => qc.invalidateQueries({ queryKey: chatKeys.session(sessionId) }) });
}
