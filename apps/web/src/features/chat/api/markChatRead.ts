import type { ChatSession } from '@switchboard/shared';
import { apiData } from '../../../lib/api';

/** The agent has read the chat up to `seq` (the visitor sees a read receipt). */
export const markChatRead = (sessionId: string, seq: number) => apiData<ChatSession>(`/chat/sessions/${sessionId}/read`, { method: 'POST', json: { seq } });
