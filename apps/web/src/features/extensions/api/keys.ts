export interface ExtensionListParams {
  q?: string;
  page: number;
  page_size: number;
}

export const extensionsKeys = {
  all: ['telephony', 'extensions'] as const,
  list: (p: ExtensionListParams) => ['telephony', 'extensions', 'list', p] as const,
  detail: (id: string) => ['telephony', 'extensions', 'detail', id] as const,
  softphone: (id: string) => ['telephony', 'extensions', 'softphone', id] as const,
  /** Under `['users']` so that changes on the Users page refresh the picker. */
  userOptions: ['users', 'extension-user-options'] as const,
};
