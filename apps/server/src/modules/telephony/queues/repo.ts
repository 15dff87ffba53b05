import type { CreateQueueBody, Queue, QueueMember, UpdateQueueBody } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { num } from '../../../db/index.js';
import type { DB, TelQueueMembersTable, TelQueuesTable } from '../../../db/schema.js';
import { conflict, validation } from '../../../http/errors.js';
import { now } from '../../../http/pagination.js';
import { getDestinations } from '../destinations.js';
import { type AstQueuesRow, withAstQueues } from './asterisk.js';

/** Defaults of a new queue (Asterisk's own where it has one). */
export const QUEUE_DEFAULTS = {
  strategy: 'ringall',
  ring_timeout: 15,
  retry: 5,
  wrapup_time: 0,
  max_length: 0,
  max_wait: null,
  join_empty: 'yes',
  leave_when_empty: 'no',
  announce_frequency: 0,
  announce_position: 'no',
  announce_position_limit: 5,
  music_on_hold: 'default',
  service_level: 20,
} as const satisfies Partial<Record<keyof TelQueuesTable, unknown>>;

/** `Ventes Été!` → `ventes-ete`: lower-case ASCII letters and digits joined by `-`. */
export function nameSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Asterisk's name of a tenant's queue, `<tenant>-<name slug>`, at most 80 characters (queue_members.queue_name). */
export function asteriskQueueName(tenantId: string, name: string): string {
  const slug = nameSlug(name)
    .slice(0, 80 - tenantId.length - 1)
    .replace(/-+$/, '');
  if (!slug) throw validation('The name needs a letter or digit', [{ field: 'name', message: 'must contain a letter (a-z) or digit' }]);
  return `${tenantId}-${slug}`;
}

/** The PJSIP interface Asterisk rings for an extension: `PJSIP/<tenant>-<number>`. */
export function memberInterface(tenantId: string, number: string): string {
  return `PJSIP/${tenantId}-${number}`;
}

// ---------------------------------------------------------------------------------------------
// Extensions (tel_extensions belongs to the extensions module; members are read from it)
// ---------------------------------------------------------------------------------------------

export interface ExtensionRef {
  id: string;
  number: string;
  name: string | null;
}

/** The tenant's extensions among `ids`. */
export async function extensionsOf(db: Kysely<DB>, tenantId: string, ids: string[]): Promise<Map<string, ExtensionRef>> {
  const out = new Map<string, ExtensionRef>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('tel_extensions')
    .select(['id', 'number', 'display_name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) out.set(r.id, { id: r.id, number: r.number, name: r.display_name });
  return out;
}

/** What Asterisk logs as the member (queues.conf `log_membername_as_agent`): the extension's name, or its number. */
const memberName = (e: ExtensionRef) => (e.name?.trim() ? e.name.trim().slice(0, 80) : e.number);

// ---------------------------------------------------------------------------------------------
// Queues
// ---------------------------------------------------------------------------------------------

function astQueueRow(q: TelQueuesTable): AstQueuesRow {
  return {
    name: q.asterisk_name,
    tenant_id: q.tenant_id,
    strategy: q.strategy,
    timeout: q.ring_timeout,
    retry: q.retry,
    wrapuptime: q.wrapup_time,
    maxlen: q.max_length,
    joinempty: q.join_empty,
    leavewhenempty: q.leave_when_empty,
    announce_frequency: q.announce_frequency,
    announce_position: q.announce_position,
    announce_position_limit: q.announce_position_limit,
    musiconhold: q.music_on_hold,
    servicelevel: q.service_level,
    // An agent already on a call is not rung again; the channel gets MEMBERINTERFACE & co.
    ringinuse: 'no',
    setinterfacevar: 'yes',
  };
}

export async function getQueueRow(db: Kysely<DB>, tenantId: string, id: string): Promise<TelQueuesTable | undefined> {
  return db.selectFrom('tel_queues').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Rows → API shapes, with their overflow destinations and member counts (three queries for any number). */
export async function toQueues(db: Kysely<DB>, tenantId: string, rows: TelQueuesTable[]): Promise<Queue[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [dests, counts] = await Promise.all([
    getDestinations(db, tenantId, 'queue', ids),
    db
      .selectFrom('tel_queue_members')
      .select(['queue_id', (e) => e.fn.countAll().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('queue_id', 'in', ids)
      .groupBy('queue_id')
      .execute(),
  ]);
  const count = new Map(counts.map((c) => [c.queue_id, num(c.n)]));
  return rows.map(({ tenant_id: _t, ...r }) => ({
    ...r,
    strategy: r.strategy as Queue['strategy'],
    join_empty: r.join_empty as Queue['join_empty'],
    leave_when_empty: r.leave_when_empty as Queue['leave_when_empty'],
    announce_position: r.announce_position as Queue['announce_position'],
    overflow: dests.get(r.id)?.overflow ?? null,
    member_count: count.get(r.id) ?? 0,
  }));
}

export async function getQueue(db: Kysely<DB>, tenantId: string, id: string): Promise<Queue | undefined> {
  const row = await getQueueRow(db, tenantId, id);
  return row ? (await toQueues(db, tenantId, [row]))[0] : undefined;
}

const nameTaken = () => conflict('A queue with this name exists', [{ field: 'name', message: 'already exists' }]);

/** Names are unique per tenant ignoring case; the Asterisk name derived from it must be free on the whole platform. */
async function assertNamesFree(db: Kysely<DB>, tenantId: string, name: string, asteriskName: string, current?: TelQueuesTable): Promise<void> {
  let q = db
    .selectFrom('tel_queues')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where(sql<string>`lower(${sql.ref('name')})`, '=', name.toLowerCase());
  if (current) q = q.where('id', '!=', current.id);
  if (await q.executeTakeFirst()) throw nameTaken();
  if (current?.asterisk_name === asteriskName) return;
  const ours = await db.selectFrom('tel_queues').select('id').where('asterisk_name', '=', asteriskName).executeTakeFirst();
  const asterisk = await withAstQueues(db).selectFrom('queues').select('name').where('name', '=', asteriskName).executeTakeFirst();
  if (ours || asterisk)
    throw conflict(`This queue would be ${asteriskName} in Asterisk, a name already taken; choose another name`, [
      { field: 'name', message: `Asterisk queue ${asteriskName} exists` },
    ]);
}

/** Insert a queue and its Asterisk row; returns the new id. */
export async function insertQueue(db: Kysely<DB>, tenantId: string, body: CreateQueueBody): Promise<string> {
  const { overflow: _o, ...fields } = body;
  const asteriskName = asteriskQueueName(tenantId, body.name);
  await assertNamesFree(db, tenantId, body.name, asteriskName);
  const at = now();
  const row: TelQueuesTable = { ...QUEUE_DEFAULTS, ...fields, id: uuidv7(), tenant_id: tenantId, asterisk_name: asteriskName, created_at: at, updated_at: at };
  await db.insertInto('tel_queues').values(row).execute();
  await withAstQueues(db).insertInto('queues').values(astQueueRow(row)).execute();
  return row.id;
}

/** Update a queue and rewrite its Asterisk rows; a new name renames the Asterisk queue and its members' rows. */
export async function updateQueue(db: Kysely<DB>, current: TelQueuesTable, body: UpdateQueueBody): Promise<void> {
  const { overflow: _o, ...fields } = body;
  const ast = withAstQueues(db);
  const next: TelQueuesTable = { ...current, ...fields, updated_at: now() };
  if (fields.name !== undefined) {
    next.asterisk_name = asteriskQueueName(current.tenant_id, fields.name);
    await assertNamesFree(db, current.tenant_id, fields.name, next.asterisk_name, current);
  }
  const { id, tenant_id, created_at, ...set } = next;
  await db.updateTable('tel_queues').set(set).where('tenant_id', '=', tenant_id).where('id', '=', id).execute();
  const { name: _n, ...astSet } = astQueueRow(next);
  if (next.asterisk_name !== current.asterisk_name) {
    await ast.updateTable('queues').set({ name: next.asterisk_name }).where('name', '=', current.asterisk_name).where('tenant_id', '=', tenant_id).execute();
    await ast
      .updateTable('queue_members')
      .set({ queue_name: next.asterisk_name })
      .where('queue_name', '=', current.asterisk_name)
      .where('tenant_id', '=', tenant_id)
      .execute();
  }
  await ast.updateTable('queues').set(astSet).where('name', '=', next.asterisk_name).where('tenant_id', '=', tenant_id).execute();
}

/** Delete a queue, its members and its Asterisk rows (the caller checked that no route points at it). */
export async function deleteQueue(db: Kysely<DB>, q: TelQueuesTable): Promise<void> {
  const ast = withAstQueues(db);
  await ast.deleteFrom('queue_members').where('queue_name', '=', q.asterisk_name).where('tenant_id', '=', q.tenant_id).execute();
  await ast.deleteFrom('queues').where('name', '=', q.asterisk_name).where('tenant_id', '=', q.tenant_id).execute();
  await db.deleteFrom('tel_queue_members').where('tenant_id', '=', q.tenant_id).where('queue_id', '=', q.id).execute();
  await db.deleteFrom('tel_destinations').where('tenant_id', '=', q.tenant_id).where('owner_type', '=', 'queue').where('owner_id', '=', q.id).execute();
  await db.deleteFrom('tel_queues').where('tenant_id', '=', q.tenant_id).where('id', '=', q.id).execute();
}

// ---------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------

/** A queue's members, lowest penalty first, with their extensions' numbers and names. */
export async function listMembers(db: Kysely<DB>, tenantId: string, queueId: string): Promise<QueueMember[]> {
  const rows = await db
    .selectFrom('tel_queue_members')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('queue_id', '=', queueId)
    .orderBy('penalty')
    .orderBy('created_at')
    .orderBy('extension_id')
    .execute();
  const exts = await extensionsOf(
    db,
    tenantId,
    rows.map((r) => r.extension_id),
  );
  return rows.map((r) => toMember(r, exts.get(r.extension_id)));
}

function toMember(r: TelQueueMembersTable, e: ExtensionRef | undefined): QueueMember {
  const number = e?.number ?? r.interface.replace(/^PJSIP\/[^-]+-/, '');
  return {
    extension_id: r.extension_id,
    number,
    name: e ? memberName(e) : number,
    interface: r.interface,
    penalty: r.penalty,
    paused: Number(r.paused) === 1,
    pause_reason: r.pause_reason,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export async function getMember(db: Kysely<DB>, tenantId: string, queueId: string, extensionId: string): Promise<QueueMember | undefined> {
  const r = await db
    .selectFrom('tel_queue_members')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('queue_id', '=', queueId)
    .where('extension_id', '=', extensionId)
    .executeTakeFirst();
  if (!r) return undefined;
  return toMember(r, (await extensionsOf(db, tenantId, [extensionId])).get(extensionId));
}

export interface MemberFields {
  penalty?: number;
  paused?: boolean;
  pause_reason?: string | null;
}

/** Reason kept only while paused; a reason for an unpaused member is a client error. */
function pauseState(paused: boolean, reason: string | null | undefined, keep: string | null): { paused: number; pause_reason: string | null } {
  const r = reason === undefined ? keep : reason || null;
  if (!paused && reason) throw validation('Only a paused member has a pause reason', [{ field: 'pause_reason', message: 'set paused: true as well' }]);
  return { paused: paused ? 1 : 0, pause_reason: paused ? r : null };
}

/** Add an extension of the tenant to a queue (ours and Asterisk's rows). */
export async function addMember(db: Kysely<DB>, q: TelQueuesTable, extensionId: string, f: MemberFields): Promise<void> {
  const ext = (await extensionsOf(db, q.tenant_id, [extensionId])).get(extensionId);
  if (!ext) throw validation(`No extension ${extensionId} in this tenant`, [{ field: 'extension_id', message: 'extension not found' }]);
  const exists = await db
    .selectFrom('tel_queue_members')
    .select('queue_id')
    .where('queue_id', '=', q.id)
    .where('extension_id', '=', extensionId)
    .executeTakeFirst();
  if (exists) throw conflict('This extension is already a member of the queue', [{ field: 'extension_id', message: 'already a member' }]);
  const at = now();
  const iface = memberInterface(q.tenant_id, ext.number);
  const state = pauseState(f.paused ?? false, f.pause_reason, null);
  const penalty = f.penalty ?? 0;
  await db
    .insertInto('tel_queue_members')
    .values({ tenant_id: q.tenant_id, queue_id: q.id, extension_id: extensionId, interface: iface, penalty, ...state, created_at: at, updated_at: at })
    .execute();
  await withAstQueues(db)
    .insertInto('queue_members')
    .values({
      queue_name: q.asterisk_name,
      interface: iface,
      membername: memberName(ext),
      state_interface: iface,
      penalty,
      paused: state.paused,
      reason_paused: state.pause_reason,
      tenant_id: q.tenant_id,
    })
    .execute();
}

/** Change a member's penalty or pause state, in place (Asterisk keeps its `uniqueid`). */
export async function updateMember(db: Kysely<DB>, q: TelQueuesTable, extensionId: string, f: MemberFields): Promise<boolean> {
  const cur = await db
    .selectFrom('tel_queue_members')
    .selectAll()
    .where('tenant_id', '=', q.tenant_id)
    .where('queue_id', '=', q.id)
    .where('extension_id', '=', extensionId)
    .executeTakeFirst();
  if (!cur) return false;
  const state = pauseState(f.paused ?? Number(cur.paused) === 1, f.pause_reason, cur.pause_reason);
  const penalty = f.penalty ?? cur.penalty;
  await db
    .updateTable('tel_queue_members')
    .set({ penalty, ...state, updated_at: now() })
    .where('queue_id', '=', q.id)
    .where('extension_id', '=', extensionId)
    .execute();
  await withAstQueues(db)
    .updateTable('queue_members')
    .set({ penalty, paused: state.paused, reason_paused: state.pause_reason })
    .where('queue_name', '=', q.asterisk_name)
    .where('interface', '=', cur.interface)
    .where('tenant_id', '=', q.tenant_id)
    .execute();
  return true;
}

/** Penalties 0, 1, 2, … in the given order; the ids must be exactly the queue's members. */
export async function reorderMembers(db: Kysely<DB>, q: TelQueuesTable, extensionIds: string[]): Promise<void> {
  const rows = await db
    .selectFrom('tel_queue_members')
    .select(['extension_id', 'interface'])
    .where('tenant_id', '=', q.tenant_id)
    .where('queue_id', '=', q.id)
    .execute();
  const byId = new Map(rows.map((r) => [r.extension_id, r]));
  const errors: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  extensionIds.forEach((id, i) => {
    if (seen.has(id)) errors.push({ field: `extension_ids.${i}`, message: 'listed twice' });
    else if (!byId.has(id)) errors.push({ field: `extension_ids.${i}`, message: 'not a member of this queue' });
    seen.add(id);
  });
  const missing = rows.filter((r) => !seen.has(r.extension_id));
  if (missing.length) errors.push({ field: 'extension_ids', message: `missing ${missing.length} member(s): list every member once` });
  if (errors.length) throw validation('The order must list every member of the queue exactly once', errors);
  const ast = withAstQueues(db);
  const at = now();
  for (const [penalty, id] of extensionIds.entries()) {
    const m = byId.get(id) as { interface: string };
    await db.updateTable('tel_queue_members').set({ penalty, updated_at: at }).where('queue_id', '=', q.id).where('extension_id', '=', id).execute();
    await ast
      .updateTable('queue_members')
      .set({ penalty })
      .where('queue_name', '=', q.asterisk_name)
      .where('interface', '=', m.interface)
      .where('tenant_id', '=', q.tenant_id)
      .execute();
  }
}

/** Remove a member (ours and Asterisk's row). */
export async function removeMember(db: Kysely<DB>, q: TelQueuesTable, extensionId: string): Promise<boolean> {
  const cur = await db
    .selectFrom('tel_queue_members')
    .select('interface')
    .where('tenant_id', '=', q.tenant_id)
    .where('queue_id', '=', q.id)
    .where('extension_id', '=', extensionId)
    .executeTakeFirst();
  if (!cur) return false;
  await withAstQueues(db)
    .deleteFrom('queue_members')
    .where('queue_name', '=', q.asterisk_name)
    .where('interface', '=', cur.interface)
    .where('tenant_id', '=', q.tenant_id)
    .execute();
  await db.deleteFrom('tel_queue_members').where('queue_id', '=', q.id).where('extension_id', '=', extensionId).execute();
  return true;
}

/** The queues an extension belongs to (their Asterisk names and the interface written). */
async function membershipsOf(db: Kysely<DB>, tenantId: string, extensionId: string) {
  return db
    .selectFrom('tel_queue_members as m')
    .innerJoin('tel_queues as q', 'q.id', 'm.queue_id')
    .select(['m.queue_id', 'm.interface', 'q.asterisk_name', 'q.name'])
    .where('m.tenant_id', '=', tenantId)
    .where('m.extension_id', '=', extensionId)
    .execute();
}

/**
 * Take an extension out of every queue (Switchboard's and Asterisk's rows). The extensions module
 * calls this inside the transaction that deletes the extension. Returns the queues it left.
 */
export async function removeExtensionFromQueues(db: Kysely<DB>, tenantId: string, extensionId: string): Promise<{ queue_id: string; name: string }[]> {
  const rows = await membershipsOf(db, tenantId, extensionId);
  const ast = withAstQueues(db);
  for (const r of rows)
    await ast
      .deleteFrom('queue_members')
      .where('queue_name', '=', r.asterisk_name)
      .where('interface', '=', r.interface)
      .where('tenant_id', '=', tenantId)
      .execute();
  await db.deleteFrom('tel_queue_members').where('tenant_id', '=', tenantId).where('extension_id', '=', extensionId).execute();
  return rows.map((r) => ({ queue_id: r.queue_id, name: r.name }));
}

/**
 * Rewrite an extension's member rows after its number or name changed (interface
 * `PJSIP/<tenant>-<number>`, member name); call it inside the transaction of that change.
 */
export async function refreshExtensionInQueues(db: Kysely<DB>, tenantId: string, extensionId: string): Promise<void> {
  const ext = (await extensionsOf(db, tenantId, [extensionId])).get(extensionId);
  if (!ext) return;
  const iface = memberInterface(tenantId, ext.number);
  const ast = withAstQueues(db);
  for (const r of await membershipsOf(db, tenantId, extensionId)) {
    await ast
      .updateTable('queue_members')
      .set({ interface: iface, state_interface: iface, membername: memberName(ext) })
      .where('queue_name', '=', r.asterisk_name)
      .where('interface', '=', r.interface)
      .where('tenant_id', '=', tenantId)
      .execute();
  }
  await db.updateTable('tel_queue_members').set({ interface: iface }).where('tenant_id', '=', tenantId).where('extension_id', '=', extensionId).execute();
}
