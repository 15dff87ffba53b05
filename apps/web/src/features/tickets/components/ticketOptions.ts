import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TRANSITIONS, type TicketPriority, type TicketStatus } from '@switchboard/shared';

export const STATUS_LABELS: Record<TicketStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  pending: 'Pending',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const STATUS_COLORS: Record<TicketStatus, string> = { open: 'blue', in_progress: 'violet', pending: 'yellow', resolved: 'teal', closed: 'gray' };

export const PRIORITY_LABELS: Record<TicketPriority, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

export const PRIORITY_COLORS: Record<TicketPriority, string> = { low: 'gray', medium: 'blue', high: 'orange', critical: 'red' };

export const STATUS_OPTIONS = TICKET_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }));
export const PRIORITY_OPTIONS = TICKET_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }));

/** The current status and the ones it may move to (closed stays closed). */
export function statusChoices(current: TicketStatus) {
  return [current, ...TICKET_TRANSITIONS[current]].map((s) => ({ value: s, label: STATUS_LABELS[s] }));
}

/** Statuses every ticket in a selection may move to (bulk actions). */
export function commonTransitions(statuses: TicketStatus[]): TicketStatus[] {
  return TICKET_STATUSES.filter((s) => statuses.length > 0 && statuses.every((from) => from === s || TICKET_TRANSITIONS[from].includes(s)));
}

export const SORT_OPTIONS = [
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
  { value: '-updated_at', label: 'Recently updated' },
  { value: '-priority', label: 'Highest priority' },
  { value: 'due_at', label: 'Due soonest' },
  { value: '-number', label: 'Number (high to low)' },
  { value: 'number', label: 'Number (low to high)' },
];

/** The list's status presets: work still to do is the default view. */
export const STATUS_PRESETS = [
  { value: 'open,in_progress,pending', label: 'Unresolved' },
  { value: 'open', label: 'Open' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'pending', label: 'Pending' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'closed', label: 'Closed' },
  { value: 'resolved,closed', label: 'Resolved or closed' },
];
