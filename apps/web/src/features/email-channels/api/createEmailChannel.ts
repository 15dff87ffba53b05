import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateEmailChannelBody, EmailChannelWithToken } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { emailChannelsKeys } from './keys';

export type CreateEmailChannelInput = z.output<typeof CreateEmailChannelBody>;
export type ChannelWithToken = z.infer<typeof EmailChannelWithToken>;

/** The answer carries the inbound token, shown this once. */
export const createEmailChannel = (body: CreateEmailChannelInput) => apiData<ChannelWithToken>('/helpdesk/email-channels', { method: 'POST', json: body });

export function useCreateEmailChannel() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createEmailChannel, onSuccess: () => qc.invalidateQueries({ queryKey: emailChannelsKeys.all }) });
}
