import { apiRequest } from '../../../lib/api';

/** Tells the visitor the agent is (or stopped) typing; fire and forget. */
export const sendChatTyping = (sessionId: string, typing: boolean) =>
  apiRequest<void>(`/chat/sessions/${sessionId}/typing`, { method: 'POST', json: { typing } }).catch(() => undefined);
