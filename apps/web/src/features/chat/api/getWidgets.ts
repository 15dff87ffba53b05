import type { Widget } from '@switchboard/shared';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiList } from '../../../lib/api';
import { chatKeys, type WidgetListParams } from './keys';

export const getWidgets = (params: WidgetListParams, signal?: AbortSignal) => apiList<Widget>('/chat/widgets', { ...params }, signal);

export const widgetsQueryOptions = (params: WidgetListParams) =>
  queryOptions({ queryKey: chatKeys.widgetList(params), queryFn: ({ signal }) => getWidgets(params, signal), placeholderData: keepPreviousData });

export function useWidgets(params: WidgetListParams, enabled = true) {
  return useQuery({ ...widgetsQueryOptions(params), enabled });
}
