import type { Template } from '@switchboard/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiList } from '../../../lib/api';

/** Canned responses: the helpdesk's reply templates (first 100, by name). */
export const getReplyTemplates = (signal?: AbortSignal) => apiList<Template>('/helpdesk/templates', { kind: 'reply', page_size: 100 }, signal);

// Under `helpdesk…`: edits on the templates page refresh this list.
export const replyTemplatesQueryOptions = () =>
  queryOptions({ queryKey: ['helpdesk', 'templates', 'chat-replies'] as const, queryFn: ({ signal }) => getReplyTemplates(signal), staleTime: 60_000 });

export function useReplyTemplates(enabled = true) {
  return useQuery({ ...replyTemplatesQueryOptions(), enabled });
}
