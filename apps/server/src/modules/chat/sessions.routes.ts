import multipart from '@fastify/multipart';
import {
  ChatFileDownloadQuery,
  ChatFileParams,
  ChatFileUploadBody,
  ChatMessage,
  ChatReadBody,
  ChatSession,
  ChatSessionDetail,
  ChatSessionListQuery,
  ChatToTicketBody,
  ChatTypingBody,
  IdParams,
  MAX_ATTACHMENT_MB,
  SendChatMessageBody,
  Ticket,
  dataOf,
  listOf,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import type { ChatSessionsTable, DB } from '../../db/schema.js';
import { contains } from '../../db/query.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import { type AuthContext, authOf, tenantOf } from '../../http/guard.js';
import { offsetOf, pageMeta } from '../../http/pagination.js';
import { actorOf } from '../audit/repo.js';
import { maxAttachmentMb } from '../helpdesk/attachments.service.js';
import { chatToTicket } from './chat-ticket.js';
import { getChatFile, postFileMessage, receiveChatFile, sendChatFile } from './files.js';
import { endChat, getChatSession, getSessionRow, markRead, postMessage, readMessages, sessionEnded, sessionQuery, toChatSession } from './sessions.service.js';

const READ = { access: 'chat:read', feature: 'chat' } as const;
const WRITE = { access: 'chat:write', feature: 'chat' } as const;

/** 409 `not_assigned`: only the agent handling a chat writes in it. */
const notYours = () => new AppError(409, 'not_assigned', 'Not your chat', 'This chat is not assigned to you');

/** The agent handling the chat may write in it; the chat must be active. */
function assertHandling(s: ChatSessionsTable, auth: AuthContext): void {
  if (s.status === 'ended' || s.status === 'abandoned') throw sessionEnded();
  if (s.status !== 'active' || s.agent_id !== auth.userId) throw notYours();
}

/** Its agent ends a chat; a supervisor (chat:supervise) may end any. */
function assertMayEnd(s: ChatSessionsTable, auth: AuthContext): void {
  if (s.agent_id === auth.userId || auth.permissions.has('chat:supervise')) return;
  throw notYours();
}

/** `2026-01-31` → start of that day (UTC); `to` dates mean the end of the day. */
function instantOf(v: string, end: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00.000Z`);
    if (end) d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString();
  }
  return new Date(v).toISOString();
}

type ListQuery = z.infer<typeof ChatSessionListQuery>;

/** The filters of the list on any query over `chat_sessions as s`. */
function filtered<Q extends { where: (...a: any[]) => Q }>(q: Q, tenantId: string, userId: string, f: ListQuery): Q {
  let out = q;
  if (f.status) out = out.where('s.status', '=', f.status);
  if (f.mine) out = out.where('s.agent_id', '=', userId);
  if (f.agent_id) out = out.where('s.agent_id', '=', f.agent_id);
  if (f.widget_id) out = out.where('s.widget_id', '=', f.widget_id);
  if (f.contact_id) out = out.where('s.contact_id', '=', f.contact_id);
  if (f.visitor) {
    const v = f.visitor;
    out = out.where((e: any) => e.or([contains('s.visitor_name', v), contains('s.visitor_email', v), contains('s.visitor_phone', v)]));
  }
  if (f.q) {
    const text = f.q;
    out = out.where((e: any) =>
      e.exists(e.selectFrom('chat_messages as m').select('m.id').whereRef('m.session_id', '=', 's.id').where('m.tenant_id', '=', tenantId).where(contains('m.body', text))),
    );
  }
  if (f.from) out = out.where('s.created_at', '>=', instantOf(f.from, false));
  if (f.to) out = out.where('s.created_at', '<', instantOf(f.to, true));
  return out;
}

async function loadRow(db: Kysely<DB>, tenantId: string, id: string): Promise<ChatSessionsTable> {
  const s = await getSessionRow(db, tenantId, id);
  if (!s) throw notFound('Chat session');
  return s;
}

/** The agent desk: chats (queued, active, mine, history), the conversation, writing, reading, ending, chat → ticket. */
export const chatSessionRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['chat'];
    await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_MB * 1024 * 1024, files: 1, fields: 5, parts: 6 } });

    app.get('/chat/sessions', {
      config: READ,
      schema: {
        tags,
        summary: 'List chats: the queue (status=queued&sort=oldest), active ones, mine, and the history search (visitor, agent, text, dates) with metrics',
        querystring: ChatSessionListQuery,
        response: { 200: listOf(ChatSession) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const userId = authOf(req).userId;
        const f = req.query;
        const base = filtered(sessionQuery(db, tenantId), tenantId, userId, f);
        const count = filtered(db.selectFrom('chat_sessions as s').where('s.tenant_id', '=', tenantId), tenantId, userId, f);
        const sorted = f.sort === 'oldest' ? base.orderBy('s.queued_at', 'asc').orderBy('s.id', 'asc') : base.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc');
        const [rows, total] = await Promise.all([
          sorted.limit(f.page_size).offset(offsetOf(f)).execute(),
          count.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
        ]);
        return { data: rows.map(toChatSession), meta: pageMeta(f, total.n) };
      },
    });

    app.get('/chat/sessions/:id', {
      config: READ,
      schema: { tags, summary: 'A chat with its whole conversation', params: IdParams, response: { 200: dataOf(ChatSessionDetail) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const session = await getChatSession(db, tenantId, req.params.id);
        if (!session) throw notFound('Chat session');
        const messages = [];
        for (let after = 0; ; ) {
          const batch = await readMessages(db, tenantId, session.id, after, 1000);
          messages.push(...batch);
          if (batch.length < 1000) break;
          after = batch[batch.length - 1].seq;
        }
        return { data: { ...session, messages } };
      },
    });

    app.post('/chat/sessions/:id/messages', {
      config: WRITE,
      schema: {
        tags,
        summary: 'Send a message as the agent handling the chat (plain text; the same client_id is stored once)',
        params: IdParams,
        body: SendChatMessageBody,
        response: { 200: dataOf(ChatMessage), 201: dataOf(ChatMessage) },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const auth = authOf(req);
        await loadRow(db, tenantId, req.params.id);
        const { message, created } = await postMessage(
          deps,
          tenantId,
          req.params.id,
          { author_type: 'agent', author_user_id: auth.userId, body: req.body.body, client_id: req.body.client_id ?? null },
          (s) => assertHandling(s, auth),
        );
        return reply.status(created ? 201 : 200).send({ data: message });
      },
    });

    app.post('/chat/sessions/:id/files', {
      config: WRITE,
      schema: {
        tags,
        summary: 'Send a file as the agent handling the chat (multipart; type and size checked as for ticket attachments)',
        description: '413 `attachment_too_large`, 415 `attachment_type_refused`; the same `client_id` is stored once.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        body: ChatFileUploadBody,
        response: { 200: dataOf(ChatMessage), 201: dataOf(ChatMessage) },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const auth = authOf(req);
        const s = await loadRow(db, tenantId, req.params.id);
        assertHandling(s, auth);
        const upload = await receiveChatFile(req, deps.config.dataDir, await maxAttachmentMb(db, tenantId));
        const { message, created } = await postFileMessage(deps, tenantId, s.id, { type: 'agent', userId: auth.userId }, upload, (row) => assertHandling(row, auth));
        return reply.status(created ? 201 : 200).send({ data: message });
      },
    });

    app.get('/chat/sessions/:id/files/:file_id', {
      config: READ,
      schema: {
        tags,
        summary: 'Download a file of a chat (`?inline=1` shows raster images inline; everything else downloads)',
        params: ChatFileParams,
        querystring: ChatFileDownloadQuery,
        produces: ['application/octet-stream'],
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const s = await loadRow(db, tenantId, req.params.id);
        const f = await getChatFile(db, tenantId, s.id, req.params.file_id);
        if (!f) throw notFound('File');
        return sendChatFile(reply, deps.config.dataDir, f, req.query.inline === '1' || req.query.inline === 'true');
      },
    });

    app.post('/chat/sessions/:id/typing', {
      config: WRITE,
      schema: { tags, summary: 'The agent started or stopped typing (ephemeral: chat.typing, shown to the visitor)', params: IdParams, body: ChatTypingBody, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const auth = authOf(req);
        const s = await loadRow(db, tenantId, req.params.id);
        assertHandling(s, auth);
        deps.hub.broadcast(tenantId, {
          type: 'chat.typing',
          data: { session_id: s.id, author_type: 'agent', user_id: auth.userId, typing: req.body.typing },
          permission: 'chat:read',
        });
        return reply.status(204).send(null);
      },
    });

    app.post('/chat/sessions/:id/read', {
      config: WRITE,
      schema: { tags, summary: 'The agent handling the chat read up to a message seq (read receipt to the visitor)', params: IdParams, body: ChatReadBody, response: { 200: dataOf(ChatSession) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const auth = authOf(req);
        const s = await loadRow(db, tenantId, req.params.id);
        if (s.agent_id !== auth.userId) throw notYours();
        await markRead(deps, tenantId, s.id, 'agent', req.body.seq, auth.userId);
        return { data: (await getChatSession(db, tenantId, s.id)) as ChatSession };
      },
    });

    app.post('/chat/sessions/:id/end', {
      config: WRITE,
      schema: { tags, summary: 'End a chat (its agent, or a supervisor); the agent’s slot takes the next queued chat', params: IdParams, response: { 200: dataOf(ChatSession) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const auth = authOf(req);
        const s = await loadRow(db, tenantId, req.params.id);
        assertMayEnd(s, auth);
        return { data: await endChat(deps, tenantId, s.id, 'agent', actorOf(req)) };
      },
    });

    app.post('/chat/sessions/:id/ticket', {
      config: WRITE,
      schema: {
        tags,
        summary: 'Turn a chat into a helpdesk ticket: requester from the visitor’s email, the transcript as its first message (409 when it already has one)',
        params: IdParams,
        body: ChatToTicketBody,
        response: { 201: dataOf(Ticket) },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const auth = authOf(req);
        await loadRow(db, tenantId, req.params.id);
        if (!auth.permissions.has('tickets:write')) throw forbidden();
        if (auth.features.helpdesk === false) throw new AppError(403, 'feature_disabled', 'Feature disabled', 'The helpdesk feature is switched off for this tenant');
        const ticket = await chatToTicket(deps, actorOf(req), tenantId, req.params.id, req.body, auth.userId);
        return reply.status(201).send({ data: ticket });
      },
    });
  };
