import type { Permission } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';

/** What a module emits: a dotted type, its data, and who may see it. */
export interface EventInput {
  /** Dotted type, e.g. `ticket.updated`, `chat.message.created`. */
  type: string;
  /** The payload (JSON-serialisable). */
  data: unknown;
  /** Permission a console user needs to receive it (null: every user of the tenant). */
  permission?: Permission | null;
  /** When set, only this user receives it (personal notifications). */
  user_id?: string | null;
}

/** An event as clients see it: the event model of ARCHITECTURE.md plus its place in the stream. */
export interface StreamEvent {
  type: string;
  tenant_id: string;
  at: string;
  data: unknown;
  /** Position in the tenant's gap-free stream; absent for ephemeral events (typing, presence). */
  seq?: number;
  permission: Permission | null;
  user_id: string | null;
}

const COUNTER = 'events';

/**
 * Append an event to the tenant's stream inside the caller's transaction, so the event exists
 * exactly when the change it describes does. The counter UPDATE locks the tenant's stream row
 * until commit: events of one tenant commit in sequence order, which is what makes the stream
 * gap-free for a client that resumes after a number. Call `hub.poke(tenantId)` after commit.
 */
export async function emitEvent(trx: Kysely<DB>, tenantId: string, e: EventInput): Promise<StreamEvent> {
  const bumped = await trx
    .updateTable('tenant_counters')
    .set((x) => ({ value: sql<number>`${x.ref('value')} + 1` }))
    .where('tenant_id', '=', tenantId)
    .where('name', '=', COUNTER)
    .executeTakeFirst();
  // Tenants created before the events migration have their row from it; this covers rows made by hand.
  if (Number(bumped.numUpdatedRows) === 0) await trx.insertInto('tenant_counters').values({ tenant_id: tenantId, name: COUNTER, value: 1 }).execute();
  const r = await trx.selectFrom('tenant_counters').select('value').where('tenant_id', '=', tenantId).where('name', '=', COUNTER).executeTakeFirstOrThrow();
  const ev: StreamEvent = {
    type: e.type,
    tenant_id: tenantId,
    at: new Date().toISOString(),
    data: e.data,
    seq: Number(r.value),
    permission: e.permission ?? null,
    user_id: e.user_id ?? null,
  };
  await trx
    .insertInto('events')
    .values({
      tenant_id: tenantId,
      seq: ev.seq as number,
      type: ev.type,
      data: JSON.stringify(ev.data ?? null),
      permission: ev.permission,
      user_id: ev.user_id,
      at: ev.at,
    })
    .execute();
  return ev;
}

/** Events of a tenant after `after`, oldest first (at most `limit`). */
export async function readEvents(db: Kysely<DB>, tenantId: string, after: number, limit = 500): Promise<StreamEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    type: r.type,
    tenant_id: r.tenant_id,
    at: r.at,
    data: JSON.parse(r.data),
    seq: Number(r.seq),
    permission: (r.permission as Permission | null) ?? null,
    user_id: r.user_id,
  }));
}

/** The newest sequence number of a tenant's stream (0 when it has none). */
export async function lastSeq(db: Kysely<DB>, tenantId: string): Promise<number> {
  const r = await db.selectFrom('events').select((e) => e.fn.max('seq').as('m')).where('tenant_id', '=', tenantId).executeTakeFirst();
  return Number(r?.m ?? 0);
}
