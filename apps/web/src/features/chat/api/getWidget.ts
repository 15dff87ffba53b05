import type { Widget } from '@switchboard/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import { chatKeys } from './keys';

export const getWidget = (id: string, signal?: AbortSignal) => apiData<Widget>(`/chat/widgets/${id}`, { signal });

export const widgetQueryOptions = (id: string) => queryOptions({ queryKey: chatKeys.widget(id), queryFn: ({ signal }) => getWidget(id, signal) });

export function useWidget(id: string, enabled = true) {
  return useQuery({ ...widgetQueryOptions(id), enabled });
}
