import { useMutation } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';

/** Emails the user a link to choose a new password. */
export const resetUserPassword = (id: string) => apiData<{ ok: true }>(`/users/${encodeURIComponent(id)}/reset-password`, { method: 'POST', json: {} });

export function useResetUserPassword() {
  return useMutation({ mutationFn: resetUserPassword });
}
