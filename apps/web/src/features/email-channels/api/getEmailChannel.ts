import { queryOptions, useQuery } from '@tanstack/react-query';
import type { EmailChannel } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { emailChannelsKeys } from './keys';

export const getEmailChannel = (id: string, signal?: AbortSignal) => apiData<EmailChannel>(`/helpdesk/email-channels/${encodeURIComponent(id)}`, { signal });

export const emailChannelQueryOptions = (id: string) =>
  queryOptions({ queryKey: emailChannelsKeys.detail(id), queryFn: ({ signal }) => getEmailChannel(id, signal) });

export function useEmailChannel(id: string, enabled = true) {
  return useQuery({ ...emailChannelQueryOptions(id), enabled });
}
