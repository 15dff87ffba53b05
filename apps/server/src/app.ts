import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import { type Database, type Db, ping } from './db/index.js';
import { registerErrorHandler } from './http/errors.js';
import { type RouteAccess, registerGuard, scopeOf } from './http/guard.js';
import { registerMetrics } from './http/metrics.js';
import type { Mailer } from './mail/outbox.js';
import type { EventHub } from './realtime/hub.js';
import { wsRoutes } from './realtime/ws.js';
import { widgetScriptRoutes } from './modules/chat/widget-script.js';
import { chatDemoPageRoutes } from './modules/chat/demo-page.js';
import type { AriClient } from './modules/calls/ari/client.js';
import { auditRoutes } from './modules/audit/routes.js';
import type { TokenSigner } from './modules/auth/crypto.js';
import { authRoutes } from './modules/auth/routes.js';
import { contactRoutes } from './modules/contacts/routes.js';
import { tagRoutes } from './modules/contacts/tags.routes.js';
import { numberRoutes } from './modules/telephony/numbers/routes.js';
import { routingRoutes } from './modules/telephony/routing/routes.js';
import { scheduleRoutes } from './modules/telephony/schedules/routes.js';
import { ivrRoutes } from './modules/telephony/ivr/routes.js';
import { slaPolicyRoutes } from './modules/helpdesk/sla.routes.js';
import { templateRoutes } from './modules/helpdesk/templates.routes.js';
import { queueRoutes } from './modules/telephony/queues/routes.js';
import { voicemailRoutes } from './modules/telephony/voicemail/routes.js';
import { extensionRoutes } from './modules/telephony/extensions/routes.js';
import { trunkRoutes } from './modules/telephony/trunks/routes.js';
import { tenantRoutes } from './modules/tenants/routes.js';
import { userRoutes } from './modules/users/routes.js';
import { teamRoutes } from './modules/users/teams.routes.js';
import { directoryRoutes } from './modules/users/directory.routes.js';
import { ticketRoutes } from './modules/helpdesk/tickets.routes.js';
import { messageRoutes } from './modules/helpdesk/messages.routes.js';
import { emailRoutes } from './modules/helpdesk/email-channels.routes.js';
import { attachmentRoutes } from './modules/helpdesk/attachments.routes.js';
import { bulkTicketRoutes } from './modules/helpdesk/tickets-bulk.routes.js';
import { ticketViewRoutes } from './modules/helpdesk/ticket-views.routes.js';
import { chatAgentRoutes } from './modules/chat/agents.routes.js';
import { chatRoutingRoutes } from './modules/chat/routing.routes.js';
import { chatTransferRoutes } from './modules/chat/transfers.routes.js';
import { widgetRoutes } from './modules/chat/widgets.routes.js';
import { chatSessionRoutes } from './modules/chat/sessions.routes.js';
import { chatPublicRoutes } from './modules/chat/visitor.routes.js';

/** Everything a module may use; built once by main.ts (or a test) and passed down. */
export interface AppDeps {
  config: Config;
  db: Database;
  dbh: Db;
  tokens: TokenSigner;
  mailer: Mailer;
  redis: Redis | null;
  /** Asterisk's REST interface, when ASTERISK_ARI_PASSWORD is set (best-effort live state and reloads). */
  ari: AriClient | null;
  /** The node's event hub (realtime/hub.ts): pokes after commits, WebSocket subscribers. */
  hub: EventHub;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** Build the HTTP app: plugins, the API modules, docs, metrics, health and the console. */
export async function buildApp(
  deps: AppDeps,
  opts: { logger?: FastifyServerOptions['logger']; loggerInstance?: FastifyBaseLogger } = {},
): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    ...(opts.loggerInstance
      ? { loggerInstance: opts.loggerInstance }
      : { logger: opts.logger ?? { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] } }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    bodyLimit: 5 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  registerErrorHandler(app);
  registerGuard(app, deps);
  registerMetrics(app, deps.dbh);
  if (config.corsOrigins.length) await app.register(cors, { origin: config.corsOrigins, credentials: true });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Switchboard API', version: '1', description: 'Multi-tenant contact center. Errors are RFC 9457 problem details.' },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const access = input.route.config?.access as RouteAccess | undefined;
      if (access) {
        const schema = out.schema as Record<string, unknown>;
        // Machine-readable contract: which permission and scope a route has (the tenant isolation test walks these).
        schema['x-permission'] = access;
        schema['x-scope'] = scopeOf(access);
        if (access !== 'public') schema.security = [{ bearerAuth: [] }];
      }
      return out;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  await app.register(
    async (api) => {
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      for (const mod of [wsRoutes, authRoutes, tenantRoutes, userRoutes, teamRoutes, directoryRoutes, ticketRoutes, messageRoutes, attachmentRoutes, bulkTicketRoutes, ticketViewRoutes, contactRoutes, tagRoutes, auditRoutes, trunkRoutes, extensionRoutes, scheduleRoutes, numberRoutes, routingRoutes, queueRoutes, ivrRoutes, voicemailRoutes, templateRoutes, slaPolicyRoutes, emailRoutes]) await api.register(mod(deps));
      for (const mod of [widgetRoutes, chatSessionRoutes, chatPublicRoutes]) await api.register(mod(deps));
      for (const mod of [chatAgentRoutes, chatRoutingRoutes, chatTransferRoutes]) await api.register(mod(deps));
    },
    { prefix: '/api/v1' },
  );

  await app.register(widgetScriptRoutes());
  await app.register(chatDemoPageRoutes(deps));
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await ping(deps.db);
      return { status: 'ready' };
    } catch {
      return reply.status(503).type('application/problem+json').send({ type: 'about:blank', title: 'Not ready', status: 503, code: 'not_ready', detail: 'Database unreachable' });
    }
  });

  serveConsole(app, config.webDist);
  return app;
}

/** Serve the built console; unknown non-API GETs get index.html so client-side routes work on reload. */
function serveConsole(app: FastifyInstance, dist: string) {
  if (!existsSync(join(dist, 'index.html'))) {
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain').send('Switchboard API is running. The console is not built: run `npm run build`.'),
    );
    return;
  }
  void app.register(fastifyStatic, { root: dist, wildcard: false, index: 'index.html' });
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const path = req.url.split('?')[0];
    if (path.startsWith('/api/') || path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path)) {
      return reply.status(404).type('application/problem+json').send({ type: 'about:blank', title: 'Not found', status: 404, code: 'not_found', detail: `No route GET ${path}`, request_id: req.id });
    }
    return reply.sendFile('index.html');
  });
}
