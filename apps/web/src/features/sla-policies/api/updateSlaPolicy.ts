import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SlaPolicy, UpdateSlaPolicyBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { slaPoliciesKeys } from './keys';

export type UpdateSlaPolicyInput = z.output<typeof UpdateSlaPolicyBody>;

export const updateSlaPolicy = ({ id, body }: { id: string; body: UpdateSlaPolicyInput }) =>
  apiData<SlaPolicy>(`/helpdesk/sla-policies/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateSlaPolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateSlaPolicy,
    onSuccess: (saved) => {
      qc.setQueryData(slaPoliciesKeys.detail(saved.id), saved);
      // Making one the default changes the others.
      qc.invalidateQueries({ queryKey: slaPoliciesKeys.all });
    },
  });
}
