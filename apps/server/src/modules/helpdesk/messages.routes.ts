import {
  type AttachmentRef,
  CreateTicketMessageBody,
  IdParams,
  TicketMessage,
  TicketMessageParams,
  TicketMessageRevision,
  UpdateTicketMessageBody,
  dataOf,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import sanitizeHtml from 'sanitize-html';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import type { DB, TicketMessagesTable } from '../../db/schema.js';
import { conflict, notFound, validation } from '../../http/errors.js';
import { authOf, tenantOf } from '../../http/guard.js';
import { now } from '../../http/pagination.js';
import { emitEvent } from '../../realtime/events.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import { attachmentsOfMessages, linkAttachments } from './attachments.service.js';
import { emailPublicReply } from './email-out.js';
import { getTicket } from './tickets.repo.js';

const READ = { access: 'tickets:read', feature: 'helpdesk' } as const;
const WRITE = { access: 'tickets:write', feature: 'helpdesk' } as const;

/** Formatting, links, lists, tables and inline images over http(s) or data; no scripts, styles, forms or event handlers. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'span'],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], img: ['src', 'alt', 'title', 'width', 'height'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https', 'data', 'cid'] },
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
};

/** Store text as given; HTML without anything unsafe. Empty after cleaning is a 400 on `body`. */
function cleanBody(body: string, format: 'text' | 'html'): string {
  if (format === 'text') return body;
  const out = sanitizeHtml(body, SANITIZE).trim();
  if (!out) throw validation('The message is empty once unsafe HTML is removed', [{ field: 'body', message: 'empty after sanitising' }]);
  return out;
}

function toMessage(r: TicketMessagesTable, attachments: AttachmentRef[] = []): TicketMessage {
  return {
    id: r.id,
    ticket_id: r.ticket_id,
    author_user_id: r.author_user_id,
    author_contact_id: r.author_contact_id,
    internal: Number(r.internal) === 1,
    format: r.format as TicketMessage['format'],
    body: r.body,
    created_at: r.created_at,
    edited_at: r.edited_at,
    attachments,
  };
}

async function getMessage(db: Kysely<DB>, tenantId: string, ticketId: string, id: string) {
  return db.selectFrom('ticket_messages').selectAll().where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).where('id', '=', id).executeTakeFirst();
}

/** A ticket's thread: public replies and internal notes, with the edit history of notes. */
export const messageRoutes = (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;

    app.get('/tickets/:id/messages', {
      config: READ,
      schema: { tags: ['tickets'], summary: "A ticket's thread, oldest first", params: IdParams, response: { 200: dataOf(z.array(TicketMessage)) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const ticket = await getTicket(db, tenantId, req.params.id);
        if (!ticket) throw notFound('Ticket');
        const rows = await db.selectFrom('ticket_messages').selectAll().where('tenant_id', '=', tenantId).where('ticket_id', '=', ticket.id).orderBy('created_at').orderBy('id').execute();
        const files = await attachmentsOfMessages(
          db,
          tenantId,
          rows.map((r) => r.id),
        );
        return { data: rows.map((r) => toMessage(r, files.get(r.id))) };
      },
    });

    app.post('/tickets/:id/messages', {
      config: WRITE,
      schema: {
        tags: ['tickets'],
        summary: 'Reply publicly or add an internal note (the first public agent reply sets first_response_at)',
        params: IdParams,
        body: CreateTicketMessageBody,
        response: { 201: dataOf(TicketMessage) },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const format = req.body.format ?? 'text';
        const body = cleanBody(req.body.body, format);
        const internal = req.body.internal ?? false;
        const message = await db.transaction().execute(async (trx) => {
          const ticket = await getTicket(trx, tenantId, req.params.id);
          if (!ticket) throw notFound('Ticket');
          if (ticket.status === 'closed') throw conflict('A closed ticket takes no new messages');
          const at = now();
          const row: TicketMessagesTable = {
            id: uuidv7(),
            tenant_id: tenantId,
            ticket_id: ticket.id,
            author_user_id: authOf(req).userId,
            author_contact_id: null,
            internal: internal ? 1 : 0,
            format,
            body,
            created_at: at,
            updated_at: at,
            edited_at: null,
          };
          await trx.insertInto('ticket_messages').values(row).execute();
          if (req.body.attachment_ids?.length) await linkAttachments(trx, tenantId, ticket.id, row.id, req.body.attachment_ids);
          // The first public reply by an agent is the first response (notes do not count).
          const firstResponse = internal ? {} : { first_response_at: ticket.first_response_at ?? at };
          await trx.updateTable('tickets').set({ updated_at: at, ...firstResponse }).where('tenant_id', '=', tenantId).where('id', '=', ticket.id).execute();
          const msg = toMessage(row, (await attachmentsOfMessages(trx, tenantId, [row.id])).get(row.id));
          // Public replies go to the requester and CCs by email (internal notes never do).
          if (!internal) await emailPublicReply(trx, tenantId, ticket, row, deps.config.dataDir);
          await recordAudit(trx, actorOf(req), { action: internal ? 'ticket.note_added' : 'ticket.replied', entity_type: 'ticket', entity_id: ticket.id, after: msg });
          // Console users only (the socket has no requester side): notes may travel here.
          await emitEvent(trx, tenantId, { type: 'ticket.message.created', data: { ticket_id: ticket.id, message: msg }, permission: 'tickets:read' });
          return msg;
        });
        deps.hub.poke(tenantId);
        if (!internal) void deps.mailer.flush().catch((err) => req.log.error({ err }, 'outbox flush failed'));
        return reply.status(201).send({ data: message });
      },
    });

    app.patch('/tickets/:id/messages/:message_id', {
      config: WRITE,
      schema: {
        tags: ['tickets'],
        summary: 'Edit an internal note (the previous version goes to its history)',
        params: TicketMessageParams,
        body: UpdateTicketMessageBody,
        response: { 200: dataOf(TicketMessage) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const message = await db.transaction().execute(async (trx) => {
          const ticket = await getTicket(trx, tenantId, req.params.id);
          if (!ticket) throw notFound('Ticket');
          const before = await getMessage(trx, tenantId, ticket.id, req.params.message_id);
          if (!before) throw notFound('Message');
          if (Number(before.internal) !== 1) throw conflict('Only internal notes can be edited; a public reply was already sent');
          const format = req.body.format ?? (before.format as 'text' | 'html');
          const body = cleanBody(req.body.body, format);
          const at = now();
          await trx
            .insertInto('ticket_message_revisions')
            .values({ id: uuidv7(), tenant_id: tenantId, message_id: before.id, format: before.format, body: before.body, edited_by: authOf(req).userId, created_at: at })
            .execute();
          await trx.updateTable('ticket_messages').set({ body, format, edited_at: at, updated_at: at }).where('tenant_id', '=', tenantId).where('id', '=', before.id).execute();
          const files = (await attachmentsOfMessages(trx, tenantId, [before.id])).get(before.id);
          const after = toMessage((await getMessage(trx, tenantId, ticket.id, before.id)) as TicketMessagesTable, files);
          await recordAudit(trx, actorOf(req), { action: 'ticket.note_edited', entity_type: 'ticket', entity_id: ticket.id, before: toMessage(before, files), after });
          await emitEvent(trx, tenantId, { type: 'ticket.message.updated', data: { ticket_id: ticket.id, message: after }, permission: 'tickets:read' });
          return after;
        });
        deps.hub.poke(tenantId);
        return { data: message };
      },
    });

    app.get('/tickets/:id/messages/:message_id/history', {
      config: READ,
      schema: {
        tags: ['tickets'],
        summary: 'Earlier versions of an internal note, newest first',
        params: TicketMessageParams,
        response: { 200: dataOf(z.array(TicketMessageRevision)) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const ticket = await getTicket(db, tenantId, req.params.id);
        if (!ticket) throw notFound('Ticket');
        const msg = await getMessage(db, tenantId, ticket.id, req.params.message_id);
        if (!msg) throw notFound('Message');
        const rows = await db
          .selectFrom('ticket_message_revisions')
          .select(['id', 'format', 'body', 'edited_by', 'created_at'])
          .where('tenant_id', '=', tenantId)
          .where('message_id', '=', msg.id)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .execute();
        return { data: rows.map((r) => ({ ...r, format: r.format as 'text' | 'html' })) };
      },
    });
  };
