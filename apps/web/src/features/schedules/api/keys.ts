export interface ScheduleListParams {
  q?: string;
  page: number;
  page_size: number;
}

/** Under `['telephony', 'schedules']`: pickers of other pages (numbers) refresh with it. */
export const schedulesKeys = {
  all: ['telephony', 'schedules'] as const,
  list: (p: ScheduleListParams) => ['telephony', 'schedules', 'list', p] as const,
  detail: (id: string) => ['telephony', 'schedules', 'detail', id] as const,
};
