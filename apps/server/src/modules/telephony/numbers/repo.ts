import type { Destination, NumberRouting, PhoneNumber } from '@switchboard/shared';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB, TelNumbersTable } from '../../../db/schema.js';
import { contains } from '../../../db/query.js';
import { conflict, validation } from '../../../http/errors.js';
import { now, parseSort } from '../../../http/pagination.js';
import { deleteDestinations, getDestinations, setDestinations } from '../destinations.js';

/** The one answer to "this number belongs to someone": it says nothing about who. */
export const numberTaken = () => conflict('This number is taken', [{ field: 'e164', message: 'This number is taken' }]);

const DEFAULT_OPEN: Destination = { type: 'hangup' };

function toNumber(r: TelNumbersTable, slots: Record<string, Destination> | undefined): PhoneNumber {
  return {
    id: r.id,
    e164: r.e164,
    status: r.status as PhoneNumber['status'],
    description: r.description,
    trunk_id: r.trunk_id,
    sms_enabled: Number(r.sms_enabled) === 1,
    sms_webhook_url: r.sms_webhook_url,
    routing: { schedule_id: r.schedule_id, open: slots?.open ?? DEFAULT_OPEN, closed: slots?.closed ?? null },
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

async function withRouting(db: Kysely<DB>, tenantId: string, rows: TelNumbersTable[]): Promise<PhoneNumber[]> {
  const slots = await getDestinations(
    db,
    tenantId,
    'number',
    rows.map((r) => r.id),
  );
  return rows.map((r) => toNumber(r, slots.get(r.id)));
}

export async function getNumber(db: Kysely<DB>, tenantId: string, id: string): Promise<PhoneNumber | undefined> {
  const row = await db.selectFrom('tel_numbers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? (await withRouting(db, tenantId, [row]))[0] : undefined;
}

export interface NumberListFilter {
  q?: string;
  status?: string;
  trunk_id?: string;
  schedule_id?: string;
  sort: string;
  page: number;
  page_size: number;
}

/** One page: three queries (count, rows, their destinations). */
export async function listNumbers(db: Kysely<DB>, tenantId: string, f: NumberListFilter) {
  let q = db.selectFrom('tel_numbers').where('tenant_id', '=', tenantId);
  if (f.q) {
    const text = f.q;
    // "+1 (415) 555" finds +14155550100: the number matches on its digits, however they were typed.
    const digits = text.replace(/\D/g, '');
    q = q.where((e) => (digits ? e.or([contains('e164', digits), contains('description', text)]) : contains('description', text)));
  }
  if (f.status) q = q.where('status', '=', f.status);
  if (f.trunk_id) q = q.where('trunk_id', '=', f.trunk_id);
  if (f.schedule_id) q = q.where('schedule_id', '=', f.schedule_id);
  const [col, dir] = parseSort<'e164' | 'created_at'>(f.sort);
  const [total, rows] = await Promise.all([
    q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    q
      .selectAll()
      .orderBy(col, dir)
      .orderBy('id')
      .limit(f.page_size)
      .offset((f.page - 1) * f.page_size)
      .execute(),
  ]);
  return { rows: await withRouting(db, tenantId, rows), total: total.n };
}

export async function countNumbers(db: Kysely<DB>, tenantId: string): Promise<number> {
  const r = await db
    .selectFrom('tel_numbers')
    .select((e) => e.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** 409 when any tenant (this one included) holds the number; the same answer either way. */
export async function assertNumberFree(db: Kysely<DB>, e164: string, exceptId?: string): Promise<void> {
  let q = db.selectFrom('tel_numbers').select('id').where('e164', '=', e164);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw numberTaken();
}

/** 400 on `trunk_id` unless the trunk is this tenant's. */
export async function assertTrunk(db: Kysely<DB>, tenantId: string, trunkId: string): Promise<void> {
  const t = await db.selectFrom('tel_trunks').select('id').where('tenant_id', '=', tenantId).where('id', '=', trunkId).executeTakeFirst();
  if (!t) throw validation(`No trunk ${trunkId} in this tenant`, [{ field: 'trunk_id', message: 'trunk not found' }]);
}

/** 400 on `routing.schedule_id` unless the schedule is this tenant's. */
export async function assertScheduleExists(db: Kysely<DB>, tenantId: string, scheduleId: string): Promise<void> {
  const s = await db.selectFrom('tel_schedules').select('id').where('tenant_id', '=', tenantId).where('id', '=', scheduleId).executeTakeFirst();
  if (!s) throw validation(`No schedule ${scheduleId} in this tenant`, [{ field: 'routing.schedule_id', message: 'schedule not found' }]);
}

export interface NumberFields {
  e164?: string;
  status?: string;
  description?: string | null;
  trunk_id?: string | null;
  sms_enabled?: boolean;
  sms_webhook_url?: string | null;
  routing?: Partial<NumberRouting>;
}

/** Write the routing's destinations (each target checked: 400 on `routing.open` / `routing.closed`). */
async function writeRouting(db: Kysely<DB>, tenantId: string, id: string, routing: Partial<NumberRouting>): Promise<void> {
  await setDestinations(db, tenantId, 'number', id, { open: routing.open, closed: routing.closed }, 'routing.');
}

export async function insertNumber(db: Kysely<DB>, tenantId: string, f: NumberFields & { e164: string; status: string }): Promise<string> {
  const id = uuidv7();
  const at = now();
  const routing = f.routing ?? {};
  await db
    .insertInto('tel_numbers')
    .values({
      id,
      tenant_id: tenantId,
      e164: f.e164,
      status: f.status,
      description: f.description || null,
      trunk_id: f.trunk_id ?? null,
      sms_enabled: f.sms_enabled ? 1 : 0,
      sms_webhook_url: f.sms_webhook_url ?? null,
      schedule_id: routing.schedule_id ?? null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await writeRouting(db, tenantId, id, { open: routing.open ?? DEFAULT_OPEN, closed: routing.closed ?? null });
  return id;
}

export async function updateNumber(db: Kysely<DB>, tenantId: string, id: string, f: NumberFields): Promise<void> {
  const set: Partial<TelNumbersTable> = { updated_at: now() };
  if (f.e164 !== undefined) set.e164 = f.e164;
  if (f.status !== undefined) set.status = f.status;
  if (f.description !== undefined) set.description = f.description || null;
  if (f.trunk_id !== undefined) set.trunk_id = f.trunk_id;
  if (f.sms_enabled !== undefined) set.sms_enabled = f.sms_enabled ? 1 : 0;
  if (f.sms_webhook_url !== undefined) set.sms_webhook_url = f.sms_webhook_url;
  if (f.routing?.schedule_id !== undefined) set.schedule_id = f.routing.schedule_id;
  await db.updateTable('tel_numbers').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  if (f.routing) await writeRouting(db, tenantId, id, f.routing);
}

/** Delete a number and its destinations; its e164 is free for anyone afterwards. */
export async function deleteNumber(db: Kysely<DB>, tenantId: string, id: string): Promise<void> {
  await deleteDestinations(db, tenantId, 'number', id);
  await db.deleteFrom('tel_numbers').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
