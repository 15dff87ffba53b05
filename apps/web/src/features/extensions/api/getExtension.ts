import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Extension } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { extensionsKeys } from './keys';

export const getExtension = (id: string, signal?: AbortSignal) => apiData<Extension>(`/telephony/extensions/${encodeURIComponent(id)}`, { signal });

export const extensionQueryOptions = (id: string) => queryOptions({ queryKey: extensionsKeys.detail(id), queryFn: ({ signal }) => getExtension(id, signal) });

/** With its registrations, refreshed every 15 s while shown. */
export function useExtension(id: string) {
  return useQuery({ ...extensionQueryOptions(id), refetchInterval: 15_000 });
}
