import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TicketMessage, UpdateTicketMessageBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

export type UpdateMessageInput = z.input<typeof UpdateTicketMessageBody>;

/** Edits an internal note; the previous version goes to its history. */
export const updateMessage = ({ ticketId, messageId, body }: { ticketId: string; messageId: string; body: UpdateMessageInput }) =>
  apiData<TicketMessage>(`/tickets/${encodeURIComponent(ticketId)}/messages/${encodeURIComponent(messageId)}`, { method: 'PATCH', json: body });

export function useUpdateMessage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateMessage,
    onSuccess: (_m, { ticketId, messageId }) => {
      qc.invalidateQueries({ queryKey: ticketsKeys.messages(ticketId) });
      qc.invalidateQueries({ queryKey: ticketsKeys.history(ticketId, messageId) });
    },
  });
}
