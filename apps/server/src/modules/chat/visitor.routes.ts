import multipart from '@fastify/multipart';
import {
  ChatFileDownloadQuery,
  ChatFileUploadBody,
  CreateVisitorSessionBody,
  CreatedVisitorSession,
  OfflineMessageBody,
  OfflineMessageReceipt,
  PublicWidgetConfig,
  PublicWidgetParams,
  RateChatBody,
  VISITOR_TOKEN_HEADER,
  MAX_ATTACHMENT_MB,
  VisitorFileParams,
  VisitorMessage,
  VisitorSession,
  type ChatSession,
  dataOf,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import type { AppDeps } from '../../app.js';
import type { ChatSessionsTable } from '../../db/schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { now } from '../../http/pagination.js';
import { createLimiter } from '../../http/rate-limit.js';
import { emitEvent } from '../../realtime/events.js';
import { actorOf } from '../audit/repo.js';
import { maxAttachmentMb } from '../helpdesk/attachments.service.js';
import { createTicket } from '../helpdesk/tickets.service.js';
import { getChatFile, postFileMessage, receiveChatFile, sendChatFile } from './files.js';
import { parseJson } from '../../db/query.js';
import { routeQueued } from './routing.js';
import {
  getChatSession,
  getSessionRow,
  hashToken,
  newVisitorToken,
  rateChat,
  sessionEnded,
  sessionEvent,
  toVisitorMessage,
  visitorSessionView,
} from './sessions.service.js';
import { registerVisitorSocket } from './visitor.ws.js';
import { behaviourOf, checkPrechat, contactByEmail, contactForVisitor, openVisitor, openWidget, widgetAvailability } from './visitor.service.js';
import { DEFAULT_WIDGET_APPEARANCE, type WidgetAppearance } from '@switchboard/shared';

/** The limiters of the public chat API (per visitor address and per widget). */
export function chatLimiters(deps: AppDeps) {
  const { config, redis } = deps;
  return {
    sessionsPerIp: createLimiter({ keyPrefix: 'chat_sess_ip', points: config.chatSessionsPerIp, durationSeconds: 3600, redis }),
    sessionsPerWidget: createLimiter({ keyPrefix: 'chat_sess_w', points: config.chatSessionsPerWidget, durationSeconds: 3600, redis }),
    messagesPerIp: createLimiter({ keyPrefix: 'chat_msg_ip', points: config.chatMessagesPerIp, durationSeconds: 60, redis }),
    messagesPerWidget: createLimiter({ keyPrefix: 'chat_msg_w', points: config.chatMessagesPerWidget, durationSeconds: 60, redis }),
  };
}
export type ChatLimiters = ReturnType<typeof chatLimiters>;

/**
 * The public visitor API under /api/v1/chat/public (no sign-in): a widget's config by key,
 * starting a chat, the offline form, rating, and the visitor socket (/api/v1/chat/visitor/ws).
 * Called from customers' websites, so it answers CORS for any origin; whether a page may use a
 * widget is the widget's allowed domains, checked on every call against the Origin header.
 */
export const chatPublicRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['chat (public)'];
    const pub = { access: 'public' } as const;
    const limits = chatLimiters(deps);
    // Per-request limits (the tenant's max_attachment_mb) narrow these.
    await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_MB * 1024 * 1024, files: 1, fields: 5, parts: 6 } });

    // No cookies are involved (the visitor token travels in a header), so reflecting the origin is safe.
    app.addHook('onRequest', async (req, reply) => {
      const origin = req.headers.origin;
      if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'Origin').header('access-control-expose-headers', 'retry-after');
    });
    app.options('/chat/public/*', { config: pub, schema: { hide: true } }, async (_req, reply) =>
      reply
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', `content-type, ${VISITOR_TOKEN_HEADER}`)
        .header('access-control-max-age', '600')
        .status(204)
        .send(),
    );

    const sessionLimit = async (ip: string, widgetId: string) => {
      await limits.sessionsPerIp.hit(ip);
      await limits.sessionsPerWidget.hit(widgetId);
    };
    const tokenOf = (h: string | string[] | undefined) => (typeof h === 'string' ? h : undefined);

    app.get('/chat/public/widgets/:key', {
      config: pub,
      schema: {
        tags,
        summary: "A widget's public config by key (404 unknown or off; 403 from a page or address the widget does not allow)",
        params: PublicWidgetParams,
        response: { 200: dataOf(PublicWidgetConfig) },
      },
      handler: async (req) => {
        const { widget } = await openWidget(db, req.params.key, req);
        const { online, reason } = await widgetAvailability(db, widget);
        return {
          data: {
            key: widget.key,
            locale: widget.locale,
            appearance: { ...DEFAULT_WIDGET_APPEARANCE, ...parseJson<Partial<WidgetAppearance>>(widget.appearance, {}) },
            behaviour: behaviourOf(widget),
            online,
            offline_reason: reason,
            offline_message: widget.offline_message,
            max_file_bytes: (await maxAttachmentMb(db, widget.tenant_id)) * 1024 * 1024,
          },
        };
      },
    });

    app.post('/chat/public/widgets/:key/sessions', {
      config: pub,
      schema: {
        tags,
        summary: 'Start a chat (the pre-chat form); 409 chat_offline when closed or nobody is online (show the offline form); 429 when rate limited',
        params: PublicWidgetParams,
        body: CreateVisitorSessionBody,
        response: { 201: dataOf(CreatedVisitorSession) },
      },
      handler: async (req, reply) => {
        const { widget } = await openWidget(db, req.params.key, req);
        const b = req.body;
        const prechat = checkPrechat(behaviourOf(widget), b);
        await sessionLimit(req.ip, widget.id);
        const { online, reason } = await widgetAvailability(db, widget);
        if (!online)
          throw new AppError(409, 'chat_offline', 'Chat offline', reason === 'closed' ? 'We are closed now; leave a message' : 'Nobody is available to chat now; leave a message');
        const tenantId = widget.tenant_id;
        const token = newVisitorToken();
        const contactId = b.email ? await contactByEmail(db, tenantId, b.email) : null;
        const id = uuidv7();
        await db.transaction().execute(async (trx) => {
          const at = now();
          await trx
            .insertInto('chat_sessions')
            .values({
              id,
              tenant_id: tenantId,
              widget_id: widget.id,
              status: 'queued',
              visitor_token_hash: hashToken(token),
              visitor_name: b.name?.trim() || null,
              visitor_email: b.email ?? null,
              visitor_phone: b.phone ?? null,
              visitor_ip: req.ip ?? null,
              user_agent: req.headers['user-agent']?.slice(0, 500) ?? null,
              referrer: b.referrer || null,
              current_url: b.current_url || req.headers.referer?.slice(0, 2000) || null,
              prechat: JSON.stringify(prechat),
              contact_id: contactId,
              agent_id: null,
              team_id: widget.default_team_id,
              message_seq: 0,
              queued_at: at,
              assigned_at: null,
              first_response_at: null,
              ended_at: null,
              ended_by: null,
              rating: null,
              rating_comment: null,
              ticket_id: null,
              visitor_read_seq: 0,
              agent_read_seq: 0,
              last_visitor_activity_at: at,
              created_at: at,
              updated_at: at,
              offer_id: null,
            })
            .execute();
          await emitEvent(trx, tenantId, sessionEvent('chat.session.queued', (await getChatSession(trx, tenantId, id)) as ChatSession));
        });
        deps.hub.poke(tenantId);
        await routeQueued(deps, tenantId);
        const row = (await getSessionRow(db, tenantId, id)) as ChatSessionsTable;
        return reply.status(201).send({ data: { token, session: await visitorSessionView(db, row, behaviourOf(widget).read_receipts) } });
      },
    });

    app.post('/chat/public/widgets/:key/offline', {
      config: pub,
      schema: {
        tags,
        summary: 'Leave a message while chat is offline: it becomes a helpdesk ticket (requester: the contact of the email)',
        params: PublicWidgetParams,
        body: OfflineMessageBody,
        response: { 201: dataOf(OfflineMessageReceipt) },
      },
      handler: async (req, reply) => {
        const { widget, features } = await openWidget(db, req.params.key, req);
        const b = req.body;
        const prechat = checkPrechat(behaviourOf(widget), b, { requireContact: false });
        if (features.helpdesk === false) throw new AppError(409, 'offline_unavailable', 'Offline messages unavailable', 'This company does not take offline messages');
        await sessionLimit(req.ip, widget.id);
        const tenantId = widget.tenant_id;
        const actor = actorOf(req, tenantId);
        const requester = await contactForVisitor(db, tenantId, { email: b.email, name: b.name, phone: b.phone }, actor);
        const context = [
          b.phone ? `Phone: ${b.phone}` : null,
          b.current_url ? `Page: ${b.current_url}` : null,
          ...Object.entries(prechat).map(([k, v]) => `${k}: ${v === true ? 'yes' : v === false ? 'no' : v}`),
        ].filter(Boolean);
        const ticket = await createTicket(deps, actor, tenantId, {
          subject: `Offline chat message from ${b.name}`.slice(0, 255),
          description: (context.length ? `${b.message}\n\n--\n${context.join('\n')}` : b.message).slice(0, 20000),
          requester_id: requester,
          team_id: widget.default_team_id ?? undefined,
          created_by: null,
        });
        return reply.status(201).send({ data: { reference: ticket.number } });
      },
    });

    app.post('/chat/public/session/rating', {
      config: pub,
      schema: {
        tags,
        summary: `Rate the visitor's ended chat (token in the ${VISITOR_TOKEN_HEADER} header); once`,
        body: RateChatBody,
        response: { 200: dataOf(VisitorSession) },
      },
      handler: async (req) => {
        const { session, widget } = await openVisitor(db, tokenOf(req.headers[VISITOR_TOKEN_HEADER]), req.headers.origin, req.ip);
        const row = await rateChat(deps, session.tenant_id, session.id, req.body.rating, req.body.comment);
        return { data: await visitorSessionView(db, row, behaviourOf(widget).read_receipts) };
      },
    });

    app.post('/chat/public/session/files', {
      config: pub,
      schema: {
        tags,
        summary: `Send a file as a message of the visitor's chat (token in the ${VISITOR_TOKEN_HEADER} header; multipart; type and size checked as for ticket attachments)`,
        description: '413 `attachment_too_large`, 415 `attachment_type_refused`, 403 `file_upload_disabled`, 409 `session_ended`, 429 when rate limited.',
        consumes: ['multipart/form-data'],
        body: ChatFileUploadBody,
        response: { 200: dataOf(VisitorMessage), 201: dataOf(VisitorMessage) },
      },
      handler: async (req, reply) => {
        const { session, widget } = await openVisitor(db, tokenOf(req.headers[VISITOR_TOKEN_HEADER]), req.headers.origin, req.ip);
        if (!behaviourOf(widget).file_upload) throw new AppError(403, 'file_upload_disabled', 'Files not allowed', 'This chat does not take files');
        if (session.status !== 'queued' && session.status !== 'active') throw sessionEnded();
        await limits.messagesPerIp.hit(req.ip);
        await limits.messagesPerWidget.hit(widget.id);
        const upload = await receiveChatFile(req, deps.config.dataDir, await maxAttachmentMb(db, session.tenant_id));
        const { message, created } = await postFileMessage(deps, session.tenant_id, session.id, { type: 'visitor', userId: null }, upload, (s) => {
          if (s.status !== 'queued' && s.status !== 'active') throw sessionEnded();
        });
        return reply.status(created ? 201 : 200).send({ data: toVisitorMessage(message) });
      },
    });

    app.get('/chat/public/session/files/:file_id', {
      config: pub,
      schema: {
        tags,
        summary: `Download a file of the visitor's own chat (token in the ${VISITOR_TOKEN_HEADER} header; \`?inline=1\` shows raster images inline)`,
        params: VisitorFileParams,
        querystring: ChatFileDownloadQuery,
        produces: ['application/octet-stream'],
      },
      handler: async (req, reply) => {
        const { session } = await openVisitor(db, tokenOf(req.headers[VISITOR_TOKEN_HEADER]), req.headers.origin, req.ip);
        const f = await getChatFile(db, session.tenant_id, session.id, req.params.file_id);
        if (!f) throw notFound('File');
        return sendChatFile(reply, deps.config.dataDir, f, req.query.inline === '1' || req.query.inline === 'true');
      },
    });

    registerVisitorSocket(app, deps, limits);
  };
