import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Trunk } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { trunksKeys } from './keys';

export const getTrunk = (id: string, signal?: AbortSignal) => apiData<Trunk>(`/telephony/trunks/${encodeURIComponent(id)}`, { signal });

export const trunkQueryOptions = (id: string) => queryOptions({ queryKey: trunksKeys.detail(id), queryFn: ({ signal }) => getTrunk(id, signal) });

export function useTrunk(id: string, enabled = true) {
  return useQuery({ ...trunkQueryOptions(id), enabled });
}
