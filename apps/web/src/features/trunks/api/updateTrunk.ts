import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Trunk, UpdateTrunkBody } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { trunksKeys } from './keys';

/** Secrets left out of the body are kept. */
export const updateTrunk = ({ id, body }: { id: string; body: UpdateTrunkBody }) =>
  apiData<Trunk>(`/telephony/trunks/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateTrunk() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateTrunk,
    onSuccess: (saved) => {
      qc.setQueryData(trunksKeys.detail(saved.id), saved);
      qc.invalidateQueries({ queryKey: trunksKeys.all });
    },
  });
}
