import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTemplateBody, Template } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { templatesKeys } from './keys';

export type CreateTemplateInput = z.output<typeof CreateTemplateBody>;

export const createTemplate = (body: CreateTemplateInput) => apiData<Template>('/helpdesk/templates', { method: 'POST', json: body });

export function useCreateTemplate() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createTemplate, onSuccess: () => qc.invalidateQueries({ queryKey: templatesKeys.all }) });
}
