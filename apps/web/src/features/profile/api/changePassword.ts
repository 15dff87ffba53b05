import { useMutation } from '@tanstack/react-query';
import type { ChangePasswordBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';

export type ChangePasswordInput = z.output<typeof ChangePasswordBody>;

export const changePassword = (body: ChangePasswordInput) => apiData<{ ok: true }>('/auth/change-password', { method: 'POST', json: body });

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
