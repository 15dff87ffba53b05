import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import multipart from '@fastify/multipart';
import {
  AttachmentDownloadQuery,
  AttachmentUploadBody,
  IdParams,
  INLINE_ATTACHMENT_TYPES,
  MAX_ATTACHMENT_MB,
  MAX_FILES_PER_UPLOAD,
  TicketAttachment,
  TicketAttachmentParams,
  dataOf,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import type { DB } from '../../db/schema.js';
import { AppError, conflict, notFound, validation } from '../../http/errors.js';
import { authOf, tenantOf } from '../../http/guard.js';
import { emitEvent } from '../../realtime/events.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import {
  type StagedFile,
  blobPath,
  discardStaged,
  maxAttachmentMb,
  releaseBlobs,
  stageStream,
  storeStaged,
  toAttachment,
  tooLarge,
} from './attachments.service.js';
import { getTicket } from './tickets.repo.js';

const READ = { access: 'tickets:read', feature: 'helpdesk' } as const;
const WRITE = { access: 'tickets:write', feature: 'helpdesk' } as const;
const PURGE = { access: 'tickets:purge', feature: 'helpdesk' } as const;
const TAGS = ['tickets'];
const MB = 1024 * 1024;

/** Types that a browser would run as a page: always sent as opaque bytes. */
const ACTIVE_TYPES = new Set(['text/html', 'image/svg+xml', 'application/xml', 'application/xhtml+xml']);

/** One attachment of a ticket (live tickets only), with whether its message is an internal note. */
async function getAttachment(db: Kysely<DB>, tenantId: string, ticketId: string, id: string) {
  return db
    .selectFrom('ticket_attachments as a')
    .innerJoin('tickets as t', 't.id', 'a.ticket_id')
    .leftJoin('ticket_messages as m', 'm.id', 'a.message_id')
    .selectAll('a')
    .select('m.internal')
    .where('a.tenant_id', '=', tenantId)
    .where('t.tenant_id', '=', tenantId)
    .where('a.ticket_id', '=', ticketId)
    .where('a.id', '=', id)
    .where('t.deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Ticket attachments (upload, list, download, discard) and the purge of trashed tickets. */
export const attachmentRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, config } = deps;
    // Per-request limits (the tenant's max_attachment_mb) narrow these.
    await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_MB * MB, files: MAX_FILES_PER_UPLOAD, fields: 20, parts: 40 } });

    app.post('/tickets/:id/attachments', {
      config: WRITE,
      schema: {
        tags: TAGS,
        summary: "Upload files to a ticket (multipart; each within the tenant's max_attachment_mb; type from the content; programs and scripts refused)",
        description:
          'The files wait on the ticket until a message sends them (`attachment_ids` of POST /tickets/:id/messages). 413 `attachment_too_large`, 415 `attachment_type_refused`.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        body: AttachmentUploadBody,
        response: { 201: dataOf(z.array(TicketAttachment)) },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        if (!req.isMultipart())
          throw new AppError(415, 'unsupported_media_type', 'Unsupported media type', 'Upload the files as multipart/form-data', [
            { field: 'file', message: 'multipart/form-data expected' },
          ]);
        const ticket = await getTicket(db, tenantId, req.params.id);
        if (!ticket) throw notFound('Ticket');
        if (ticket.status === 'closed') throw conflict('A closed ticket takes no new attachments');
        const maxMb = await maxAttachmentMb(db, tenantId);
        const staged: StagedFile[] = [];
        try {
          try {
            for await (const part of req.files({ limits: { fileSize: maxMb * MB, files: MAX_FILES_PER_UPLOAD } })) {
              staged.push(await stageStream(config.dataDir, part.file, part.filename, maxMb));
            }
          } catch (err) {
            const code = (err as { code?: string }).code;
            if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxMb);
            if (code === 'FST_FILES_LIMIT')
              throw new AppError(413, 'too_many_files', 'Too many files', `At most ${MAX_FILES_PER_UPLOAD} files per upload`, [
                { field: 'file', message: `at most ${MAX_FILES_PER_UPLOAD} files` },
              ]);
            throw err;
          }
          if (!staged.length) throw validation('No file in the upload', [{ field: 'file', message: 'required' }]);
          const empty = staged.find((f) => f.size === 0);
          if (empty) throw validation(`The file ${empty.filename} is empty`, [{ field: 'file', message: 'empty file' }]);
          const rows = await db.transaction().execute(async (trx) => {
            // Re-checked inside: a ticket trashed or closed meanwhile takes nothing.
            const t = await getTicket(trx, tenantId, ticket.id);
            if (!t) throw notFound('Ticket');
            if (t.status === 'closed') throw conflict('A closed ticket takes no new attachments');
            const out = await storeStaged(config.dataDir, trx, { tenantId, ticketId: t.id, messageId: null, createdBy: authOf(req).userId }, staged);
            await recordAudit(trx, actorOf(req), { action: 'ticket.attachments_uploaded', entity_type: 'ticket', entity_id: t.id, after: out });
            return out;
          });
          return reply.status(201).send({ data: rows });
        } finally {
          await discardStaged(staged);
        }
      },
    });

    app.get('/tickets/:id/attachments', {
      config: READ,
      schema: {
        tags: TAGS,
        summary: "A ticket's attachments, oldest first (with the message that sent each; `internal` for those of internal notes)",
        params: IdParams,
        response: { 200: dataOf(z.array(TicketAttachment)) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const ticket = await getTicket(db, tenantId, req.params.id);
        if (!ticket) throw notFound('Ticket');
        const rows = await db
          .selectFrom('ticket_attachments as a')
          .leftJoin('ticket_messages as m', 'm.id', 'a.message_id')
          .selectAll('a')
          .select('m.internal')
          .where('a.tenant_id', '=', tenantId)
          .where('a.ticket_id', '=', ticket.id)
          .orderBy('a.created_at')
          .orderBy('a.id')
          .execute();
        return { data: rows.map(({ internal, ...r }) => toAttachment(r, Number(internal) === 1)) };
      },
    });

    app.get('/tickets/:id/attachments/:attachment_id', {
      config: READ,
      schema: {
        tags: TAGS,
        summary: 'Download an attachment (`?inline=1` shows PNG, JPEG, GIF and WebP images inline for previews; everything else downloads)',
        params: TicketAttachmentParams,
        querystring: AttachmentDownloadQuery,
        produces: ['application/octet-stream'],
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const a = await getAttachment(db, tenantId, req.params.id, req.params.attachment_id);
        if (!a) throw notFound('Attachment');
        const path = blobPath(config.dataDir, a.sha256);
        const found = await access(path).then(
          () => true,
          () => false,
        );
        if (!found) throw notFound('Attachment file');
        const wantsInline = req.query.inline === '1' || req.query.inline === 'true';
        const inline = wantsInline && (INLINE_ATTACHMENT_TYPES as readonly string[]).includes(a.content_type);
        const ascii = a.filename.replace(/[^\x20-\x7e]/g, '_');
        return reply
          .type(ACTIVE_TYPES.has(a.content_type) ? 'application/octet-stream' : a.content_type)
          .header('content-length', String(a.size))
          .header('etag', `"${a.sha256}"`)
          .header('cache-control', 'private, no-cache')
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
          .header('cross-origin-resource-policy', 'same-origin')
          .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
          .send(createReadStream(path));
      },
    });

    app.delete('/tickets/:id/attachments/:attachment_id', {
      config: WRITE,
      schema: {
        tags: TAGS,
        summary: 'Discard an uploaded attachment that no message has sent yet (sent ones stay with their message)',
        params: TicketAttachmentParams,
        response: { 204: z.null() },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const sha = await db.transaction().execute(async (trx) => {
          const a = await getAttachment(trx, tenantId, req.params.id, req.params.attachment_id);
          if (!a) throw notFound('Attachment');
          if (a.message_id) throw conflict('This attachment was sent with a message and stays with it');
          await trx.deleteFrom('ticket_attachments').where('tenant_id', '=', tenantId).where('id', '=', a.id).where('message_id', 'is', null).execute();
          const { internal: _i, ...row } = a;
          await recordAudit(trx, actorOf(req), {
            action: 'ticket.attachment_discarded',
            entity_type: 'ticket',
            entity_id: a.ticket_id,
            before: toAttachment(row, false),
          });
          return a.sha256;
        });
        await releaseBlobs(db, config.dataDir, [sha]);
        return reply.status(204).send(null);
      },
    });

    app.delete('/tickets/:id/purge', {
      config: PURGE,
      schema: {
        tags: TAGS,
        summary: 'Delete a ticket in the trash for good: its messages, attachments and the files no other attachment uses',
        params: IdParams,
        response: { 204: z.null() },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const hashes = await db.transaction().execute(async (trx) => {
          const ticket = await getTicket(trx, tenantId, req.params.id, { deleted: true });
          if (!ticket) {
            if (await getTicket(trx, tenantId, req.params.id)) throw conflict('Move the ticket to the trash first; only trashed tickets can be purged');
            throw notFound('Ticket');
          }
          const files = await trx
            .selectFrom('ticket_attachments')
            .select('sha256')
            .where('tenant_id', '=', tenantId)
            .where('ticket_id', '=', ticket.id)
            .execute();
          await trx.deleteFrom('ticket_attachments').where('tenant_id', '=', tenantId).where('ticket_id', '=', ticket.id).execute();
          const messages = trx.selectFrom('ticket_messages').select('id').where('tenant_id', '=', tenantId).where('ticket_id', '=', ticket.id);
          await trx.deleteFrom('ticket_message_revisions').where('tenant_id', '=', tenantId).where('message_id', 'in', messages).execute();
          await trx.deleteFrom('ticket_messages').where('tenant_id', '=', tenantId).where('ticket_id', '=', ticket.id).execute();
          await trx.deleteFrom('ticket_tags').where('tenant_id', '=', tenantId).where('ticket_id', '=', ticket.id).execute();
          await trx.deleteFrom('tickets').where('tenant_id', '=', tenantId).where('id', '=', ticket.id).execute();
          await recordAudit(trx, actorOf(req), { action: 'ticket.purged', entity_type: 'ticket', entity_id: ticket.id, before: ticket });
          await emitEvent(trx, tenantId, { type: 'ticket.purged', data: { ticket: { id: ticket.id, number: ticket.number } }, permission: 'tickets:read' });
          return files.map((f) => f.sha256);
        });
        deps.hub.poke(tenantId);
        await releaseBlobs(db, config.dataDir, hashes);
        return reply.status(204).send(null);
      },
    });
  };
