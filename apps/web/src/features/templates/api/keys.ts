export interface TemplateListParams {
  kind?: 'ticket' | 'reply';
  q?: string;
  page: number;
  page_size: number;
}

/** Under `['helpdesk', 'templates']`: the ticket pages' template pickers refresh with it. */
export const templatesKeys = {
  all: ['helpdesk', 'templates'] as const,
  list: (p: TemplateListParams) => ['helpdesk', 'templates', 'list', p] as const,
};
