import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Schedule } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { slaPoliciesKeys } from './keys';

/** Business-hours calendars (telephony schedules, first 100 by name), with their hours for a summary. */
export const getScheduleOptions = (signal?: AbortSignal) => apiList<Schedule>('/telephony/schedules', { page: 1, page_size: 100 }, signal);

export const scheduleOptionsQueryOptions = () =>
  queryOptions({ queryKey: slaPoliciesKeys.scheduleOptions, queryFn: ({ signal }) => getScheduleOptions(signal), staleTime: 30_000 });

export function useScheduleOptions(enabled = true) {
  return useQuery({ ...scheduleOptionsQueryOptions(), enabled });
}
