import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateVoicemailBoxBody, VoicemailBox } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { voicemailKeys } from './keys';

export const createVoicemailBox = (body: CreateVoicemailBoxBody) => apiData<VoicemailBox>('/telephony/voicemail', { method: 'POST', json: body });

export function useCreateVoicemailBox() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createVoicemailBox, onSuccess: () => qc.invalidateQueries({ queryKey: voicemailKeys.all }) });
}
