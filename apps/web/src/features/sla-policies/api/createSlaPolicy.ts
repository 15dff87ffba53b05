import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateSlaPolicyBody, SlaPolicy } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { slaPoliciesKeys } from './keys';

export type CreateSlaPolicyInput = z.output<typeof CreateSlaPolicyBody>;

export const createSlaPolicy = (body: CreateSlaPolicyInput) => apiData<SlaPolicy>('/helpdesk/sla-policies', { method: 'POST', json: body });

export function useCreateSlaPolicy() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createSlaPolicy, onSuccess: () => qc.invalidateQueries({ queryKey: slaPoliciesKeys.all }) });
}
