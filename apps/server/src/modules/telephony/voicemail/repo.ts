import type { CreateVoicemailBoxBody, UpdateVoicemailBoxBody, VoicemailBox } from '@switchboard/shared';
import type { Generated, Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB, TelVoicemailBoxesTable } from '../../../db/schema.js';
import { conflict, validation } from '../../../http/errors.js';
import { now } from '../../../http/pagination.js';
import { NO_GREETING, toGreetingAudio } from '../ivr/greeting.js';

/** The columns of Asterisk's `voicemail` table Switchboard writes (the others stay NULL: Asterisk's defaults). */
export interface AstVoicemailRow {
  /** Auto-increment: the database assigns it. */
  uniqueid: Generated<number>;
  context: string;
  mailbox: string;
  password: string;
  fullname: string | null;
  email: string | null;
  attach: string | null;
  deletevoicemail: string | null;
  tenant_id: string | null;
}

type AstVoicemailTables = {
  voicemail: AstVoicemailRow;
  /** Only `mailboxes` (MWI: `<mailbox>@<context>`) is rewritten here when a box's number changes. */
  ps_endpoints: { id: string; mailboxes: string | null; tenant_id: string | null };
};
const withAstVoicemail = (db: Kysely<DB>) => db.withTables<AstVoicemailTables>();

/** Asterisk's voicemail context of a tenant: its slug. */
export const voicemailContext = (tenantId: string) => tenantId;

/** How an endpoint names a box for MWI (`ps_endpoints.mailboxes`): `<mailbox>@<context>`, as the extensions module writes it. */
const mailboxRef = (tenantId: string, mailbox: string) => `${mailbox}@${voicemailContext(tenantId)}`;

const yesNo = (b: number | boolean) => (Number(b) === 1 ? 'yes' : 'no');

function astRow(b: TelVoicemailBoxesTable): Omit<AstVoicemailRow, 'uniqueid'> {
  return {
    context: voicemailContext(b.tenant_id),
    mailbox: b.mailbox,
    password: b.pin,
    fullname: b.name,
    email: b.email,
    attach: yesNo(b.attach_audio),
    deletevoicemail: yesNo(b.delete_after_email),
    tenant_id: b.tenant_id,
  };
}

export function toBox(r: TelVoicemailBoxesTable): VoicemailBox {
  return {
    id: r.id,
    mailbox: r.mailbox,
    name: r.name,
    email: r.email,
    attach_audio: Number(r.attach_audio) === 1,
    delete_after_email: Number(r.delete_after_email) === 1,
    context: voicemailContext(r.tenant_id),
    greeting_audio: toGreetingAudio(r),
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export async function getBoxRow(db: Kysely<DB>, tenantId: string, id: string): Promise<TelVoicemailBoxesTable | undefined> {
  return db.selectFrom('tel_voicemail_boxes').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

const mailboxTaken = () => conflict('A voicemail box with this number exists', [{ field: 'mailbox', message: 'already exists' }]);

async function assertMailboxFree(db: Kysely<DB>, tenantId: string, mailbox: string, exceptId?: string): Promise<void> {
  let q = db.selectFrom('tel_voicemail_boxes').select('id').where('tenant_id', '=', tenantId).where('mailbox', '=', mailbox);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw mailboxTaken();
}

/** Deleting messages once emailed needs an email address, or they would be lost. */
function assertDeleteNeedsEmail(b: TelVoicemailBoxesTable): void {
  if (Number(b.delete_after_email) === 1 && !b.email)
    throw validation('Messages can be deleted after emailing only when an email address is set', [
      { field: 'delete_after_email', message: 'needs an email address' },
    ]);
}

export async function insertBox(db: Kysely<DB>, tenantId: string, body: CreateVoicemailBoxBody): Promise<string> {
  await assertMailboxFree(db, tenantId, body.mailbox);
  const at = now();
  const row: TelVoicemailBoxesTable = {
    id: uuidv7(),
    tenant_id: tenantId,
    mailbox: body.mailbox,
    name: body.name,
    pin: body.pin,
    email: body.email ?? null,
    attach_audio: body.attach_audio === false ? 0 : 1,
    delete_after_email: body.delete_after_email ? 1 : 0,
    ...NO_GREETING,
    created_at: at,
    updated_at: at,
  };
  assertDeleteNeedsEmail(row);
  await db.insertInto('tel_voicemail_boxes').values(row).execute();
  await withAstVoicemail(db).insertInto('voicemail').values(astRow(row)).execute();
  return row.id;
}

/** Update a box and its Asterisk row in place (Asterisk's `uniqueid` stays). */
export async function updateBox(db: Kysely<DB>, current: TelVoicemailBoxesTable, body: UpdateVoicemailBoxBody): Promise<void> {
  if (body.mailbox !== undefined && body.mailbox !== current.mailbox) await assertMailboxFree(db, current.tenant_id, body.mailbox, current.id);
  const next: TelVoicemailBoxesTable = { ...current, updated_at: now() };
  if (body.mailbox !== undefined) next.mailbox = body.mailbox;
  if (body.name !== undefined) next.name = body.name;
  if (body.pin !== undefined) next.pin = body.pin;
  if (body.email !== undefined) next.email = body.email;
  if (body.attach_audio !== undefined) next.attach_audio = body.attach_audio ? 1 : 0;
  if (body.delete_after_email !== undefined) next.delete_after_email = body.delete_after_email ? 1 : 0;
  assertDeleteNeedsEmail(next);
  const { id, tenant_id, created_at, ...set } = next;
  await db.updateTable('tel_voicemail_boxes').set(set).where('tenant_id', '=', tenant_id).where('id', '=', id).execute();
  await withAstVoicemail(db)
    .updateTable('voicemail')
    .set(astRow(next))
    .where('context', '=', voicemailContext(tenant_id))
    .where('mailbox', '=', current.mailbox)
    .where('tenant_id', '=', tenant_id)
    .execute();
  // Extensions with this box announce its messages (MWI) by number: follow the new one.
  if (next.mailbox !== current.mailbox) {
    const endpoints = await extensionsUsing(db, tenant_id, id);
    if (endpoints.length)
      await withAstVoicemail(db)
        .updateTable('ps_endpoints')
        .set({ mailboxes: mailboxRef(tenant_id, next.mailbox) })
        .where('tenant_id', '=', tenant_id)
        .where(
          'id',
          'in',
          endpoints.map((e) => e.endpoint_id),
        )
        .execute();
  }
}

/** The extensions whose voicemail box this is. */
export async function extensionsUsing(db: Kysely<DB>, tenantId: string, boxId: string) {
  return db
    .selectFrom('tel_extensions')
    .select(['id', 'number', 'endpoint_id'])
    .where('tenant_id', '=', tenantId)
    .where('voicemail_box_id', '=', boxId)
    .orderBy('number')
    .execute();
}

/** Refuse (409) to delete a box that extensions still use, listing them. */
export async function assertNoExtensionUses(db: Kysely<DB>, tenantId: string, boxId: string): Promise<void> {
  const exts = await extensionsUsing(db, tenantId, boxId);
  if (exts.length)
    throw conflict(
      `This voicemail box is used by ${exts.length} extension(s) (${exts.map((e) => e.number).join(', ')}); change them first`,
      exts.map((e) => ({ field: `extension:${e.id}`, message: `extension ${e.number} uses this box` })),
    );
}

export async function deleteBox(db: Kysely<DB>, b: TelVoicemailBoxesTable): Promise<void> {
  await withAstVoicemail(db)
    .deleteFrom('voicemail')
    .where('context', '=', voicemailContext(b.tenant_id))
    .where('mailbox', '=', b.mailbox)
    .where('tenant_id', '=', b.tenant_id)
    .execute();
  await db.deleteFrom('tel_voicemail_boxes').where('tenant_id', '=', b.tenant_id).where('id', '=', b.id).execute();
}
