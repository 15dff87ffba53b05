import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Template, UpdateTemplateBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { templatesKeys } from './keys';

export type UpdateTemplateInput = z.output<typeof UpdateTemplateBody>;

export const updateTemplate = ({ id, body }: { id: string; body: UpdateTemplateInput }) =>
  apiData<Template>(`/helpdesk/templates/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateTemplate() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: updateTemplate, onSuccess: () => qc.invalidateQueries({ queryKey: templatesKeys.all }) });
}
