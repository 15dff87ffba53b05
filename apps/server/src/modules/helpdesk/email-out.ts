import { escapeHtml, type Ticket } from '@switchboard/shared';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../../db/schema.js';
import { now } from '../../http/pagination.js';
import { type OutgoingAttachment, queueEmail } from '../../mail/outbox.js';
import { blobPath } from './attachments.service.js';
import { type ChannelRow, channelAddresses } from './email-channels.repo.js';
import { REPLY_MARKER, htmlToPlain } from './email-mime.js';

/**
 * Email to the requester: public agent replies and status notifications, sent from the ticket's
 * email channel through the outbox (queued in the caller's transaction). Each carries its own
 * Message-ID (kept in hd_email_messages, linked to the ticket message), In-Reply-To and References
 * to the thread, and the ticket number in the subject. Internal notes are never emailed.
 */

/**
 * The channel a ticket's mail goes out from: the one its thread last used if it is still enabled,
 * else the tenant's first enabled channel (by creation). None: the ticket gets no email.
 */
export async function channelForTicket(db: Kysely<DB>, tenantId: string, ticketId: string): Promise<ChannelRow | undefined> {
  const last = await db
    .selectFrom('hd_email_messages as m')
    .innerJoin('hd_email_channels as c', 'c.id', 'm.channel_id')
    .selectAll('c')
    .where('m.tenant_id', '=', tenantId)
    .where('m.ticket_id', '=', ticketId)
    .where('c.enabled', '=', 1)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last) return last;
  return db.selectFrom('hd_email_channels').selectAll().where('tenant_id', '=', tenantId).where('enabled', '=', 1).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
}

/** `"Acme Support" <support@acme.example>` */
function fromHeader(c: ChannelRow): string {
  const name = (c.from_name ?? c.name).replace(/["\\\r\n]/g, '');
  return `"${name}" <${c.address}>`;
}

/** Who the ticket's mail goes to: the requester (a contact with an email) and the ticket's CCs. */
async function recipientsOf(db: Kysely<DB>, tenantId: string, ticket: Ticket): Promise<{ to: string; cc: string[] } | null> {
  if (!ticket.requester_id) return null;
  const requester = await db
    .selectFrom('contacts')
    .select('email')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', ticket.requester_id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  const to = requester?.email?.trim().toLowerCase();
  if (!to) return null;
  const own = await channelAddresses(db, tenantId);
  // Never mail ourselves: that would come back in as a new email.
  if (own.has(to)) return null;
  const ccRows = await db.selectFrom('hd_ticket_ccs').select('email').where('tenant_id', '=', tenantId).where('ticket_id', '=', ticket.id).orderBy('created_at').orderBy('email').execute();
  const cc = ccRows.map((r) => r.email.toLowerCase()).filter((e) => e !== to && !own.has(e));
  return { to, cc };
}

const MAX_REFERENCES = 20;

/**
 * The thread so far: References (the first message and the most recent ones, oldest first) and
 * In-Reply-To (the customer's latest message, else our latest).
 */
async function threadOf(db: Kysely<DB>, tenantId: string, ticketId: string): Promise<{ references: string[]; inReplyTo: string | null; hasInbound: boolean }> {
  const rows = await db
    .selectFrom('hd_email_messages')
    .select(['message_id', 'direction'])
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .where('outcome', '!=', 'ignored')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const ids = rows.map((r) => `<${r.message_id}>`);
  const references = ids.length > MAX_REFERENCES ? [ids[0], ...ids.slice(-(MAX_REFERENCES - 1))] : ids;
  const lastIn = rows.filter((r) => r.direction === 'in').at(-1);
  const inReplyTo = lastIn ? `<${lastIn.message_id}>` : (ids.at(-1) ?? null);
  return { references, inReplyTo, hasInbound: !!lastIn };
}

const textToHtml = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

/** Subject with the ticket number: `[DEMO-00042] subject`. */
export const ticketSubject = (t: Pick<Ticket, 'number' | 'subject'>) => `[${t.number}] ${t.subject}`;

interface ThreadMail {
  subject: string;
  text: string;
  html: string;
  ticketMessageId: string | null;
  headers?: Record<string, string>;
  attachments?: OutgoingAttachment[];
}

/** Queue one mail on the ticket's thread; null when there is no channel or no requester address. */
async function queueOnThread(trx: Kysely<DB>, tenantId: string, ticket: Ticket, mail: ThreadMail): Promise<string | null> {
  const channel = await channelForTicket(trx, tenantId, ticket.id);
  if (!channel) return null;
  const rcpt = await recipientsOf(trx, tenantId, ticket);
  if (!rcpt) return null;
  const thread = await threadOf(trx, tenantId, ticket.id);
  const domain = channel.address.split('@')[1];
  const messageId = `${uuidv7()}.${ticket.number.toLowerCase()}@${domain}`;
  await trx
    .insertInto('hd_email_messages')
    .values({
      id: uuidv7(),
      tenant_id: tenantId,
      channel_id: channel.id,
      ticket_id: ticket.id,
      ticket_message_id: mail.ticketMessageId,
      direction: 'out',
      message_id: messageId,
      in_reply_to: thread.inReplyTo ? thread.inReplyTo.slice(1, -1) : null,
      from_address: channel.address,
      subject: mail.subject.slice(0, 500),
      outcome: 'queued',
      reason: null,
      created_at: now(),
    })
    .execute();
  return queueEmail(trx, {
    tenantId,
    from: fromHeader(channel),
    to: rcpt.to,
    cc: rcpt.cc,
    subject: thread.hasInbound ? `Re: ${mail.subject}` : mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: `<${messageId}>`,
    inReplyTo: thread.inReplyTo ?? undefined,
    references: thread.references,
    headers: mail.headers,
    attachments: mail.attachments,
  });
}

/**
 * Email a public agent reply to the requester and CCs. Internal notes are refused here, whatever
 * the caller does: they never leave the helpdesk. Returns the outbox id (null: nothing to send).
 */
export async function emailPublicReply(
  trx: Kysely<DB>,
  tenantId: string,
  ticket: Ticket,
  msg: { id: string; internal: boolean | number; format: string; body: string; author_user_id: string | null },
  dataDir?: string,
): Promise<string | null> {
  if (msg.internal === true || Number(msg.internal) === 1) return null;
  // The files sent with the reply go along (read from the store when the mail is sent).
  const files = dataDir
    ? await trx
        .selectFrom('ticket_attachments')
        .select(['filename', 'content_type', 'sha256'])
        .where('tenant_id', '=', tenantId)
        .where('message_id', '=', msg.id)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    : [];
  const author = msg.author_user_id ? await trx.selectFrom('users').select('name').where('id', '=', msg.author_user_id).executeTakeFirst() : undefined;
  const bodyText = msg.format === 'html' ? htmlToPlain(msg.body) : msg.body;
  const bodyHtml = msg.format === 'html' ? msg.body : textToHtml(msg.body);
  const signature = [author?.name, `Ticket ${ticket.number}`].filter(Boolean) as string[];
  return queueOnThread(trx, tenantId, ticket, {
    subject: ticketSubject(ticket),
    text: `${REPLY_MARKER}\n\n${bodyText}\n\n-- \n${signature.join('\n')}\n`,
    html: `<div style="color:#999;font-size:12px">${escapeHtml(REPLY_MARKER)}</div><div>${bodyHtml}</div><p style="color:#666">-- <br>${signature.map(escapeHtml).join('<br>')}</p>`,
    ticketMessageId: msg.id,
    attachments: files.map((f) => ({ filename: f.filename, content_type: f.content_type, path: blobPath(dataDir as string, f.sha256) })),
  });
}

/**
 * Tell the requester when their ticket is resolved (they may reply to reopen it). The mail is
 * marked `Auto-Submitted: auto-generated` so well-behaved responders do not answer it.
 */
export async function emailStatusChange(trx: Kysely<DB>, tenantId: string, before: Ticket, after: Ticket): Promise<string | null> {
  if (after.status !== 'resolved' || before.status === 'resolved') return null;
  const text = `Your request ${after.number} "${after.subject}" has been resolved.\n\nIf anything is still not right, reply to this email and the ticket will be reopened.`;
  return queueOnThread(trx, tenantId, after, {
    subject: `${ticketSubject(after)} (resolved)`,
    text: `${REPLY_MARKER}\n\n${text}\n`,
    html: `<div style="color:#999;font-size:12px">${escapeHtml(REPLY_MARKER)}</div><p>${textToHtml(text)}</p>`,
    ticketMessageId: null,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
}
