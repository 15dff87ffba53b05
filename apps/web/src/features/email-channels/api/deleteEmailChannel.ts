import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { emailChannelsKeys } from './keys';

export const deleteEmailChannel = (id: string) => apiRequest<void>(`/helpdesk/email-channels/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteEmailChannel() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteEmailChannel, onSuccess: () => qc.invalidateQueries({ queryKey: emailChannelsKeys.all }) });
}
