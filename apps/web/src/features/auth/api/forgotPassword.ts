import { useMutation } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';

export const forgotPassword = (body: { email: string }) => apiData<{ ok: true }>('/auth/forgot-password', { method: 'POST', json: body, auth: false });

export function useForgotPassword() {
  return useMutation({ mutationFn: forgotPassword });
}
