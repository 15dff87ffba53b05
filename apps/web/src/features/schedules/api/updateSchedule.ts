import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Schedule, UpdateScheduleBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { schedulesKeys } from './keys';

export type UpdateScheduleInput = z.input<typeof UpdateScheduleBody>;

export const updateSchedule = ({ id, body }: { id: string; body: UpdateScheduleInput }) =>
  apiData<Schedule>(`/telephony/schedules/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateSchedule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateSchedule,
    onSuccess: (saved) => {
      qc.setQueryData(schedulesKeys.detail(saved.id), saved);
      qc.invalidateQueries({ queryKey: schedulesKeys.all });
      // Numbers routed on it answer differently now.
      qc.invalidateQueries({ queryKey: ['telephony', 'numbers'] });
    },
  });
}
