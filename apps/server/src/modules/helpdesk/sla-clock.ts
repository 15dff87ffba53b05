import { type ScheduleCalendar, localTimeAt, scheduleStateAt } from '../telephony/schedules/calendar.js';

/**
 * SLA clock arithmetic (pure: no database, no clock). Business time is the time a telephony
 * schedule is open, exactly as `scheduleStateAt` says (its IANA zone read with Intl, so DST
 * changes, holidays and closures follow the one calendar model); a null schedule is 24/7.
 */

const MINUTE = 60_000;
/** How far ahead a clock looks for opening hours before it gives up (a schedule never open). */
const HORIZON_MS = 3 * 366 * 24 * 3600_000;

/** UTC offset in ms of `timezone` at the whole second containing `ms`. */
function offsetAt(timezone: string, ms: number): number {
  const s = Math.floor(ms / 1000) * 1000;
  const l = localTimeAt(timezone, new Date(s));
  return Date.parse(`${l.date}T00:00:00Z`) + l.seconds * 1000 - s;
}

const secondsOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 3600 + m * 60;
};

/**
 * Whether the schedule is open at `t` and the next instant at which that may change: the next
 * weekly boundary or local midnight on the wall clock, the next closure edge, or an earlier UTC
 * offset change (found by bisection on whole seconds).
 */
function segmentAt(s: ScheduleCalendar, t: number): { open: boolean; until: number } {
  const state = scheduleStateAt(s, new Date(t));
  const local = state.local;
  const base = t - (((t % 1000) + 1000) % 1000); // start of the current second
  const bounds = [86400];
  for (const iv of s.weekly[local.weekday] ?? []) for (const b of [secondsOf(iv.start), secondsOf(iv.end)]) if (b > local.seconds) bounds.push(b);
  let until = base + (Math.min(...bounds) - local.seconds) * 1000;
  for (const c of s.closures ?? []) for (const edge of [Date.parse(c.starts_at), Date.parse(c.ends_at)]) if (edge > t && edge < until) until = edge;
  const off = offsetAt(s.timezone, t);
  if (offsetAt(s.timezone, until) !== off) {
    let lo = Math.floor(t / 1000);
    let hi = Math.floor(until / 1000); // offset differs at hi
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(s.timezone, mid * 1000) === off) lo = mid;
      else hi = mid;
    }
    until = hi * 1000;
  }
  return { open: state.state === 'open', until: Math.max(until, t + 1) };
}

/** Open `[start, end)` segments of the schedule within `[from, to)` (ms), in order. */
function openSegments(s: ScheduleCalendar | null, from: number, to: number): [number, number][] {
  if (to <= from) return [];
  if (!s) return [[from, to]];
  const out: [number, number][] = [];
  for (let t = from; t < to; ) {
    const seg = segmentAt(s, t);
    const end = Math.min(seg.until, to);
    if (seg.open) {
      const last = out[out.length - 1];
      if (last && last[1] === t) last[1] = end;
      else out.push([t, end]);
    }
    t = end;
  }
  return out;
}

/**
 * The instant `minutes` of business time after `start` (24/7 when `schedule` is null). Starting
 * while closed, the clock waits for the next opening. Null when the schedule is never open within
 * three years (no opening hours at all).
 */
export function addBusinessMinutes(start: Date, minutes: number, schedule: ScheduleCalendar | null): Date | null {
  const t0 = start.getTime();
  if (Number.isNaN(t0)) throw new RangeError('Invalid instant');
  if (!schedule) return new Date(t0 + minutes * MINUTE);
  let left = minutes * MINUTE;
  for (let t = t0; t < t0 + HORIZON_MS; ) {
    const seg = segmentAt(schedule, t);
    if (seg.open) {
      if (left <= seg.until - t) return new Date(t + left);
      left -= seg.until - t;
    }
    t = seg.until;
  }
  return null;
}

/** A period the clock stood still (e.g. pending on the customer); `end` null = still paused. */
export interface ClockPause {
  start: Date;
  end: Date | null;
}

/**
 * Business minutes (fractional) between `from` and `to`, not counting the pauses: the time the
 * schedule was open (24/7 when null) and the ticket not paused.
 */
export function elapsedBusinessMinutes(from: Date, to: Date, schedule: ScheduleCalendar | null, pauses: readonly ClockPause[] = []): number {
  const a = from.getTime();
  const b = to.getTime();
  if (Number.isNaN(a) || Number.isNaN(b)) throw new RangeError('Invalid instant');
  // Pauses clipped to the window, sorted and merged.
  const ps = pauses
    .map((p): [number, number] => [Math.max(a, p.start.getTime()), Math.min(b, p.end ? p.end.getTime() : b)])
    .filter(([x, y]) => y > x)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const p of ps) {
    const last = merged[merged.length - 1];
    if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else merged.push([...p]);
  }
  let total = 0;
  for (const [x, y] of openSegments(schedule, a, b)) {
    let len = y - x;
    for (const [p, q] of merged) len -= Math.max(0, Math.min(y, q) - Math.max(x, p));
    total += len;
  }
  return total / MINUTE;
}
