import { SLA_CLOCKS, type SlaClock, type SlaClockName, type SlaPolicy, type TicketPriority, type TicketSla } from '@switchboard/shared';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { DB, TicketsTable } from '../../db/schema.js';
import { conflict, validation } from '../../http/errors.js';
import type { ScheduleCalendar } from '../telephony/schedules/calendar.js';
import { getSchedules } from '../telephony/schedules/repo.js';
import { addBusinessMinutes, elapsedBusinessMinutes } from './sla-clock.js';
import { getDefaultSlaPolicy, getSlaPolicy } from './sla.repo.js';

/**
 * SLA clocks of tickets: what the stored columns mean, how writes move them, and how they read.
 *
 * A ticket gets clocks from an SLA policy (the tenant's default unless chosen) when it is created,
 * and again when its priority or policy changes. Each clock (first response, resolution) stores its
 * target, due date and warning instant, computed on the policy's calendar (a telephony schedule, or
 * 24/7) from `sla_started_at` plus the target plus the business time the clocks stood still so far
 * (`sla_paused_seconds`). Pending pauses the clocks: `sla_paused_at` marks the start, and leaving
 * pending moves the due dates of the clocks still running by the business time spent pending.
 * Resolving stops the clocks; reopening resumes them, the time spent resolved counting like a pause
 * (a reopened ticket keeps the time it already used). Status is derived when read, so the stored
 * columns never go stale with the clock: a clock is breached when it reached its due date before it
 * stopped or paused. The breach job (sla-job.ts) records `*_warned_at` / `*_breached_at` once each.
 */

/** The SLA columns of a ticket row. */
export const SLA_COLUMN_NAMES = [
  'sla_policy_id',
  'sla_schedule_id',
  'sla_started_at',
  'sla_paused_at',
  'sla_paused_seconds',
  'sla_escalated_at',
  'sla_next_check_at',
  'first_response_target_minutes',
  'first_response_due_at',
  'first_response_warning_at',
  'first_response_warned_at',
  'first_response_breached_at',
  'resolution_target_minutes',
  'resolution_due_at',
  'resolution_warning_at',
  'resolution_warned_at',
  'resolution_breached_at',
] as const satisfies readonly (keyof TicketsTable)[];
export type SlaColumnName = (typeof SLA_COLUMN_NAMES)[number];
export type SlaColumns = Pick<TicketsTable, SlaColumnName>;

/** What the clocks read from a ticket: its SLA columns, status and the instants that stop clocks. */
export type ClockRow = SlaColumns & Pick<TicketsTable, 'status' | 'first_response_at' | 'resolved_at' | 'closed_at'>;

/** Column names of each clock. */
export const CLOCK_COLUMNS = {
  first_response: {
    target: 'first_response_target_minutes',
    due: 'first_response_due_at',
    warning: 'first_response_warning_at',
    warned: 'first_response_warned_at',
    breached: 'first_response_breached_at',
  },
  resolution: {
    target: 'resolution_target_minutes',
    due: 'resolution_due_at',
    warning: 'resolution_warning_at',
    warned: 'resolution_warned_at',
    breached: 'resolution_breached_at',
  },
} as const satisfies Record<SlaClockName, Record<string, SlaColumnName>>;

/** No SLA: every column empty. */
export const NO_SLA: SlaColumns = {
  sla_policy_id: null,
  sla_schedule_id: null,
  sla_started_at: null,
  sla_paused_at: null,
  sla_paused_seconds: 0,
  sla_escalated_at: null,
  sla_next_check_at: null,
  first_response_target_minutes: null,
  first_response_due_at: null,
  first_response_warning_at: null,
  first_response_warned_at: null,
  first_response_breached_at: null,
  resolution_target_minutes: null,
  resolution_due_at: null,
  resolution_warning_at: null,
  resolution_warned_at: null,
  resolution_breached_at: null,
};

/** The row without its SLA columns (they are exposed as `Ticket.sla`). */
export function withoutSlaColumns<T extends SlaColumns>(r: T): Omit<T, SlaColumnName> {
  const out: Record<string, unknown> = { ...r };
  for (const c of SLA_COLUMN_NAMES) delete out[c];
  return out as Omit<T, SlaColumnName>;
}

function slaColumnsOf(r: SlaColumns): SlaColumns {
  const out = { ...NO_SLA } as Record<string, unknown>;
  for (const c of SLA_COLUMN_NAMES) out[c] = r[c];
  out.sla_paused_seconds = Number(r.sla_paused_seconds ?? 0);
  return out as unknown as SlaColumns;
}

// ---------------------------------------------------------------------------------------------
// Calendars and time
// ---------------------------------------------------------------------------------------------

/** Business-hours calendars by schedule id. */
export type SlaCalendars = Map<string, ScheduleCalendar>;

/**
 * The calendars the given tickets' clocks run on: no query when none runs on business hours, else
 * the schedules with their hours, holidays and closures (four queries whatever the number of tickets).
 */
export async function slaCalendars(db: Kysely<DB>, tenantId: string, rows: readonly Pick<TicketsTable, 'sla_schedule_id'>[]): Promise<SlaCalendars> {
  const ids = [...new Set(rows.map((r) => r.sla_schedule_id).filter((x): x is string => !!x))];
  if (!ids.length) return new Map();
  return getSchedules(db, tenantId, ids);
}

/** A clock's calendar; a schedule deleted since counts as 24/7. */
function calendarOf(scheduleId: string | null, cals: SlaCalendars): ScheduleCalendar | null {
  return scheduleId ? (cals.get(scheduleId) ?? null) : null;
}

/** Beyond this span the business minutes shown on a clock are estimated (a year-old clock costs ~50 ms to count exactly). */
const EXACT_SPAN_MS = 31 * 24 * 3600_000;

/** Business minutes between two instants (`to` after `from`), exact; 0 when `to` is not later. */
function businessMinutes(from: string, to: string, cal: ScheduleCalendar | null): number {
  if (to <= from) return 0;
  return elapsedBusinessMinutes(new Date(from), new Date(to), cal);
}

/** Business minutes for display: exact up to 31 days, then extrapolated from the first 31 days. */
function businessMinutesShown(from: string, to: string, cal: ScheduleCalendar | null): number {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (b <= a) return 0;
  if (!cal || b - a <= EXACT_SPAN_MS) return elapsedBusinessMinutes(new Date(a), new Date(b), cal);
  return (elapsedBusinessMinutes(new Date(a), new Date(a + EXACT_SPAN_MS), cal) * (b - a)) / EXACT_SPAN_MS;
}

/** `iso` plus `minutes` of business time (null when the calendar is never open). */
function plusBusiness(iso: string, minutes: number, cal: ScheduleCalendar | null): string | null {
  return addBusinessMinutes(new Date(iso), minutes, cal)?.toISOString() ?? null;
}

const earliest = (...xs: (string | null | undefined)[]): string | null => xs.reduce<string | null>((m, x) => (x && (!m || x < m) ? x : m), null);

// ---------------------------------------------------------------------------------------------
// Reading the clocks
// ---------------------------------------------------------------------------------------------

/**
 * When a clock stopped, or null while it runs: the first response stops at the first public agent
 * reply, or when the ticket is resolved or closed without one; resolution at resolved, else closed.
 */
export function stopOf(r: Pick<TicketsTable, 'first_response_at' | 'resolved_at' | 'closed_at'>, clock: SlaClockName): string | null {
  return clock === 'first_response' ? (r.first_response_at ?? r.resolved_at ?? r.closed_at) : (r.resolved_at ?? r.closed_at);
}

/** Up to when a clock has counted: its stop or the start of the pause, whichever came first (null: it runs). */
function limitOf(r: ClockRow, clock: SlaClockName): string | null {
  return earliest(stopOf(r, clock), r.sla_paused_at);
}

/** The ticket's SLA as of `now` (null when no policy applies). */
export function ticketSla(r: ClockRow, cals: SlaCalendars, now: Date): TicketSla | null {
  if (!r.sla_started_at) return null;
  const cal = calendarOf(r.sla_schedule_id, cals);
  const nowIso = now.toISOString();
  const clock = (name: SlaClockName): SlaClock | null => {
    const c = CLOCK_COLUMNS[name];
    const due = r[c.due];
    const target = r[c.target];
    if (!due || target === null) return null;
    const stop = stopOf(r, name);
    const limit = earliest(stop, r.sla_paused_at, nowIso) as string;
    const left = limit < due ? businessMinutesShown(limit, due, cal) : -businessMinutesShown(due, limit, cal);
    // Whole minutes, rounded down (half a minute left shows 0; half a minute late shows -1).
    const remaining = Math.floor(left + 1e-6);
    const breached = !!r[c.breached] || limit >= due;
    return {
      target_minutes: Number(target),
      due_at: due,
      warning_at: r[c.warning],
      status: breached ? 'breached' : stop ? 'met' : r.sla_paused_at ? 'paused' : 'running',
      stopped_at: stop,
      warned_at: r[c.warned],
      breached_at: r[c.breached],
      elapsed_minutes: Number(target) - remaining,
      remaining_minutes: remaining,
    };
  };
  return {
    policy_id: r.sla_policy_id,
    business_hours: !!r.sla_schedule_id,
    schedule_id: r.sla_schedule_id,
    started_at: r.sla_started_at,
    paused_at: r.sla_paused_at,
    escalated_at: r.sla_escalated_at,
    first_response: clock('first_response'),
    resolution: clock('resolution'),
  };
}

/** A warning or breach not raised yet, and the instant it is due. */
export interface SlaPendingEvent {
  clock: SlaClockName;
  kind: 'warning' | 'breach';
  at: string;
}

/**
 * What the breach job still has to raise on a ticket, each with the instant it becomes due: a
 * breach when the clock runs (due at its due date) or stopped or paused after its due date; a
 * warning when a running clock will reach its threshold before its due date (or a paused one
 * already did). Nothing is raised twice (the `*_warned_at` / `*_breached_at` columns).
 */
export function pendingSlaEvents(r: ClockRow): SlaPendingEvent[] {
  const out: SlaPendingEvent[] = [];
  if (!r.sla_started_at) return out;
  for (const name of SLA_CLOCKS) {
    const c = CLOCK_COLUMNS[name];
    const due = r[c.due];
    if (!due || r[c.breached]) continue;
    const limit = limitOf(r, name);
    if (limit === null || limit >= due) out.push({ clock: name, kind: 'breach', at: due });
    const warning = r[c.warning];
    if (!warning || r[c.warned] || warning >= due || stopOf(r, name)) continue;
    if (limit === null || limit >= warning) out.push({ clock: name, kind: 'warning', at: warning });
  }
  return out;
}

/** The next instant the breach job must look at the ticket (null: nothing left to raise). */
export function nextSlaCheck(r: ClockRow): string | null {
  return earliest(...pendingSlaEvents(r).map((e) => e.at));
}

// ---------------------------------------------------------------------------------------------
// Writing the clocks
// ---------------------------------------------------------------------------------------------

/** What the clocks need of the ticket after a write. */
export type TicketAfterWrite = Pick<TicketsTable, 'status' | 'first_response_at' | 'resolved_at' | 'closed_at'> & { priority: string };

const ENDED = ['resolved', 'closed'];

async function policyById(db: Kysely<DB>, tenantId: string, id: string): Promise<SlaPolicy> {
  const p = await getSlaPolicy(db, tenantId, id);
  if (!p) throw validation('Unknown SLA policy', [{ field: 'sla_policy_id', message: 'no such SLA policy' }]);
  return p;
}

/** Due date and warning instant of one clock on `policy`, counted from the start plus the time paused so far. */
function clockTimes(s: SlaColumns, policy: SlaPolicy, targetMinutes: number, cal: ScheduleCalendar | null) {
  const start = s.sla_started_at as string;
  const paused = s.sla_paused_seconds / 60;
  return {
    due: plusBusiness(start, targetMinutes + paused, cal),
    warning: policy.warning_percent === null ? null : plusBusiness(start, (targetMinutes * policy.warning_percent) / 100 + paused, cal),
  };
}

/**
 * The SLA columns of a ticket after a write: `before` is the stored row (null for a new ticket),
 * `next` the ticket as the write leaves it, `policyId` the body's `sla_policy_id` (undefined: the
 * default for a new ticket, else keep; null: no SLA). 400 on `sla_policy_id` for a policy that is
 * not the tenant's; 409 when giving a resolved or closed ticket new clocks.
 */
export async function slaAfterWrite(
  db: Kysely<DB>,
  tenantId: string,
  before: (ClockRow & Pick<TicketsTable, 'priority'>) | null,
  next: TicketAfterWrite,
  policyId: string | null | undefined,
  at: Date,
): Promise<SlaColumns> {
  if (policyId === null) return { ...NO_SLA };
  const atIso = at.toISOString();
  const cur = before ? slaColumnsOf(before) : { ...NO_SLA };
  const priorityChanged = !!before && before.priority !== next.priority;

  let policy: SlaPolicy | undefined;
  if (policyId) policy = await policyById(db, tenantId, policyId);
  else if (!before) policy = await getDefaultSlaPolicy(db, tenantId);
  else if (priorityChanged) {
    // A policy deleted since leaves the clocks as they are; a ticket without clocks gets the default.
    if (cur.sla_policy_id) policy = await getSlaPolicy(db, tenantId, cur.sla_policy_id);
    else if (!cur.sla_started_at) policy = await getDefaultSlaPolicy(db, tenantId);
  }
  let recompute = !!policy && (!before || priorityChanged || policy.id !== cur.sla_policy_id || !cur.sla_started_at);
  if (recompute && !cur.sla_started_at && ENDED.includes(next.status)) {
    if (policyId) throw conflict('A resolved or closed ticket gets no new SLA clocks', [{ field: 'sla_policy_id', message: 'the ticket is resolved or closed' }]);
    recompute = false;
  }
  if (!recompute && !cur.sla_started_at) return { ...NO_SLA };

  const newScheduleId = recompute && policy?.business_hours ? policy.schedule_id : null;
  const cals = await getSchedules(
    db,
    tenantId,
    [cur.sla_schedule_id, newScheduleId].filter((x): x is string => !!x),
  );
  const s: SlaColumns = { ...cur };

  if (cur.sla_started_at && before) {
    const cal = calendarOf(cur.sla_schedule_id, cals);
    const shift = (name: SlaClockName, minutes: number) => {
      if (minutes <= 0) return;
      const c = CLOCK_COLUMNS[name];
      const due = s[c.due];
      const warning = s[c.warning];
      if (due) s[c.due] = plusBusiness(due, minutes, cal);
      if (warning) s[c.warning] = plusBusiness(warning, minutes, cal);
    };
    // Leaving pending: running clocks move by the business time spent pending; a first response
    // given while pending moves by the part of the pause before it.
    if (before.status === 'pending' && next.status !== 'pending' && cur.sla_paused_at) {
      const from = cur.sla_paused_at;
      const minutes = businessMinutes(from, atIso, cal);
      s.sla_paused_seconds += Math.round(minutes * 60);
      for (const name of SLA_CLOCKS) {
        const stop = stopOf(before, name);
        if (!stop) shift(name, minutes);
        else if (stop > from) shift(name, businessMinutes(from, stop, cal));
      }
    }
    // Reopening: the time spent resolved counts like a pause for the clocks the resolution stopped.
    if (before.status === 'resolved' && !ENDED.includes(next.status) && before.resolved_at) {
      const minutes = businessMinutes(before.resolved_at, atIso, cal);
      s.sla_paused_seconds += Math.round(minutes * 60);
      shift('resolution', minutes);
      if (!before.first_response_at) shift('first_response', minutes);
    }
  }

  if (recompute && policy) {
    if (!s.sla_started_at) {
      s.sla_started_at = atIso;
      s.sla_paused_seconds = 0;
    }
    s.sla_policy_id = policy.id;
    s.sla_schedule_id = newScheduleId;
    const cal = calendarOf(newScheduleId, cals);
    const targets = policy.targets[next.priority as TicketPriority];
    for (const name of SLA_CLOCKS) {
      // A stopped clock keeps what it was measured against.
      if (cur.sla_started_at && stopOf(next, name)) continue;
      const c = CLOCK_COLUMNS[name];
      const target = name === 'first_response' ? targets.first_response_minutes : targets.resolution_minutes;
      const t = clockTimes(s, policy, target, cal);
      s[c.target] = target;
      s[c.due] = t.due;
      s[c.warning] = t.warning;
    }
  }

  s.sla_paused_at = next.status === 'pending' ? (cur.sla_paused_at ?? atIso) : null;
  s.sla_next_check_at = nextSlaCheck({ ...s, status: next.status, first_response_at: next.first_response_at, resolved_at: next.resolved_at, closed_at: next.closed_at });
  return s;
}

// ---------------------------------------------------------------------------------------------
// List filters
// ---------------------------------------------------------------------------------------------

const ref = (col: string) => sql.ref(`t.${col}`);

/** Up to when a clock counted, in SQL: its stop (or now), or the start of the pause if earlier. */
function limitSql(clock: SlaClockName, nowIso: string) {
  const stop =
    clock === 'first_response'
      ? sql`coalesce(${ref('first_response_at')}, ${ref('resolved_at')}, ${ref('closed_at')}, ${nowIso})`
      : sql`coalesce(${ref('resolved_at')}, ${ref('closed_at')}, ${nowIso})`;
  return sql`case when ${ref('sla_paused_at')} is not null and ${ref('sla_paused_at')} < ${stop} then ${ref('sla_paused_at')} else ${stop} end`;
}

/**
 * `overdue`: not resolved or closed, and past the ticket's own `due_at` or a running (or paused)
 * SLA clock at or past its due date. Never NULL, so it can be negated.
 */
export function overdueSql(nowIso: string): Expression<SqlBool> {
  const fr = CLOCK_COLUMNS.first_response.due;
  const res = CLOCK_COLUMNS.resolution.due;
  return sql<SqlBool>`(${ref('status')} not in ('resolved', 'closed') and (
    (${ref('due_at')} is not null and ${ref('due_at')} < ${nowIso})
    or (${ref('first_response_at')} is null and ${ref(fr)} is not null and coalesce(${ref('sla_paused_at')}, ${nowIso}) >= ${ref(fr)})
    or (${ref(res)} is not null and coalesce(${ref('sla_paused_at')}, ${nowIso}) >= ${ref(res)})
  ))`;
}

/** `sla_breached`: a clock recorded as breached, or one that reached its due date before it stopped or paused. Never NULL. */
export function slaBreachedSql(nowIso: string): Expression<SqlBool> {
  const parts = SLA_CLOCKS.map((name) => {
    const c = CLOCK_COLUMNS[name];
    return sql`${ref(c.breached)} is not null or (${ref(c.due)} is not null and ${limitSql(name, nowIso)} >= ${ref(c.due)})`;
  });
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
