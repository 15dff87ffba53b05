import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTrunkBody, Trunk } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { trunksKeys } from './keys';

export const createTrunk = (body: CreateTrunkBody) => apiData<Trunk>('/telephony/trunks', { method: 'POST', json: body });

export function useCreateTrunk() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createTrunk, onSuccess: () => qc.invalidateQueries({ queryKey: trunksKeys.all }) });
}
