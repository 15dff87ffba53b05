import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Trunk } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type TrunkListParams, trunksKeys } from './keys';

export const getTrunks = (params: TrunkListParams, signal?: AbortSignal) => apiList<Trunk>('/telephony/trunks', { ...params }, signal);

export const trunksQueryOptions = (params: TrunkListParams) =>
  queryOptions({ queryKey: trunksKeys.list(params), queryFn: ({ signal }) => getTrunks(params, signal), placeholderData: keepPreviousData });

/** The live status changes without us: refreshed every 30 s while the page is open. */
export function useTrunks(params: TrunkListParams) {
  return useQuery({ ...trunksQueryOptions(params), refetchInterval: 30_000 });
}
