import { type CreateIvrMenuBody, type Destination, IVR_DIGITS, type IvrMenu, type UpdateIvrMenuBody } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { dialectOfDb } from '../../../db/migration-helpers.js';
import type { DB, TelIvrMenusTable } from '../../../db/schema.js';
import { conflict, validation } from '../../../http/errors.js';
import { now } from '../../../http/pagination.js';
import { assertDestination, getDestinations, setDestinations, toDestination } from '../destinations.js';
import { trappedMenus } from './graph.js';
import { NO_GREETING, toGreetingAudio } from './greeting.js';

export const IVR_DEFAULTS = { timeout_seconds: 5, repeat_count: 2 } as const;

const DIGIT_ORDER = new Map<string, number>(IVR_DIGITS.map((d, i) => [d, i]));

export async function getMenuRow(db: Kysely<DB>, tenantId: string, id: string): Promise<TelIvrMenusTable | undefined> {
  return db.selectFrom('tel_ivr_menus').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Rows → API shapes with their destinations (one more query for any number of menus). */
export async function toMenus(db: Kysely<DB>, tenantId: string, rows: TelIvrMenusTable[]): Promise<IvrMenu[]> {
  const dests = await getDestinations(
    db,
    tenantId,
    'ivr',
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const slots = dests.get(r.id) ?? {};
    const options = Object.entries(slots)
      .filter(([slot]) => DIGIT_ORDER.has(slot))
      .sort(([a], [b]) => (DIGIT_ORDER.get(a) ?? 0) - (DIGIT_ORDER.get(b) ?? 0))
      .map(([digit, destination]) => ({ digit: digit as IvrMenu['options'][number]['digit'], destination }));
    return {
      id: r.id,
      name: r.name,
      greeting_text: r.greeting_text,
      greeting_audio: toGreetingAudio(r),
      options,
      timeout: slots.timeout ?? null,
      invalid: slots.invalid ?? null,
      timeout_seconds: r.timeout_seconds,
      repeat_count: r.repeat_count,
      created_at: r.created_at,
      updated_at: r.updated_at,
    };
  });
}

export async function getMenu(db: Kysely<DB>, tenantId: string, id: string): Promise<IvrMenu | undefined> {
  const row = await getMenuRow(db, tenantId, id);
  return row ? (await toMenus(db, tenantId, [row]))[0] : undefined;
}

const nameTaken = () => conflict('An IVR menu with this name exists', [{ field: 'name', message: 'already exists' }]);

/** Names are unique per tenant ignoring case, on every database. */
async function assertNameFree(db: Kysely<DB>, tenantId: string, name: string, exceptId?: string): Promise<void> {
  let q = db
    .selectFrom('tel_ivr_menus')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where(sql<string>`lower(${sql.ref('name')})`, '=', name.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw nameTaken();
}

/** Write a menu's destinations: `options` replaces the whole set; `null` clears timeout/invalid. */
async function writeDestinations(db: Kysely<DB>, tenantId: string, id: string, body: UpdateIvrMenuBody): Promise<void> {
  const slots: Record<string, Destination | null | undefined> = { timeout: body.timeout, invalid: body.invalid };
  if (body.options) {
    for (const d of IVR_DIGITS) slots[d] = null;
    for (const o of body.options) slots[o.digit] = o.destination;
  }
  // Checked first with field names that point into the request (options.<index>.destination.target_id).
  for (const [i, o] of (body.options ?? []).entries()) await assertDestination(db, tenantId, o.destination, `options.${i}.destination.target_id`);
  if (body.timeout) await assertDestination(db, tenantId, body.timeout, 'timeout.target_id');
  if (body.invalid) await assertDestination(db, tenantId, body.invalid, 'invalid.target_id');
  await setDestinations(db, tenantId, 'ivr', id, slots);
}

/**
 * Refuse (400) a state in which some menu of the tenant could not be left; checked over the whole
 * graph of the tenant's menus after a write, inside its transaction.
 */
export async function assertMenusHaveWayOut(db: Kysely<DB>, tenantId: string): Promise<void> {
  const menus = await db.selectFrom('tel_ivr_menus').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('name').execute();
  const rows = await db.selectFrom('tel_destinations').selectAll().where('tenant_id', '=', tenantId).where('owner_type', '=', 'ivr').execute();
  const byMenu = new Map<string, typeof rows>();
  for (const r of rows) byMenu.set(r.owner_id, [...(byMenu.get(r.owner_id) ?? []), r]);
  const trapped = trappedMenus(
    menus.map((m) => {
      const own = byMenu.get(m.id) ?? [];
      return { id: m.id, name: m.name, destinations: own.map(toDestination), hasTimeout: own.some((r) => r.slot === 'timeout') };
    }),
  );
  if (trapped.length)
    throw validation(
      `A caller could never leave ${trapped.length === 1 ? 'this menu' : 'these menus'}: ${trapped.map((m) => `"${m.name}"`).join(', ')}. ` +
        'Every menu needs a way out: an option, timeout or invalid-input destination that is not a menu (or no timeout destination, which hangs up), or a menu that has one.',
      trapped.map((m) => ({ field: 'options', message: `menu "${m.name}" (${m.id}) has no way out` })),
    );
}

/**
 * Menu writes of one tenant run one after another (the tenant row is locked; SQLite serialises
 * writers anyway), so that the way-out check of each sees the menus the others committed. Call it
 * first in a `read committed` transaction.
 */
export async function lockTenantMenus(db: Kysely<DB>, tenantId: string): Promise<void> {
  if (dialectOfDb(db) !== 'sqlite') await db.selectFrom('tenants').select('id').where('id', '=', tenantId).forUpdate().execute();
}

export async function insertMenu(db: Kysely<DB>, tenantId: string, body: CreateIvrMenuBody): Promise<string> {
  await assertNameFree(db, tenantId, body.name);
  const at = now();
  const id = uuidv7();
  await db
    .insertInto('tel_ivr_menus')
    .values({
      id,
      tenant_id: tenantId,
      name: body.name,
      greeting_text: body.greeting_text ?? null,
      timeout_seconds: body.timeout_seconds ?? IVR_DEFAULTS.timeout_seconds,
      repeat_count: body.repeat_count ?? IVR_DEFAULTS.repeat_count,
      ...NO_GREETING,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await writeDestinations(db, tenantId, id, body);
  await assertMenusHaveWayOut(db, tenantId);
  return id;
}

export async function updateMenu(db: Kysely<DB>, current: TelIvrMenusTable, body: UpdateIvrMenuBody): Promise<void> {
  if (body.name !== undefined) await assertNameFree(db, current.tenant_id, body.name, current.id);
  const { options: _o, timeout: _t, invalid: _i, ...fields } = body;
  await db
    .updateTable('tel_ivr_menus')
    .set({ ...fields, updated_at: now() })
    .where('tenant_id', '=', current.tenant_id)
    .where('id', '=', current.id)
    .execute();
  await writeDestinations(db, current.tenant_id, current.id, body);
  await assertMenusHaveWayOut(db, current.tenant_id);
}
