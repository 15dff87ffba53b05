import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Extension } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { queuesKeys } from './keys';

/** Extensions that may become members (first 100 by number). */
export const getExtensionOptions = (signal?: AbortSignal) => apiList<Extension>('/telephony/extensions', { page: 1, page_size: 100 }, signal);

export const extensionOptionsQueryOptions = () =>
  queryOptions({ queryKey: queuesKeys.extensionOptions, queryFn: ({ signal }) => getExtensionOptions(signal), staleTime: 30_000 });

export function useExtensionOptions(enabled = true) {
  return useQuery({ ...extensionOptionsQueryOptions(), enabled });
}
