import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Schedule } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { schedulesKeys } from './keys';

export const getSchedule = (id: string, signal?: AbortSignal) => apiData<Schedule>(`/telephony/schedules/${encodeURIComponent(id)}`, { signal });

export const scheduleQueryOptions = (id: string) => queryOptions({ queryKey: schedulesKeys.detail(id), queryFn: ({ signal }) => getSchedule(id, signal) });

export function useSchedule(id: string, enabled = true) {
  return useQuery({ ...scheduleQueryOptions(id), enabled });
}
