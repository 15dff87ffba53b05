import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import type { ChannelWithToken } from './createEmailChannel';
import { emailChannelsKeys } from './keys';

/** A new inbound token (the old one stops working), shown this once. */
export const rotateInboundToken = (id: string) =>
  apiData<ChannelWithToken>(`/helpdesk/email-channels/${encodeURIComponent(id)}/rotate-token`, { method: 'POST' });

export function useRotateInboundToken() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: rotateInboundToken, onSuccess: () => qc.invalidateQueries({ queryKey: emailChannelsKeys.all }) });
}
