import type { InboundEmailResult, Ticket, TicketMessage } from '@switchboard/shared';
import type { Kysely } from 'kysely';
import { type ParsedMail, simpleParser } from 'mailparser';
import { v7 as uuidv7 } from 'uuid';
import type { AppDeps } from '../../app.js';
import { parseJson } from '../../db/query.js';
import type { DB } from '../../db/schema.js';
import { type AppError, isUniqueViolation } from '../../http/errors.js';
import { now } from '../../http/pagination.js';
import { emitEvent } from '../../realtime/events.js';
import { type Actor, recordAudit } from '../audit/repo.js';
import { insertContact } from '../contacts/repo.js';
import { attachmentsOfMessages, isAttachmentRefusal, storeAttachment } from './attachments.service.js';
import { type ChannelRow, channelAddresses } from './email-channels.repo.js';
import { type Mailbox, loopReason, mailboxesOf, normMessageId, replyText, syntheticMessageId, threadCandidates, ticketNumberIn } from './email-mime.js';
import { getTicket, ticketPrefix } from './tickets.repo.js';
import { applyTicketUpdate, createTicket, ticketEvent } from './tickets.service.js';

/**
 * Email in: one raw message (from the IMAP poller or the raw-MIME endpoint) becomes a new ticket,
 * a reply on an existing ticket, or nothing (a duplicate, an auto-reply, a bounce, our own mail).
 *
 * - Once only: the Message-ID (or, without one, the hash of the bytes) is stored per channel under
 *   a unique constraint in the transaction that stores the ticket or reply; a second delivery, even
 *   a concurrent one on another node, finds it or fails that constraint and changes nothing.
 * - Threading: In-Reply-To / References against every message of the tenant's threads first, the
 *   ticket number in the subject only as a fallback, and only when the sender is the ticket's
 *   requester or one of its CCs; otherwise (or when the ticket is closed) a new ticket.
 * - A requester's reply reopens a resolved ticket and ends a pending one's wait.
 */

export type IngestDeps = Pick<AppDeps, 'db' | 'dbh' | 'hub' | 'config'>;

/** Where a message came from, for the audit trail. */
export interface IngestSource {
  ip?: string | null;
  requestId?: string | null;
}

const MAX_SUBJECT = 255;
const MAX_BODY = 100_000;
const MAX_DESCRIPTION = 20_000;

const result = (outcome: InboundEmailResult['outcome'], ticket: Pick<Ticket, 'id' | 'number'> | null, reason: string | null = null): InboundEmailResult => ({
  outcome,
  ticket_id: ticket?.id ?? null,
  ticket_number: ticket?.number ?? null,
  reason,
});

/** A message the MIME parser gave up on: never retried (the poller skips it, the endpoint answers 400). */
export class UnreadableEmail extends Error {}

/** The tenant takes email in: not suspended, not deleted, helpdesk not switched off. */
export async function tenantTakesEmail(db: Kysely<DB>, tenantId: string): Promise<boolean> {
  const t = await db.selectFrom('tenants').select(['status', 'features']).where('id', '=', tenantId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!t || t.status === 'suspended' || t.status === 'inactive') return false;
  return parseJson<{ helpdesk?: boolean }>(t.features, {}).helpdesk !== false;
}

/** The earlier record of this message on this channel, if it was taken in already. */
async function seenBefore(db: Kysely<DB>, tenantId: string, channelId: string, messageId: string) {
  return db
    .selectFrom('hd_email_messages as m')
    .leftJoin('tickets as t', 't.id', 'm.ticket_id')
    .select(['m.ticket_id', 't.number'])
    .where('m.tenant_id', '=', tenantId)
    .where('m.channel_id', '=', channelId)
    .where('m.message_id', '=', messageId)
    .executeTakeFirst();
}

async function duplicateOf(db: Kysely<DB>, tenantId: string, channelId: string, messageId: string): Promise<InboundEmailResult> {
  const prior = await seenBefore(db, tenantId, channelId, messageId);
  return result('duplicate', prior?.ticket_id && prior.number ? { id: prior.ticket_id, number: prior.number } : null);
}

/** The contact with this address in the tenant, or a new one named from the From header. */
async function contactFor(db: Kysely<DB>, tenantId: string, who: Mailbox, actor: Actor): Promise<{ id: string; created: boolean }> {
  const found = await db
    .selectFrom('contacts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('deleted_at', 'is', null)
    .where((e) => e(e.fn('lower', ['email']), '=', who.address))
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  if (found) return { id: found.id, created: false };
  const display = who.name?.replace(/^["']|["']$/g, '').trim() || who.address.split('@')[0];
  const [first, ...rest] = display.split(/\s+/);
  const id = await db.transaction().execute(async (trx) => {
    const id = await insertContact(trx, tenantId, { first_name: first.slice(0, 100), last_name: rest.join(' ').slice(0, 100) || null, email: who.address });
    await recordAudit(trx, actor, { action: 'contact.created', entity_type: 'contact', entity_id: id, after: { id, email: who.address, source: 'email' } });
    return id;
  });
  return { id, created: true };
}

/** The ticket this message answers, by its headers first and by the number in its subject second. */
async function threadTicket(db: Kysely<DB>, tenantId: string, mail: ParsedMail): Promise<Ticket | undefined> {
  const candidates = threadCandidates(mail);
  if (candidates.length) {
    const rows = await db
      .selectFrom('hd_email_messages')
      .select(['message_id', 'ticket_id'])
      .where('tenant_id', '=', tenantId)
      .where('message_id', 'in', candidates)
      .where('ticket_id', 'is not', null)
      .execute();
    // Nearest parent first (In-Reply-To, then the newest reference).
    for (const id of candidates) {
      const hit = rows.find((r) => r.message_id === id);
      if (!hit?.ticket_id) continue;
      const t = await getTicket(db, tenantId, hit.ticket_id);
      if (t) return t;
    }
  }
  const number = ticketNumberIn(mail.subject, await ticketPrefix(db, tenantId));
  if (!number) return undefined;
  const row = await db.selectFrom('tickets').select('id').where('tenant_id', '=', tenantId).where('number', '=', number).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? getTicket(db, tenantId, row.id) : undefined;
}

/** True when the sender is the ticket's requester or one of its CCs. */
async function senderBelongs(db: Kysely<DB>, tenantId: string, ticket: Ticket, from: string): Promise<{ ok: boolean; requester: boolean }> {
  if (ticket.requester_id) {
    const r = await db.selectFrom('contacts').select('email').where('tenant_id', '=', tenantId).where('id', '=', ticket.requester_id).executeTakeFirst();
    if (r?.email?.toLowerCase() === from) return { ok: true, requester: true };
  }
  const cc = await db.selectFrom('hd_ticket_ccs').select('email').where('tenant_id', '=', tenantId).where('ticket_id', '=', ticket.id).where('email', '=', from).executeTakeFirst();
  return { ok: !!cc, requester: false };
}

/** Add CCs to a ticket (existing ones stay; the requester and our own addresses are never CCs). */
export async function addTicketCcs(trx: Kysely<DB>, tenantId: string, ticketId: string, people: Mailbox[], exclude: ReadonlySet<string>): Promise<void> {
  if (!people.length) return;
  const have = new Set(
    (await trx.selectFrom('hd_ticket_ccs').select('email').where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).execute()).map((r) => r.email),
  );
  const add = people.filter((p) => !exclude.has(p.address) && !have.has(p.address)).slice(0, Math.max(0, 50 - have.size));
  if (add.length)
    await trx
      .insertInto('hd_ticket_ccs')
      .values(add.map((p) => ({ tenant_id: tenantId, ticket_id: ticketId, email: p.address, name: p.name?.slice(0, 255) ?? null, created_at: now() })))
      .execute();
}

/** The customer's words: the text part (or text made from the HTML part), quotes of our mail trimmed. */
function bodyOf(mail: ParsedMail): string {
  const text = replyText(mail.text ?? '');
  return (text || '(no text)').slice(0, MAX_BODY);
}

/**
 * Take one raw message in on a channel. Returns what became of it; throws only on infrastructure
 * errors (database down), in which case nothing was stored and a retry is safe.
 */
export async function ingestEmail(deps: IngestDeps, channel: ChannelRow, raw: Buffer, source: IngestSource = {}): Promise<InboundEmailResult> {
  const { db } = deps;
  const tenantId = channel.tenant_id;
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  } catch (err) {
    throw new UnreadableEmail((err as Error).message ?? String(err));
  }
  const messageId = mail.messageId ? normMessageId(mail.messageId) : syntheticMessageId(raw);
  if (await seenBefore(db, tenantId, channel.id, messageId)) return duplicateOf(db, tenantId, channel.id, messageId);

  const [sender] = mailboxesOf(mail.from);
  const from = sender?.address ?? null;
  const own = await channelAddresses(db, tenantId);
  const subject = (mail.subject?.trim() || '(no subject)').slice(0, MAX_SUBJECT);
  const record = {
    tenant_id: tenantId,
    channel_id: channel.id,
    direction: 'in',
    message_id: messageId,
    in_reply_to: mail.inReplyTo ? (threadCandidates({ inReplyTo: mail.inReplyTo, references: undefined })[0] ?? null) : null,
    from_address: from?.slice(0, 255) ?? null,
    subject: subject.slice(0, 500),
  };
  const actor: Actor = { tenantId, userId: null, email: from, ip: source.ip ?? null, requestId: source.requestId ?? null };

  const loop = loopReason(mail, from, own);
  if (loop || !sender) {
    try {
      await db
        .insertInto('hd_email_messages')
        .values({ ...record, id: uuidv7(), ticket_id: null, ticket_message_id: null, outcome: 'ignored', reason: (loop ?? 'no sender').slice(0, 255), created_at: now() })
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) return duplicateOf(db, tenantId, channel.id, messageId);
      throw err;
    }
    return result('ignored', null, loop ?? 'no sender');
  }

  const body = bodyOf(mail);
  // Everyone else the customer wrote to (To and Cc, minus us) is copied on our replies.
  const copied = [...mailboxesOf(mail.to), ...mailboxesOf(mail.cc)].filter((p) => p.address !== from && !own.has(p.address));

  const contact = await contactFor(db, tenantId, sender, actor);
  /**
   * The message in the ticket's thread, its once-only record (the unique constraint that makes a
   * second delivery fail here and roll everything back), and the people it was copied to.
   */
  const store = async (trx: Kysely<DB>, ticketId: string, outcome: 'created' | 'threaded'): Promise<string> => {
    const at = now();
    const messageRowId = uuidv7();
    await trx
      .insertInto('ticket_messages')
      .values({
        id: messageRowId,
        tenant_id: tenantId,
        ticket_id: ticketId,
        author_user_id: null,
        author_contact_id: contact.id,
        internal: 0,
        format: 'text',
        body,
        created_at: at,
        updated_at: at,
        edited_at: null,
      })
      .execute();
    await trx
      .insertInto('hd_email_messages')
      .values({ ...record, id: uuidv7(), ticket_id: ticketId, ticket_message_id: messageRowId, outcome, reason: null, created_at: at })
      .execute();
    await addTicketCcs(trx, tenantId, ticketId, copied, new Set([...own, from as string]));
    // Attachments are kept with the message; a file the helpdesk refuses (too large, a program) is named instead.
    const refused: string[] = [];
    for (const a of mail.attachments) {
      try {
        await storeAttachment(deps, trx, { tenantId, ticketId, messageId: messageRowId, internal: false, createdBy: null, filename: a.filename ?? null, data: a.content });
      } catch (err) {
        if (!isAttachmentRefusal(err)) throw err;
        refused.push(`[Attachment not kept: ${a.filename ?? 'unnamed'} (${(err as AppError).detail ?? (err as Error).message})]`);
      }
    }
    if (refused.length)
      await trx
        .updateTable('ticket_messages')
        .set({ body: `${body}\n\n${refused.join('\n')}` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', messageRowId)
        .execute();
    return messageRowId;
  };

  const parent = await threadTicket(db, tenantId, mail);
  const belongs = parent ? await senderBelongs(db, tenantId, parent, from as string) : { ok: false, requester: false };
  try {
    if (parent && belongs.ok && parent.status !== 'closed') {
      const ticket = await db.transaction().execute(async (trx) => {
        const at = now();
        const messageRowId = await store(trx, parent.id, 'threaded');
        await trx.updateTable('tickets').set({ updated_at: at }).where('tenant_id', '=', tenantId).where('id', '=', parent.id).execute();
        // The requester answered: a resolved ticket reopens, a pending one is back to work.
        const next = belongs.requester ? (parent.status === 'resolved' ? 'open' : parent.status === 'pending' ? 'in_progress' : null) : null;
        const after = next ? await applyTicketUpdate(trx, actor, tenantId, parent.id, { status: next }) : ((await getTicket(trx, tenantId, parent.id)) as Ticket);
        await recordAudit(trx, actor, {
          action: 'ticket.email_received',
          entity_type: 'ticket',
          entity_id: parent.id,
          after: { message_id: messageRowId, email_message_id: messageId, from, subject },
        });
        // The same event an agent's message raises: the console adds it to an open thread.
        const stored = await trx.selectFrom('ticket_messages').selectAll().where('tenant_id', '=', tenantId).where('id', '=', messageRowId).executeTakeFirstOrThrow();
        const message: TicketMessage = {
          id: stored.id,
          ticket_id: stored.ticket_id,
          author_user_id: null,
          author_contact_id: stored.author_contact_id,
          internal: false,
          format: 'text',
          body: stored.body,
          created_at: stored.created_at,
          edited_at: null,
          attachments: (await attachmentsOfMessages(trx, tenantId, [stored.id])).get(stored.id) ?? [],
        };
        await emitEvent(trx, tenantId, { type: 'ticket.message.created', data: { ticket_id: parent.id, message }, permission: 'tickets:read' });
        if (!next) await emitEvent(trx, tenantId, ticketEvent('ticket.updated', after));
        return after;
      });
      deps.hub.poke(tenantId);
      return result('threaded', ticket);
    }

    const ticket = await createTicket(
      deps,
      actor,
      tenantId,
      { subject, description: body.slice(0, MAX_DESCRIPTION), requester_id: contact.id, created_by: null },
      async (trx, created) => {
        await store(trx, created.id, 'created');
      },
    );
    return result('created', ticket);
  } catch (err) {
    // Another delivery of the same message (another node, a retry) committed first.
    if (isUniqueViolation(err)) return duplicateOf(db, tenantId, channel.id, messageId);
    throw err;
  }
}
