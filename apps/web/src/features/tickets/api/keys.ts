import { pollWhenOffline } from '../../../lib/realtime';
/** Query of GET /tickets as the console sends it (empty values are left out of the URL). */
export interface TicketListParams {
  status?: string;
  priority?: string;
  assignee_id?: string;
  team_id?: string;
  tag_id?: string;
  requester_id?: string;
  q?: string;
  overdue?: string;
  sla_breached?: string;
  created_from?: string;
  created_to?: string;
  updated_from?: string;
  updated_to?: string;
  sort?: string;
  deleted?: 'true';
  page: number;
  page_size: number;
}

/**
 * Everything under `['tickets']`, so a ticket event (polling today, the realtime stream later) can refresh
 * lists, pages and threads with one `invalidateQueries({ queryKey: ticketsKeys.all })`.
 */
export const ticketsKeys = {
  all: ['tickets'] as const,
  lists: ['tickets', 'list'] as const,
  list: (p: TicketListParams) => ['tickets', 'list', p] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  messages: (id: string) => ['tickets', 'messages', id] as const,
  history: (id: string, messageId: string) => ['tickets', 'messages', id, 'history', messageId] as const,
  attachments: (id: string) => ['tickets', 'attachments', id] as const,
  ccs: (id: string) => ['tickets', 'ccs', id] as const,
  /** The caller's saved views: not starting with `ticket`, which realtime ticket events invalidate (they never change views). */
  views: ['saved-views', 'tickets'] as const,
  /** Under the keys of their own pages so that edits there refresh the pickers here. */
  templateOptions: (kind: 'ticket' | 'reply') => ['helpdesk', 'templates', 'options', kind] as const,
  userOptions: ['users', 'ticket-options'] as const,
  teamOptions: ['teams', 'ticket-options'] as const,
  tagOptions: ['tags', 'ticket-options'] as const,
  contactOptions: (q: string) => ['contacts', 'ticket-options', q] as const,
  contact: (id: string) => ['contacts', 'detail', id] as const,
};

/**
 * Lists and open tickets follow `ticket.*` events (the realtime bridge invalidates them); they poll
 * every 10 s only while the live connection is down.
 */
export const POLL_MS = pollWhenOffline(10_000);
