import { useMutation } from '@tanstack/react-query';
import type { RenderedTemplate, RenderTemplateBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';

export type Rendered = z.infer<typeof RenderedTemplate>;

/** POST /helpdesk/templates/:id/render: the server fills the variables (HTML-escaping values for HTML bodies). */
export const renderTemplate = ({ templateId, values }: { templateId: string; values: RenderTemplateBody }) =>
  apiData<Rendered>(`/helpdesk/templates/${encodeURIComponent(templateId)}/render`, { method: 'POST', json: values });

export function useRenderTemplate() {
  return useMutation({ mutationFn: renderTemplate });
}
