import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTicketMessageBody, TicketMessage } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

export type CreateMessageInput = z.input<typeof CreateTicketMessageBody>;

/** A public reply or an internal note. */
export const createMessage = ({ ticketId, body }: { ticketId: string; body: CreateMessageInput }) =>
  apiData<TicketMessage>(`/tickets/${encodeURIComponent(ticketId)}/messages`, { method: 'POST', json: body });

export function useCreateMessage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createMessage,
    onSuccess: (_m, { ticketId }) => {
      qc.invalidateQueries({ queryKey: ticketsKeys.messages(ticketId) });
      // Uploaded files now belong to the message.
      qc.invalidateQueries({ queryKey: ticketsKeys.attachments(ticketId) });
      // A first public reply sets first_response_at; any message bumps updated_at.
      qc.invalidateQueries({ queryKey: ticketsKeys.detail(ticketId) });
      qc.invalidateQueries({ queryKey: ticketsKeys.lists });
    },
  });
}
