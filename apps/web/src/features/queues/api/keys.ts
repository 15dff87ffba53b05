export interface QueueListParams {
  q?: string;
  page: number;
  page_size: number;
}

export const queuesKeys = {
  all: ['telephony', 'queues'] as const,
  list: (p: QueueListParams) => ['telephony', 'queues', 'list', p] as const,
  detail: (id: string) => ['telephony', 'queues', 'detail', id] as const,
  members: (id: string) => ['telephony', 'queues', 'members', id] as const,
  /** Under the extensions key so that changes on the Extensions page refresh the member picker. */
  extensionOptions: ['telephony', 'extensions', 'queue-member-options'] as const,
};
