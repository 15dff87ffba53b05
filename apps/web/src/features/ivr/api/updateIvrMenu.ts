import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IvrMenu, UpdateIvrMenuBody } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { ivrKeys } from './keys';

/** `options` replaces the whole set. */
export const updateIvrMenu = ({ id, body }: { id: string; body: UpdateIvrMenuBody }) =>
  apiData<IvrMenu>(`/telephony/ivr/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateIvrMenu() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateIvrMenu,
    onSuccess: (saved) => {
      qc.setQueryData(ivrKeys.detail(saved.id), saved);
      qc.invalidateQueries({ queryKey: ivrKeys.all });
    },
  });
}
