import type { Trunk } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB, TelTrunksTable } from '../../../db/schema.js';
import { contains } from '../../../db/query.js';
import { conflict } from '../../../http/errors.js';
import { now, parseSort } from '../../../http/pagination.js';
import { contactsOf, registrationsPresent, removePjsipObject, replacePjsipObject } from '../pjsip.js';
import { type TrunkValues, trunkIps, trunkPjsip, trunkStatus } from './service.js';

/** Rows → API shapes, with live state (a fixed number of queries whatever the count). */
async function toTrunks(db: Kysely<DB>, tenantId: string, rows: TelTrunksTable[]): Promise<Trunk[]> {
  const ids = rows.map((r) => r.endpoint_id);
  const [contacts, registrations] = await Promise.all([contactsOf(db, ids), registrationsPresent(db, tenantId, ids)]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    endpoint: r.endpoint_id,
    host: r.host,
    port: Number(r.port),
    transport: r.transport as Trunk['transport'],
    register: Number(r.register) === 1,
    registration_expiration: Number(r.registration_expiration),
    outbound_auth: r.outbound_username ? { username: r.outbound_username, has_secret: !!r.outbound_secret } : null,
    inbound_auth: r.inbound_auth as Trunk['inbound_auth'],
    inbound_ips: trunkIps(r),
    inbound_username: r.inbound_auth === 'credentials' ? r.endpoint_id : null,
    has_inbound_secret: !!r.inbound_secret,
    from_user: r.from_user,
    from_domain: r.from_domain,
    codecs: r.codecs.split(',').filter(Boolean) as Trunk['codecs'],
    dtmf_mode: r.dtmf_mode as Trunk['dtmf_mode'],
    rtp_symmetric: Number(r.rtp_symmetric) === 1,
    force_rport: Number(r.force_rport) === 1,
    rewrite_contact: Number(r.rewrite_contact) === 1,
    direct_media: Number(r.direct_media) === 1,
    caller_id_number: r.caller_id_number,
    max_channels: r.max_channels === null ? null : Number(r.max_channels),
    status: trunkStatus(contacts.get(r.endpoint_id) ?? []),
    registration_configured: registrations.has(r.endpoint_id),
    created_at: r.created_at,
    updated_at: r.updated_at,
  }));
}

export async function getTrunkRow(db: Kysely<DB>, tenantId: string, id: string): Promise<TelTrunksTable | undefined> {
  return db.selectFrom('tel_trunks').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function getTrunk(db: Kysely<DB>, tenantId: string, id: string): Promise<Trunk | undefined> {
  const r = await getTrunkRow(db, tenantId, id);
  return r ? (await toTrunks(db, tenantId, [r]))[0] : undefined;
}

/** 409 on `name` when another trunk of the tenant has a name with the same slug (same Asterisk id). */
async function assertNameFree(db: Kysely<DB>, tenantId: string, v: TrunkValues, exceptId?: string): Promise<void> {
  let q = db.selectFrom('tel_trunks').select(['id', 'name']).where('tenant_id', '=', tenantId).where('endpoint_id', '=', v.endpoint_id);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const other = await q.executeTakeFirst();
  if (other)
    throw conflict(`A trunk named "${other.name}" already exists`, [
      { field: 'name', message: `taken by trunk "${other.name}" (Asterisk id ${v.endpoint_id})` },
    ]);
}

/** Insert a trunk and its Asterisk rows. */
export async function insertTrunk(db: Kysely<DB>, tenantId: string, v: TrunkValues): Promise<string> {
  await assertNameFree(db, tenantId, v);
  const id = uuidv7();
  const at = now();
  await db
    .insertInto('tel_trunks')
    .values({ id, tenant_id: tenantId, ...v, created_at: at, updated_at: at })
    .execute();
  await replacePjsipObject(db, tenantId, null, trunkPjsip(tenantId, v));
  return id;
}

/** Update a trunk and replace its Asterisk rows whole (a renamed trunk gets new ids). */
export async function updateTrunk(db: Kysely<DB>, tenantId: string, before: TelTrunksTable, v: TrunkValues): Promise<void> {
  await assertNameFree(db, tenantId, v, before.id);
  await db
    .updateTable('tel_trunks')
    .set({ ...v, updated_at: now() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', before.id)
    .execute();
  await replacePjsipObject(db, tenantId, before.endpoint_id, trunkPjsip(tenantId, v));
}

/** Refuse (409) to delete a trunk that phone numbers arrive on, listing them. */
export async function assertTrunkUnused(db: Kysely<DB>, tenantId: string, id: string): Promise<void> {
  const numbers = await sql<{
    id: string;
    e164: string;
  }>`select id, e164 from tel_numbers where tenant_id = ${tenantId} and trunk_id = ${id} order by e164`.execute(db);
  if (numbers.rows.length)
    throw conflict(
      `${numbers.rows.length} phone number(s) arrive on this trunk; move them to another trunk first`,
      numbers.rows.map((n) => ({ field: `number:${n.id}`, message: `${n.e164} uses this trunk` })),
    );
}

/** Delete a trunk and, in the same transaction, every Asterisk row of it. */
export async function deleteTrunk(db: Kysely<DB>, tenantId: string, t: TelTrunksTable): Promise<void> {
  await db.deleteFrom('tel_trunks').where('tenant_id', '=', tenantId).where('id', '=', t.id).execute();
  await removePjsipObject(db, tenantId, t.endpoint_id, { contacts: true });
}

export interface TrunkListFilter {
  q?: string;
  sort: string;
  page: number;
  page_size: number;
}

export async function listTrunks(db: Kysely<DB>, tenantId: string, f: TrunkListFilter): Promise<{ rows: Trunk[]; total: number }> {
  let q = db.selectFrom('tel_trunks').where('tenant_id', '=', tenantId);
  if (f.q) {
    const text = f.q;
    q = q.where((e) => e.or([contains('name', text), contains('host', text)]));
  }
  const [col, dir] = parseSort<'name' | 'created_at'>(f.sort);
  const ordered = col === 'name' ? q.selectAll().orderBy(sql`lower(${sql.ref('name')})`, dir) : q.selectAll().orderBy(col, dir);
  const [total, rows] = await Promise.all([
    q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ordered
      .orderBy('id')
      .limit(f.page_size)
      .offset((f.page - 1) * f.page_size)
      .execute(),
  ]);
  return { rows: await toTrunks(db, tenantId, rows), total: Number(total.n) };
}
