import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EmailChannel, UpdateEmailChannelBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { emailChannelsKeys } from './keys';

export type UpdateEmailChannelInput = z.output<typeof UpdateEmailChannelBody>;

/** An omitted `imap_password` keeps the stored one; null clears it. */
export const updateEmailChannel = ({ id, body }: { id: string; body: UpdateEmailChannelInput }) =>
  apiData<EmailChannel>(`/helpdesk/email-channels/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateEmailChannel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateEmailChannel,
    onSuccess: (saved) => {
      qc.setQueryData(emailChannelsKeys.detail(saved.id), saved);
      qc.invalidateQueries({ queryKey: emailChannelsKeys.all });
    },
  });
}
