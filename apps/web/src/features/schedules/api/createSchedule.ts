import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateScheduleBody, Schedule } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { schedulesKeys } from './keys';

export type CreateScheduleInput = z.input<typeof CreateScheduleBody>;

export const createSchedule = (body: CreateScheduleInput) => apiData<Schedule>('/telephony/schedules', { method: 'POST', json: body });

export function useCreateSchedule() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createSchedule, onSuccess: () => qc.invalidateQueries({ queryKey: schedulesKeys.all }) });
}
