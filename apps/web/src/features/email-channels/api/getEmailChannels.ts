import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { EmailChannel } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type EmailChannelListParams, emailChannelsKeys } from './keys';

export const getEmailChannels = (params: EmailChannelListParams, signal?: AbortSignal) =>
  apiList<EmailChannel>('/helpdesk/email-channels', { ...params }, signal);

export const emailChannelsQueryOptions = (params: EmailChannelListParams) =>
  queryOptions({ queryKey: emailChannelsKeys.list(params), queryFn: ({ signal }) => getEmailChannels(params, signal), placeholderData: keepPreviousData });

export function useEmailChannels(params: EmailChannelListParams) {
  return useQuery(emailChannelsQueryOptions(params));
}
