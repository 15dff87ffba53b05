import type { SlaClock, SlaClockName, TicketSla } from '@switchboard/shared';
import { formatMinutes } from '../../../lib/format';

export const CLOCK_LABELS: Record<SlaClockName, string> = { first_response: 'First response', resolution: 'Resolution' };

export type ClockTone = 'breached' | 'warning' | 'running' | 'paused' | 'met';
export const TONE_COLORS: Record<ClockTone, string> = { breached: 'red', warning: 'orange', running: 'blue', paused: 'gray', met: 'teal' };

/** How urgent a clock looks now: a running clock past its warning instant warns. */
export function clockTone(c: SlaClock, now = Date.now()): ClockTone {
  if (c.status === 'breached') return 'breached';
  if (c.status === 'met' || c.status === 'paused') return c.status;
  if (c.remaining_minutes < 0) return 'breached';
  if (c.warning_at && new Date(c.warning_at).getTime() <= now) return 'warning';
  return 'running';
}

/** `2 h 5 min left`, `overdue by 30 min`, `met`, `paused (1 h left)`. */
export function clockText(c: SlaClock): string {
  if (c.status === 'met') return 'Met';
  const left = c.remaining_minutes >= 0 ? `${formatMinutes(c.remaining_minutes)} left` : `overdue by ${formatMinutes(-c.remaining_minutes)}`;
  if (c.status === 'paused') return `Paused · ${left}`;
  if (c.status === 'breached' && c.remaining_minutes >= 0) return 'Breached';
  return c.remaining_minutes >= 0 ? left : `Breached · ${left}`;
}

/** The clock that matters most on a list row: a breached one, else the running one due first. */
export function keyClock(sla: TicketSla | null): { name: SlaClockName; clock: SlaClock } | null {
  if (!sla) return null;
  const clocks = (['first_response', 'resolution'] as const).flatMap((name) => (sla[name] ? [{ name, clock: sla[name] as SlaClock }] : []));
  const open = clocks.filter((c) => c.clock.status !== 'met');
  if (open.length === 0) return null;
  const breached = open.find((c) => clockTone(c.clock) === 'breached');
  if (breached) return breached;
  return open.sort((a, b) => a.clock.remaining_minutes - b.clock.remaining_minutes)[0];
}
