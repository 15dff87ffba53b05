export interface EmailChannelListParams {
  page: number;
  page_size: number;
}

export const emailChannelsKeys = {
  all: ['helpdesk', 'email-channels'] as const,
  list: (p: EmailChannelListParams) => ['helpdesk', 'email-channels', 'list', p] as const,
  detail: (id: string) => ['helpdesk', 'email-channels', 'detail', id] as const,
};
