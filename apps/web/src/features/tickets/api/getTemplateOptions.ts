import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Template } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { ticketsKeys } from './keys';

/** Templates of one kind to pick from (first 100 by name): `reply` = canned responses, `ticket` = new tickets. */
export const getTemplateOptions = (kind: 'ticket' | 'reply', signal?: AbortSignal) =>
  apiList<Template>('/helpdesk/templates', { kind, page: 1, page_size: 100 }, signal);

export const templateOptionsQueryOptions = (kind: 'ticket' | 'reply') =>
  queryOptions({ queryKey: ticketsKeys.templateOptions(kind), queryFn: ({ signal }) => getTemplateOptions(kind, signal), staleTime: 60_000 });

export function useTemplateOptions(kind: 'ticket' | 'reply', enabled = true) {
  return useQuery({ ...templateOptionsQueryOptions(kind), enabled });
}
