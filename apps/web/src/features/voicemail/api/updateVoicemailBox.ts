import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UpdateVoicemailBoxBody, VoicemailBox } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { voicemailKeys } from './keys';

export const updateVoicemailBox = ({ id, body }: { id: string; body: UpdateVoicemailBoxBody }) =>
  apiData<VoicemailBox>(`/telephony/voicemail/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateVoicemailBox() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: updateVoicemailBox, onSuccess: () => qc.invalidateQueries({ queryKey: voicemailKeys.all }) });
}
