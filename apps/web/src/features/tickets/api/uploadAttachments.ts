import { useMutation } from '@tanstack/react-query';
import type { TicketAttachment } from '@switchboard/shared';
import { apiData } from '../../../lib/api';

/**
 * POST /tickets/:id/attachments as multipart/form-data (the browser sets the boundary). The files wait
 * on the ticket until a message sends them with `attachment_ids`. 413/415 say which file and why.
 */
export const uploadAttachments = ({ ticketId, files }: { ticketId: string; files: File[] }) => {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  return apiData<TicketAttachment[]>(`/tickets/${encodeURIComponent(ticketId)}/attachments`, { method: 'POST', body: form });
};

export function useUploadAttachments() {
  return useMutation({ mutationFn: uploadAttachments });
}
