import type { Destination, DestinationType } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, conflict } from '../../http/errors.js';

/** Who holds a destination: a number (slots `open`, `closed`), an IVR menu (`0`–`9`, `*`, `#`, `timeout`, `invalid`), a queue (`overflow`). */
export type DestinationOwner = 'number' | 'ivr' | 'queue';

/** The table of each object a destination may point at (all hold `id` and `tenant_id`). */
export const DESTINATION_TABLES: Record<'queue' | 'extension' | 'ivr' | 'voicemail', string> = {
  queue: 'tel_queues',
  extension: 'tel_extensions',
  ivr: 'tel_ivr_menus',
  voicemail: 'tel_voicemail_boxes',
};

function toRow(d: Destination): { type: DestinationType; target_id: string | null; value: string | null } {
  if ('target_id' in d) return { type: d.type, target_id: d.target_id, value: null };
  if (d.type === 'webhook') return { type: d.type, target_id: null, value: d.url };
  if (d.type === 'external') return { type: d.type, target_id: null, value: d.number };
  return { type: d.type, target_id: null, value: null };
}

/** Row → API shape. */
export function toDestination(r: { type: string; target_id: string | null; value: string | null }): Destination {
  switch (r.type) {
    case 'webhook':
      return { type: 'webhook', url: r.value ?? '' };
    case 'external':
      return { type: 'external', number: r.value ?? '' };
    case 'hangup':
      return { type: 'hangup' };
    default:
      return { type: r.type as 'queue', target_id: r.target_id ?? '' };
  }
}

/** 400 naming `field` when the destination's target is not an object of this tenant. */
export async function assertDestination(db: Kysely<DB>, tenantId: string, d: Destination, field: string): Promise<void> {
  if (!('target_id' in d)) return;
  const table = DESTINATION_TABLES[d.type];
  const found = await sql<{ id: string }>`select id from ${sql.table(table)} where tenant_id = ${tenantId} and id = ${d.target_id}`.execute(db);
  if (!found.rows.length)
    throw new AppError(400, 'validation_failed', 'Validation failed', `No ${d.type} ${d.target_id} in this tenant`, [
      { field, message: `${d.type} not found` },
    ]);
}

/** Replace the destinations an owner holds (validated first). `null` removes a slot. */
export async function setDestinations(
  db: Kysely<DB>,
  tenantId: string,
  owner: DestinationOwner,
  ownerId: string,
  slots: Record<string, Destination | null | undefined>,
  fieldPrefix = '',
): Promise<void> {
  for (const [slot, d] of Object.entries(slots)) if (d) await assertDestination(db, tenantId, d, `${fieldPrefix}${slot}`);
  for (const [slot, d] of Object.entries(slots)) {
    if (d === undefined) continue;
    await db.deleteFrom('tel_destinations').where('owner_type', '=', owner).where('owner_id', '=', ownerId).where('slot', '=', slot).execute();
    if (d) await db.insertInto('tel_destinations').values({ tenant_id: tenantId, owner_type: owner, owner_id: ownerId, slot, ...toRow(d) }).execute();
  }
}

/** Destinations of many owners at once: owner id → slot → destination. */
export async function getDestinations(db: Kysely<DB>, tenantId: string, owner: DestinationOwner, ownerIds: string[]) {
  const out = new Map<string, Record<string, Destination>>(ownerIds.map((id) => [id, {}]));
  if (!ownerIds.length) return out;
  const rows = await db
    .selectFrom('tel_destinations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('owner_type', '=', owner)
    .where('owner_id', 'in', ownerIds)
    .execute();
  for (const r of rows) {
    const slots = out.get(r.owner_id);
    if (slots) slots[r.slot] = toDestination(r);
  }
  return out;
}

/** Remove everything an owner holds (when the owner is deleted). */
export async function deleteDestinations(db: Kysely<DB>, tenantId: string, owner: DestinationOwner, ownerId: string): Promise<void> {
  await db.deleteFrom('tel_destinations').where('tenant_id', '=', tenantId).where('owner_type', '=', owner).where('owner_id', '=', ownerId).execute();
}

/**
 * Refuse (409) to delete an object that a route still points at, listing the routes. `exceptOwner`
 * ignores the object's own destinations (an IVR menu pointing at itself).
 */
export async function assertNotReferenced(
  db: Kysely<DB>,
  tenantId: string,
  type: keyof typeof DESTINATION_TABLES,
  id: string,
  exceptOwner?: { owner: DestinationOwner; id: string },
): Promise<void> {
  let q = db.selectFrom('tel_destinations').select(['owner_type', 'owner_id', 'slot']).where('tenant_id', '=', tenantId).where('type', '=', type).where('target_id', '=', id);
  if (exceptOwner) q = q.where((e) => e.or([e('owner_type', '!=', exceptOwner.owner), e('owner_id', '!=', exceptOwner.id)]));
  const refs = await q.execute();
  if (refs.length)
    throw conflict(
      `This ${type} is still a destination of ${refs.length} route(s); change them first`,
      refs.map((r) => ({ field: `${r.owner_type}:${r.owner_id}`, message: `routes ${r.slot} here` })),
    );
}
