import type { Extension } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { num } from '../../../db/index.js';
import type { DB, TelExtensionsTable } from '../../../db/schema.js';
import { contains } from '../../../db/query.js';
import { conflict, validation } from '../../../http/errors.js';
import { now, parseSort } from '../../../http/pagination.js';
import { getMember } from '../../users/repo.js';
import { contactsOf, removePjsipObject, replacePjsipObject } from '../pjsip.js';
import { type ExtensionValues, extensionPjsip, mailboxRef } from './service.js';

/** Rows → API shapes with linked users and registrations (a fixed number of queries whatever the count). */
async function toExtensions(db: Kysely<DB>, tenantId: string, rows: TelExtensionsTable[]): Promise<Extension[]> {
  const userIds = [...new Set(rows.map((r) => r.user_id).filter((u): u is string => !!u))];
  const users = userIds.length
    ? await db
        .selectFrom('users as u')
        .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'u.id').on('m.tenant_id', '=', tenantId).on('m.deleted_at', 'is', null))
        .select(['u.id', 'u.name', 'u.email'])
        .where('u.id', 'in', userIds)
        .where('u.deleted_at', 'is', null)
        .execute()
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const contacts = await contactsOf(
    db,
    rows.map((r) => r.endpoint_id),
  );
  return rows.map((r) => {
    const live = (contacts.get(r.endpoint_id) ?? []).filter((c) => !c.expired);
    return {
      id: r.id,
      number: r.number,
      display_name: r.display_name,
      user_id: r.user_id,
      user: (r.user_id && byId.get(r.user_id)) || null,
      endpoint: r.endpoint_id,
      max_contacts: Number(r.max_contacts),
      webrtc: Number(r.webrtc) === 1,
      recording: Number(r.recording) === 1,
      voicemail_box_id: r.voicemail_box_id,
      outbound_permission: r.outbound_permission as Extension['outbound_permission'],
      caller_id_number: r.caller_id_number,
      status: live.length ? 'registered' : 'unregistered',
      contacts: live.map(({ uri, user_agent, via_address, via_port, expires_at, reg_server }) => ({
        uri,
        user_agent,
        via_address,
        via_port,
        expires_at,
        reg_server,
      })),
      created_at: r.created_at,
      updated_at: r.updated_at,
    };
  });
}

export async function getExtensionRow(db: Kysely<DB>, tenantId: string, id: string): Promise<TelExtensionsTable | undefined> {
  return db.selectFrom('tel_extensions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function getExtension(db: Kysely<DB>, tenantId: string, id: string): Promise<Extension | undefined> {
  const r = await getExtensionRow(db, tenantId, id);
  return r ? (await toExtensions(db, tenantId, [r]))[0] : undefined;
}

export async function countExtensions(db: Kysely<DB>, tenantId: string): Promise<number> {
  const r = await db
    .selectFrom('tel_extensions')
    .select((e) => e.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return num(r.n);
}

/** The number as given (exactly `digits` long) or, when omitted, the lowest free one of that length. */
export async function resolveNumber(db: Kysely<DB>, tenantId: string, digits: number, given: string | undefined, exceptId?: string): Promise<string> {
  if (given !== undefined) {
    if (given.length !== digits)
      throw validation(`Extension numbers of this tenant have ${digits} digits`, [{ field: 'number', message: `Exactly ${digits} digits` }]);
    let q = db.selectFrom('tel_extensions').select('id').where('tenant_id', '=', tenantId).where('number', '=', given);
    if (exceptId) q = q.where('id', '!=', exceptId);
    if (await q.executeTakeFirst()) throw conflict(`Extension ${given} already exists`, [{ field: 'number', message: 'already taken' }]);
    return given;
  }
  const taken = new Set(
    (await db.selectFrom('tel_extensions').select('number').where('tenant_id', '=', tenantId).execute())
      .map((r) => r.number)
      .filter((n) => n.length === digits),
  );
  for (let n = 10 ** (digits - 1); n < 10 ** digits; n++) if (!taken.has(String(n))) return String(n);
  throw conflict(`Every ${digits}-digit extension number is taken`, [{ field: 'number', message: 'no free number' }]);
}

/** The linked user must be a member of this tenant, and not linked to another extension. */
export async function assertUserLinkable(db: Kysely<DB>, tenantId: string, userId: string, exceptId?: string): Promise<void> {
  if (!(await getMember(db, tenantId, userId)))
    throw validation('No such user in this tenant', [{ field: 'user_id', message: 'user not found in this tenant' }]);
  let q = db.selectFrom('tel_extensions').select('number').where('tenant_id', '=', tenantId).where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const other = await q.executeTakeFirst();
  if (other) throw conflict(`This user already has extension ${other.number}`, [{ field: 'user_id', message: `already linked to extension ${other.number}` }]);
}

/**
 * The mailbox number of a voicemail box of this tenant. `strict` (a box just given): 400 when there
 * is none with that id; otherwise null for a box deleted since.
 */
export async function voicemailMailbox(db: Kysely<DB>, tenantId: string, boxId: string, strict = true): Promise<string | null> {
  const r = await db.selectFrom('tel_voicemail_boxes').select('mailbox').where('tenant_id', '=', tenantId).where('id', '=', boxId).executeTakeFirst();
  const mailbox = r?.mailbox;
  if (!mailbox && !strict) return null;
  if (!mailbox) throw validation('No such voicemail box in this tenant', [{ field: 'voicemail_box_id', message: 'voicemail box not found in this tenant' }]);
  // ps_endpoints.mailboxes holds 40 characters.
  if (mailboxRef(tenantId, mailbox).length > 40)
    throw validation('Mailbox reference too long for Asterisk', [
      { field: 'voicemail_box_id', message: `${mailboxRef(tenantId, mailbox)} is longer than 40 characters` },
    ]);
  return mailbox;
}

/** Insert an extension and its Asterisk rows. */
export async function insertExtension(db: Kysely<DB>, tenantId: string, v: ExtensionValues, password: string, mailbox: string | null): Promise<string> {
  const id = uuidv7();
  const at = now();
  await db
    .insertInto('tel_extensions')
    .values({ id, tenant_id: tenantId, ...v, sip_password: password, created_at: at, updated_at: at })
    .execute();
  await replacePjsipObject(db, tenantId, null, extensionPjsip(tenantId, v, password, mailbox));
  return id;
}

/** Update an extension (and its password when given) and replace its Asterisk rows whole. */
export async function updateExtension(
  db: Kysely<DB>,
  tenantId: string,
  before: TelExtensionsTable,
  v: ExtensionValues,
  mailbox: string | null,
  password = before.sip_password,
): Promise<void> {
  await db
    .updateTable('tel_extensions')
    .set({ ...v, sip_password: password, updated_at: now() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', before.id)
    .execute();
  await replacePjsipObject(db, tenantId, before.endpoint_id, extensionPjsip(tenantId, v, password, mailbox));
}

/** Delete an extension and, in the same transaction, its endpoint, auth, aor and stored contacts. */
export async function deleteExtension(db: Kysely<DB>, tenantId: string, e: TelExtensionsTable): Promise<void> {
  await db.deleteFrom('tel_extensions').where('tenant_id', '=', tenantId).where('id', '=', e.id).execute();
  await removePjsipObject(db, tenantId, e.endpoint_id, { contacts: true });
}

export interface ExtensionListFilter {
  q?: string;
  user_id?: string;
  sort: string;
  page: number;
  page_size: number;
}

export async function listExtensions(db: Kysely<DB>, tenantId: string, f: ExtensionListFilter): Promise<{ rows: Extension[]; total: number }> {
  let q = db.selectFrom('tel_extensions').where('tenant_id', '=', tenantId);
  if (f.q) {
    const text = f.q;
    q = q.where((e) => e.or([contains('number', text), contains('display_name', text)]));
  }
  if (f.user_id) q = q.where('user_id', '=', f.user_id);
  const [col, dir] = parseSort<'number' | 'display_name' | 'created_at'>(f.sort);
  // Numbers sort by length first (all of a length when the tenant changed digits later), then text.
  let ordered = q.selectAll();
  if (col === 'number') ordered = ordered.orderBy(sql`length(${sql.ref('number')})`, dir).orderBy('number', dir);
  else if (col === 'display_name') ordered = ordered.orderBy(sql`lower(${sql.ref('display_name')})`, dir);
  else ordered = ordered.orderBy(col, dir);
  const [total, rows] = await Promise.all([
    q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ordered
      .orderBy('id')
      .limit(f.page_size)
      .offset((f.page - 1) * f.page_size)
      .execute(),
  ]);
  return { rows: await toExtensions(db, tenantId, rows), total: num(total.n) };
}
