import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PhoneNumber, UpdateNumberBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { numbersKeys } from './keys';

export type UpdateNumberInput = z.input<typeof UpdateNumberBody>;

export const updateNumber = ({ id, body }: { id: string; body: UpdateNumberInput }) =>
  apiData<PhoneNumber>(`/telephony/numbers/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateNumber() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateNumber,
    onSuccess: (saved) => {
      qc.setQueryData(numbersKeys.detail(saved.id), saved);
      qc.invalidateQueries({ queryKey: numbersKeys.all });
    },
  });
}
