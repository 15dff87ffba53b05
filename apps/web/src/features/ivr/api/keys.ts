export interface IvrListParams {
  q?: string;
  page: number;
  page_size: number;
}

/** Under `['telephony', 'ivr']`: the destination pickers refresh with it. */
export const ivrKeys = {
  all: ['telephony', 'ivr'] as const,
  list: (p: IvrListParams) => ['telephony', 'ivr', 'list', p] as const,
  detail: (id: string) => ['telephony', 'ivr', 'detail', id] as const,
  graph: ['telephony', 'ivr', 'graph'] as const,
};
