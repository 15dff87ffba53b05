import { useMutation } from '@tanstack/react-query';
import type { LoginBody, TokenPair } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';

export type LoginInput = z.output<typeof LoginBody>;
export type Tokens = z.infer<typeof TokenPair>;

export const login = (body: LoginInput) => apiData<Tokens>('/auth/login', { method: 'POST', json: body, auth: false });

export function useLogin() {
  return useMutation({ mutationFn: login });
}
