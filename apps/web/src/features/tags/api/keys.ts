export interface TagListParams {
  q?: string;
  page: number;
  page_size: number;
}

/** `['tags']` is shared by convention: other features' tag pickers live under it and refresh with it. */
export const tagsKeys = {
  all: ['tags'] as const,
  list: (p: TagListParams) => ['tags', 'list', p] as const,
};
