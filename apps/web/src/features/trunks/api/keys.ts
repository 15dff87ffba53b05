export interface TrunkListParams {
  q?: string;
  page: number;
  page_size: number;
}

/** Under `['telephony', 'trunks']`: the numbers page's trunk picker refreshes with it. */
export const trunksKeys = {
  all: ['telephony', 'trunks'] as const,
  list: (p: TrunkListParams) => ['telephony', 'trunks', 'list', p] as const,
  detail: (id: string) => ['telephony', 'trunks', 'detail', id] as const,
};
