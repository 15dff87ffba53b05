import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { VoicemailBox } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type VoicemailListParams, voicemailKeys } from './keys';

export const getVoicemailBoxes = (params: VoicemailListParams, signal?: AbortSignal) => apiList<VoicemailBox>('/telephony/voicemail', { ...params }, signal);

export const voicemailBoxesQueryOptions = (params: VoicemailListParams) =>
  queryOptions({ queryKey: voicemailKeys.list(params), queryFn: ({ signal }) => getVoicemailBoxes(params, signal), placeholderData: keepPreviousData });

export function useVoicemailBoxes(params: VoicemailListParams) {
  return useQuery(voicemailBoxesQueryOptions(params));
}
