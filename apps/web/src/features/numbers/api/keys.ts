export interface NumberListParams {
  q?: string;
  status?: string;
  page: number;
  page_size: number;
}

export const numbersKeys = {
  all: ['telephony', 'numbers'] as const,
  list: (p: NumberListParams) => ['telephony', 'numbers', 'list', p] as const,
  detail: (id: string) => ['telephony', 'numbers', 'detail', id] as const,
  route: (id: string, at: string) => ['telephony', 'numbers', 'route', id, at] as const,
  /** Under the schedules and trunks keys so that changes on their pages refresh the pickers here. */
  scheduleOptions: ['telephony', 'schedules', 'options'] as const,
  trunkOptions: ['telephony', 'trunks', 'options'] as const,
};
