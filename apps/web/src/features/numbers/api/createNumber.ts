import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateNumberBody, PhoneNumber } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { numbersKeys } from './keys';

export type CreateNumberInput = z.input<typeof CreateNumberBody>;

export const createNumber = (body: CreateNumberInput) => apiData<PhoneNumber>('/telephony/numbers', { method: 'POST', json: body });

export function useCreateNumber() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createNumber, onSuccess: () => qc.invalidateQueries({ queryKey: numbersKeys.all }) });
}
