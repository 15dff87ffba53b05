import { useMutation } from '@tanstack/react-query';
import type { RegisterBody, TokenPair } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';

export type RegisterInput = z.output<typeof RegisterBody>;

export const register = (body: RegisterInput) => apiData<z.infer<typeof TokenPair>>('/auth/register', { method: 'POST', json: body, auth: false });

export function useRegister() {
  return useMutation({ mutationFn: register });
}
