import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { voicemailKeys } from './keys';

export const deleteVoicemailBox = (id: string) => apiRequest<void>(`/telephony/voicemail/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteVoicemailBox() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: deleteVoicemailBox,
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: voicemailKeys.all });
      // Extensions that used it now have none.
      qc.invalidateQueries({ queryKey: ['telephony', 'extensions'] });
    },
  });
}
