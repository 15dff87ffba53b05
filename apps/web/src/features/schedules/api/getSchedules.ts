import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Schedule } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type ScheduleListParams, schedulesKeys } from './keys';

export const getSchedules = (params: ScheduleListParams, signal?: AbortSignal) => apiList<Schedule>('/telephony/schedules', { ...params }, signal);

export const schedulesQueryOptions = (params: ScheduleListParams) =>
  queryOptions({ queryKey: schedulesKeys.list(params), queryFn: ({ signal }) => getSchedules(params, signal), placeholderData: keepPreviousData });

export function useSchedules(params: ScheduleListParams) {
  return useQuery(schedulesQueryOptions(params));
}
