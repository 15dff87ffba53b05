import type { Schedule } from '@switchboard/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiList } from '../../../lib/api';

/** The tenant's schedules (business-hours calendars), for a widget's opening hours. */
export const getScheduleOptions = (signal?: AbortSignal) => apiList<Schedule>('/telephony/schedules', { page_size: 100 }, signal);

export const scheduleOptionsQueryOptions = () =>
  queryOptions({ queryKey: ['telephony', 'schedules', 'chat-options'] as const, queryFn: ({ signal }) => getScheduleOptions(signal), staleTime: 60_000 });

export function useScheduleOptions(enabled = true) {
  return useQuery({ ...scheduleOptionsQueryOptions(), enabled });
}
