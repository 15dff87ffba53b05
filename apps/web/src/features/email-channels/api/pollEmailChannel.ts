import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EmailPollResult } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { emailChannelsKeys } from './keys';

export type PollResult = z.infer<typeof EmailPollResult>;

/** Reads the mailbox now, as the poll job does. */
export const pollEmailChannel = (id: string) => apiData<PollResult>(`/helpdesk/email-channels/${encodeURIComponent(id)}/poll`, { method: 'POST' });

export function usePollEmailChannel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: pollEmailChannel,
    onSuccess: () => {
      // Last polled / last error, and tickets it may have created.
      qc.invalidateQueries({ queryKey: emailChannelsKeys.all });
      qc.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}
