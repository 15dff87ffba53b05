import { type Closure, type Holiday, type OpenInterval, type Schedule, WEEKDAYS, type Weekday } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB, TelSchedulesTable } from '../../../db/schema.js';
import { contains } from '../../../db/query.js';
import { conflict } from '../../../http/errors.js';
import { now, parseSort } from '../../../http/pagination.js';
import { normalizeWeekly } from './calendar.js';

/** What a schedule is written from (validated by the shared schema: canonical zone, UTC instants). */
export interface ScheduleFields {
  name?: string;
  timezone?: string;
  weekly?: Partial<Record<Weekday, OpenInterval[]>>;
  holidays?: Holiday[];
  closures?: { starts_at: string; ends_at: string; reason?: string | null }[];
}

/** Many schedules with their hours, holidays and closures: four queries whatever the count. */
async function hydrate(db: Kysely<DB>, tenantId: string, rows: TelSchedulesTable[]): Promise<Schedule[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [hours, holidays, closures] = await Promise.all([
    db.selectFrom('tel_schedule_hours').selectAll().where('tenant_id', '=', tenantId).where('schedule_id', 'in', ids).orderBy('start_time').execute(),
    db.selectFrom('tel_schedule_holidays').selectAll().where('tenant_id', '=', tenantId).where('schedule_id', 'in', ids).orderBy('date').execute(),
    db
      .selectFrom('tel_schedule_closures')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('schedule_id', 'in', ids)
      .orderBy('starts_at')
      .orderBy('id')
      .execute(),
  ]);
  return rows.map((r) => {
    const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as OpenInterval[]])) as Record<Weekday, OpenInterval[]>;
    for (const h of hours) if (h.schedule_id === r.id) weekly[h.day as Weekday]?.push({ start: h.start_time, end: h.end_time });
    return {
      id: r.id,
      name: r.name,
      timezone: r.timezone,
      weekly,
      holidays: holidays.filter((h) => h.schedule_id === r.id).map((h) => ({ date: h.date, name: h.name, recurring: Number(h.recurring) === 1 })),
      closures: closures.filter((c) => c.schedule_id === r.id).map((c): Closure => ({ starts_at: c.starts_at, ends_at: c.ends_at, reason: c.reason })),
      created_at: r.created_at,
      updated_at: r.updated_at,
    };
  });
}

export async function getSchedule(db: Kysely<DB>, tenantId: string, id: string): Promise<Schedule | undefined> {
  const row = await db.selectFrom('tel_schedules').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? (await hydrate(db, tenantId, [row]))[0] : undefined;
}

/** Schedules of the tenant by id (for routing many numbers at once). */
export async function getSchedules(db: Kysely<DB>, tenantId: string, ids: string[]): Promise<Map<string, Schedule>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('tel_schedules').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', unique).execute();
  return new Map((await hydrate(db, tenantId, rows)).map((s) => [s.id, s]));
}

export async function listSchedules(db: Kysely<DB>, tenantId: string, f: { q?: string; sort: string; page: number; page_size: number }) {
  let q = db.selectFrom('tel_schedules').where('tenant_id', '=', tenantId);
  if (f.q) q = q.where(contains('name', f.q));
  const [col, dir] = parseSort<'name' | 'created_at'>(f.sort);
  const page = (col === 'name' ? q.selectAll().orderBy(sql`lower(${sql.ref('name')})`, dir) : q.selectAll().orderBy(col, dir)).orderBy('id');
  const [total, rows] = await Promise.all([
    q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    page
      .limit(f.page_size)
      .offset((f.page - 1) * f.page_size)
      .execute(),
  ]);
  return { rows: await hydrate(db, tenantId, rows), total: total.n };
}

export const scheduleNameTaken = () => conflict('A schedule with this name exists', [{ field: 'name', message: 'already exists' }]);

/** Names are unique per tenant ignoring case, on every database (the unique indexes back this up). */
export async function assertScheduleNameFree(db: Kysely<DB>, tenantId: string, name: string, exceptId?: string): Promise<void> {
  let q = db
    .selectFrom('tel_schedules')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where(sql<string>`lower(${sql.ref('name')})`, '=', name.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw scheduleNameTaken();
}

async function writeChildren(db: Kysely<DB>, tenantId: string, id: string, f: ScheduleFields): Promise<void> {
  if (f.weekly) {
    await db.deleteFrom('tel_schedule_hours').where('schedule_id', '=', id).execute();
    const rows = Object.entries(normalizeWeekly(f.weekly)).flatMap(([day, list]) =>
      list.map((iv) => ({ tenant_id: tenantId, schedule_id: id, day, start_time: iv.start, end_time: iv.end })),
    );
    if (rows.length) await db.insertInto('tel_schedule_hours').values(rows).execute();
  }
  if (f.holidays) {
    await db.deleteFrom('tel_schedule_holidays').where('schedule_id', '=', id).execute();
    const rows = f.holidays.map((h) => ({ tenant_id: tenantId, schedule_id: id, date: h.date, name: h.name, recurring: h.recurring ? 1 : 0 }));
    if (rows.length) await db.insertInto('tel_schedule_holidays').values(rows).execute();
  }
  if (f.closures) {
    await db.deleteFrom('tel_schedule_closures').where('schedule_id', '=', id).execute();
    const rows = f.closures.map((c) => ({
      id: uuidv7(),
      tenant_id: tenantId,
      schedule_id: id,
      starts_at: c.starts_at,
      ends_at: c.ends_at,
      reason: c.reason || null,
    }));
    if (rows.length) await db.insertInto('tel_schedule_closures').values(rows).execute();
  }
}

export async function insertSchedule(db: Kysely<DB>, tenantId: string, f: ScheduleFields & { name: string; timezone: string }): Promise<string> {
  const id = uuidv7();
  const at = now();
  await db.insertInto('tel_schedules').values({ id, tenant_id: tenantId, name: f.name, timezone: f.timezone, created_at: at, updated_at: at }).execute();
  await writeChildren(db, tenantId, id, { weekly: f.weekly ?? {}, holidays: f.holidays ?? [], closures: f.closures ?? [] });
  return id;
}

export async function updateSchedule(db: Kysely<DB>, tenantId: string, id: string, f: ScheduleFields): Promise<void> {
  const set: Partial<TelSchedulesTable> = { updated_at: now() };
  if (f.name !== undefined) set.name = f.name;
  if (f.timezone !== undefined) set.timezone = f.timezone;
  await db.updateTable('tel_schedules').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  await writeChildren(db, tenantId, id, f);
}

/** 409 listing what still uses a schedule: numbers routing on it, helpdesk SLA policies timed by it and chat widgets opening on it. */
export async function assertScheduleUnused(db: Kysely<DB>, tenantId: string, id: string): Promise<void> {
  const [numbers, policies, widgets] = await Promise.all([
    db.selectFrom('tel_numbers').select(['id', 'e164']).where('tenant_id', '=', tenantId).where('schedule_id', '=', id).orderBy('e164').execute(),
    db.selectFrom('hd_sla_policies').select(['id', 'name']).where('tenant_id', '=', tenantId).where('schedule_id', '=', id).orderBy('name').execute(),
    // A deleted widget gave its schedule up when it was deleted.
    db.selectFrom('chat_widgets').select(['id', 'name']).where('tenant_id', '=', tenantId).where('schedule_id', '=', id).where('deleted_at', 'is', null).orderBy('name').execute(),
  ]);
  if (numbers.length || policies.length || widgets.length)
    throw conflict(`This schedule is used by ${numbers.length} number(s), ${policies.length} SLA policy(ies) and ${widgets.length} chat widget(s); change them first`, [
      ...numbers.map((n) => ({ field: `number:${n.id}`, message: `${n.e164} routes on this schedule` })),
      ...policies.map((p) => ({ field: `sla_policy:${p.id}`, message: `${p.name} is timed by this schedule` })),
      ...widgets.map((w) => ({ field: `chat_widget:${w.id}`, message: `${w.name} opens on this schedule` })),
    ]);
}

export async function deleteSchedule(db: Kysely<DB>, tenantId: string, id: string): Promise<void> {
  for (const t of ['tel_schedule_hours', 'tel_schedule_holidays', 'tel_schedule_closures'] as const)
    await db.deleteFrom(t).where('tenant_id', '=', tenantId).where('schedule_id', '=', id).execute();
  await db.deleteFrom('tel_schedules').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
