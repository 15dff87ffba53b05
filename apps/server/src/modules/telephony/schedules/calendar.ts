import { type Closure, type Holiday, type OpenInterval, WEEKDAYS, type Weekday } from '@switchboard/shared';

/**
 * Pure evaluation of a schedule (no database, no clock): is it open at an instant, and why.
 *
 * This is the one calendar of Switchboard. Numbers route on it (`resolveRoute`); the helpdesk's
 * business-hours calendars are to reuse the same `tel_schedules` rows and this function instead of
 * a second model. Its input is also satisfied by a tenant's `settings.business_hours` (same weekly
 * shape) with no holidays or closures.
 *
 * Semantics, all in the schedule's IANA time zone, read with the runtime's time-zone database (Intl):
 * - weekly intervals are local wall-clock times, `[start, end)`; `24:00` ends at midnight;
 * - on a DST spring-forward day a local time that does not exist is never reached (an interval
 *   02:00–03:00 in Berlin stays shut that day); on a fall-back day the repeated hour is open both
 *   times it occurs if its local time is inside an interval;
 * - a holiday closes the whole local day (`recurring`: same month and day every year);
 * - a closure closes `[starts_at, ends_at)` as absolute instants, whatever the local day;
 * - precedence: closure, then holiday, then weekly hours.
 */
export interface ScheduleCalendar {
  timezone: string;
  /** A missing day is closed (the shape of tenant business hours). */
  weekly: Partial<Record<Weekday, OpenInterval[]>>;
  holidays?: Holiday[];
  closures?: Closure[];
}

/** What a schedule says for an instant. */
export interface ScheduleState {
  state: 'open' | 'closed' | 'holiday' | 'closure';
  reason: string;
  /** The instant's local wall-clock time in the schedule's zone. */
  local: LocalTime;
  /** The holiday, closure or open interval that decided (none for plain `closed`). */
  holiday?: Holiday;
  closure?: Closure;
  interval?: OpenInterval;
}

/** An instant read on a wall clock of some zone. */
export interface LocalTime {
  /** `YYYY-MM-DD` */
  date: string;
  weekday: Weekday;
  /** `HH:MM:SS` (00–23 hours). */
  time: string;
  /** Seconds since local midnight (0–86399). */
  seconds: number;
}

const DAY_NAMES: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const SHORT_TO_DAY: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    // Throws RangeError for an unknown zone: a schedule never silently falls back to UTC.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The wall-clock reading of `at` in `timezone` (IANA). */
export function localTimeAt(timezone: string, at: Date): LocalTime {
  if (Number.isNaN(at.getTime())) throw new RangeError('Invalid instant');
  const parts: Record<string, string> = {};
  for (const p of formatterOf(timezone).formatToParts(at)) parts[p.type] = p.value;
  const weekday = SHORT_TO_DAY[parts.weekday];
  if (!weekday) throw new Error(`Unexpected weekday ${parts.weekday}`);
  const h = Number(parts.hour) % 24;
  const m = Number(parts.minute);
  const s = Number(parts.second);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, time: `${pad(h)}:${pad(m)}:${pad(s)}`, seconds: h * 3600 + m * 60 + s };
}

/** `HH:MM` → seconds since midnight (`24:00` → 86400). */
function secondsOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 3600 + m * 60;
}

/** The holiday falling on a local date, if any (an exact date wins over a recurring one). */
export function holidayOn(holidays: readonly Holiday[], date: string): Holiday | undefined {
  return holidays.find((h) => !h.recurring && h.date === date) ?? holidays.find((h) => h.recurring && h.date.slice(5) === date.slice(5));
}

/** Open, closed, on a holiday or in a closure at `at` (see the module comment for the rules). */
export function scheduleStateAt(schedule: ScheduleCalendar, at: Date): ScheduleState {
  const local = localTimeAt(schedule.timezone, at);
  const where = `${DAY_NAMES[local.weekday]} ${local.date} ${local.time.slice(0, 5)} in ${schedule.timezone}`;
  const t = at.getTime();
  const closure = (schedule.closures ?? []).find((c) => Date.parse(c.starts_at) <= t && t < Date.parse(c.ends_at));
  if (closure) return { state: 'closure', reason: `Closure${closure.reason ? `: ${closure.reason}` : ''} (until ${closure.ends_at})`, local, closure };
  const holiday = holidayOn(schedule.holidays ?? [], local.date);
  if (holiday) return { state: 'holiday', reason: `Holiday: ${holiday.name} (${where})`, local, holiday };
  const interval = (schedule.weekly[local.weekday] ?? []).find((iv) => secondsOf(iv.start) <= local.seconds && local.seconds < secondsOf(iv.end));
  if (interval) return { state: 'open', reason: `Open: ${interval.start}–${interval.end} (${where})`, local, interval };
  return { state: 'closed', reason: `Closed: outside opening hours (${where})`, local };
}

/** Every weekday key present (a missing day becomes `[]`), each day's intervals sorted by start. */
export function normalizeWeekly(weekly: Partial<Record<Weekday, OpenInterval[]>> | undefined): Record<Weekday, OpenInterval[]> {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, [...(weekly?.[d] ?? [])].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))])) as Record<
    Weekday,
    OpenInterval[]
  >;
}
