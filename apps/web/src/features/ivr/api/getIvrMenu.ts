import { queryOptions, useQuery } from '@tanstack/react-query';
import type { IvrMenu } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { ivrKeys } from './keys';

export const getIvrMenu = (id: string, signal?: AbortSignal) => apiData<IvrMenu>(`/telephony/ivr/${encodeURIComponent(id)}`, { signal });

export const ivrMenuQueryOptions = (id: string) => queryOptions({ queryKey: ivrKeys.detail(id), queryFn: ({ signal }) => getIvrMenu(id, signal) });

export function useIvrMenu(id: string, enabled = true) {
  return useQuery({ ...ivrMenuQueryOptions(id), enabled });
}
