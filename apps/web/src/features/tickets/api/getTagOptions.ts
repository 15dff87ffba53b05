import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Tag } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { ticketsKeys } from './keys';

/** Tags to pick from (first 100 by name), shared with contacts. */
export const getTagOptions = (signal?: AbortSignal) => apiList<Tag>('/tags', { page: 1, page_size: 100 }, signal);

export const tagOptionsQueryOptions = () =>
  queryOptions({ queryKey: ticketsKeys.tagOptions, queryFn: ({ signal }) => getTagOptions(signal), staleTime: 60_000 });

export function useTagOptions(enabled = true) {
  return useQuery({ ...tagOptionsQueryOptions(), enabled });
}
