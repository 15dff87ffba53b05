import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Tag } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type TagListParams, tagsKeys } from './keys';

export const getTags = (params: TagListParams, signal?: AbortSignal) => apiList<Tag>('/tags', { ...params }, signal);

export const tagsQueryOptions = (params: TagListParams) =>
  queryOptions({ queryKey: tagsKeys.list(params), queryFn: ({ signal }) => getTags(params, signal), placeholderData: keepPreviousData });

export function useTags(params: TagListParams) {
  return useQuery(tagsQueryOptions(params));
}
