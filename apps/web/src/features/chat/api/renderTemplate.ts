import type { RenderTemplateBody } from '@switchboard/shared';
import { apiData } from '../../../lib/api';

export interface RenderedTemplate {
  subject: string | null;
  body: string;
  format: 'text' | 'html';
}

/** Fills a template's variables (visitor as requester, me as agent) on the server. */
export const renderTemplate = (id: string, body: RenderTemplateBody) =>
  apiData<RenderedTemplate>(`/helpdesk/templates/${id}/render`, { method: 'POST', json: body });
