import { useMutation } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';

export const resetPassword = (body: { token: string; password: string }) =>
  apiData<{ ok: true }>('/auth/reset-password', { method: 'POST', json: body, auth: false });

export function useResetPassword() {
  return useMutation({ mutationFn: resetPassword });
}
