import { useMutation } from '@tanstack/react-query';
import type { EmailChannelTestResult } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';

export type ChannelTestResult = z.infer<typeof EmailChannelTestResult>;

/** Logs in to the IMAP server and opens the mailbox (nothing is read or changed). */
export const testEmailChannel = (id: string) => apiData<ChannelTestResult>(`/helpdesk/email-channels/${encodeURIComponent(id)}/test`, { method: 'POST' });

export function useTestEmailChannel() {
  return useMutation({ mutationFn: testEmailChannel });
}
