import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Trunk } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { numbersKeys } from './keys';

/** Trunks a number may arrive on (first 100 by name). */
export const getTrunkOptions = (signal?: AbortSignal) => apiList<Trunk>('/telephony/trunks', { page: 1, page_size: 100 }, signal);

export const trunkOptionsQueryOptions = () =>
  queryOptions({ queryKey: numbersKeys.trunkOptions, queryFn: ({ signal }) => getTrunkOptions(signal), staleTime: 30_000 });

export function useTrunkOptions(enabled = true) {
  return useQuery({ ...trunkOptionsQueryOptions(), enabled });
}
