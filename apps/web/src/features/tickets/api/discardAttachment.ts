import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';

/** Removes an uploaded attachment that no message has sent yet. */
export const discardAttachment = ({ ticketId, attachmentId }: { ticketId: string; attachmentId: string }) =>
  apiRequest<void>(`/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(attachmentId)}`, { method: 'DELETE' });

export function useDiscardAttachment() {
  return useMutation({ mutationFn: discardAttachment });
}
