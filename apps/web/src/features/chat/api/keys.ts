/**
 * Query keys. Chat data sits under `chat…` and agent state under `agents…` so that the realtime
 * bridge refreshes them on `chat.*` and `agent.*` events (it matches the first key element by prefix).
 */
export interface ChatSessionListParams {
  status?: 'queued' | 'active' | 'ended' | 'abandoned';
  mine?: 'true';
  agent_id?: string;
  widget_id?: string;
  contact_id?: string;
  visitor?: string;
  q?: string;
  from?: string;
  to?: string;
  sort?: 'oldest' | 'newest';
  page: number;
  page_size: number;
}

export interface WidgetListParams {
  q?: string;
  page: number;
  page_size: number;
}

export const chatKeys = {
  all: ['chat'] as const,
  sessions: (p: ChatSessionListParams) => ['chat', 'sessions', 'list', p] as const,
  session: (id: string) => ['chat', 'sessions', 'detail', id] as const,
  sessionTransfers: (id: string) => ['chat', 'sessions', 'transfers', id] as const,
  offers: ['chat', 'offers'] as const,
  transfers: (direction: 'incoming' | 'outgoing') => ['chat', 'transfers', direction] as const,
  widgets: ['chat', 'widgets'] as const,
  widgetList: (p: WidgetListParams) => ['chat', 'widgets', 'list', p] as const,
  widget: (id: string) => ['chat', 'widgets', 'detail', id] as const,
};

export const agentKeys = {
  me: ['agents', 'me'] as const,
  list: (p: { accepting?: 'true'; team_id?: string }) => ['agents', 'list', p] as const,
};
