import type { Destination, NumberRouting, RouteState } from '@switchboard/shared';
import { type ScheduleCalendar, scheduleStateAt } from '../schedules/calendar.js';

/** A number's routing together with its schedule (loaded by the caller), as `resolveRoute` needs it. */
export interface RoutableNumber {
  routing: NumberRouting;
  /** The schedule `routing.schedule_id` names; null exactly when there is none. */
  schedule: ScheduleCalendar | null;
}

/** Where a call goes, and why. */
export interface ResolvedRoute {
  destination: Destination;
  state: RouteState;
  reason: string;
}

const HANGUP: Destination = { type: 'hangup' };

/**
 * Where a call to `number` arriving at `at` goes. Pure: no database, no clock (the caller passes the
 * instant). Without a schedule the open destination always applies; with one, open hours → `open`;
 * outside them, on a holiday or during a closure → `closed`, or hang up when there is no closed
 * destination. Time-zone rules are those of `scheduleStateAt` (the schedule's zone, not the tenant's).
 */
export function resolveRoute(number: RoutableNumber, at: Date): ResolvedRoute {
  if (Number.isNaN(at.getTime())) throw new RangeError('Invalid instant');
  const { routing, schedule } = number;
  if (routing.schedule_id === null || routing.schedule_id === undefined) {
    return { destination: routing.open, state: 'always_open', reason: 'No schedule: the open destination always applies' };
  }
  if (!schedule) throw new Error(`Schedule ${routing.schedule_id} was not loaded`);
  const s = scheduleStateAt(schedule, at);
  if (s.state === 'open') return { destination: routing.open, state: 'open', reason: s.reason };
  if (routing.closed) return { destination: routing.closed, state: s.state, reason: s.reason };
  return { destination: HANGUP, state: s.state, reason: `${s.reason}; no closed destination: hang up` };
}
