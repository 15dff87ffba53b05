import { TICKET_TRANSITIONS, type Ticket, type TicketStatus } from '@switchboard/shared';
import { AppError } from '../../http/errors.js';

/**
 * Check a status change against the allowed transitions and say which timestamps move with it.
 * Staying in the same status is no change. Refused changes are a 409 `invalid_transition` naming
 * the statuses the ticket may move to.
 */
export function statusChange(current: Ticket, next: TicketStatus, at: string): Partial<Pick<Ticket, 'status' | 'resolved_at' | 'closed_at'>> {
  if (next === current.status) return {};
  const allowed = TICKET_TRANSITIONS[current.status];
  if (!allowed.includes(next)) {
    const list = allowed.length ? allowed.join(', ') : 'none (a closed ticket stays closed)';
    throw new AppError(409, 'invalid_transition', 'Invalid status transition', `A ${current.status} ticket cannot become ${next}; allowed: ${list}`, [
      { field: 'status', message: `allowed next statuses: ${list}` },
    ]);
  }
  const out: Partial<Pick<Ticket, 'status' | 'resolved_at' | 'closed_at'>> = { status: next };
  if (next === 'resolved') out.resolved_at = at;
  // Reopening (or going back to work) clears the resolution: the SLA clock runs again.
  else if (current.status === 'resolved' && next !== 'closed') out.resolved_at = null;
  if (next === 'closed') out.closed_at = at;
  return out;
}
