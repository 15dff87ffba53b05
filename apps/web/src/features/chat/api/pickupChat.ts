import type { RoutedChatSession } from '@switchboard/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { chatKeys } from './keys';

/** Take a waiting chat from the queue (409 when someone else got it first). */
export const pickupChat = (sessionId: string) => apiData<RoutedChatSession>(`/chat/sessions/${sessionId}/pickup`, { method: 'POST' });

export function usePickupChat() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: pickupChat, onSettled: () => qc.invalidateQueries({ queryKey: chatKeys.all }) });
}
