export interface ContactListParams {
  q?: string;
  tag_id?: string;
  sort?: string;
  page: number;
  page_size: number;
}

export const contactsKeys = {
  all: ['contacts'] as const,
  list: (p: ContactListParams) => ['contacts', 'list', p] as const,
  /** Under `['tags']` so that changes on the Tags page refresh the pickers here. */
  tagOptions: ['tags', 'options'] as const,
};
