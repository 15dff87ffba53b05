import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { IvrMenu } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type IvrListParams, ivrKeys } from './keys';

export const getIvrMenus = (params: IvrListParams, signal?: AbortSignal) => apiList<IvrMenu>('/telephony/ivr', { ...params }, signal);

export const ivrMenusQueryOptions = (params: IvrListParams) =>
  queryOptions({ queryKey: ivrKeys.list(params), queryFn: ({ signal }) => getIvrMenus(params, signal), placeholderData: keepPreviousData });

export function useIvrMenus(params: IvrListParams) {
  return useQuery(ivrMenusQueryOptions(params));
}

/** Every menu with its options (first 100), to draw where a menu's keys lead through other menus. */
export const ivrGraphQueryOptions = () =>
  queryOptions({ queryKey: ivrKeys.graph, queryFn: ({ signal }) => getIvrMenus({ page: 1, page_size: 100 }, signal).then((r) => r.data) });

export function useIvrGraph() {
  return useQuery(ivrGraphQueryOptions());
}
