import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Extension } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type ExtensionListParams, extensionsKeys } from './keys';

export const getExtensions = (params: ExtensionListParams, signal?: AbortSignal) => apiList<Extension>('/telephony/extensions', { ...params }, signal);

export const extensionsQueryOptions = (params: ExtensionListParams) =>
  queryOptions({ queryKey: extensionsKeys.list(params), queryFn: ({ signal }) => getExtensions(params, signal), placeholderData: keepPreviousData });

/** Registration state changes without us: refreshed every 30 s while the page is open. */
export function useExtensions(params: ExtensionListParams) {
  return useQuery({ ...extensionsQueryOptions(params), refetchInterval: 30_000 });
}
