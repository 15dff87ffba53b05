import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { decodeJwt } from 'jose';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { AppDeps } from '../app.js';
import { createPresence } from '../modules/chat/presence.js';
import { AppError } from '../http/errors.js';
import { type AuthContext, loadAuthContext } from '../http/guard.js';
import type { StreamEvent } from './events.js';
import type { Subscription } from './hub.js';

/** Messages a console client sends. */
const ClientMessage = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('auth'),
    /** The access token (as for the REST API). Sent again before it expires to keep the socket. */
    token: z.string().min(1).max(4000),
    /** The last sequence number the client saw; everything after it is replayed first. */
    after: z.number().int().min(0).nullable().optional(),
  }),
  z.object({ op: z.literal('ping') }),
]);

/** Close codes the client acts on (4000–4999 are the application's). */
export const WS_CLOSE = {
  /** No or bad token, or the session ended: sign in again. */
  unauthorized: 4001,
  /** The token expired without a renewal: reconnect with a fresh token and `after`. */
  expired: 4002,
  /** The client sent something that is not the protocol. */
  protocol: 4400,
} as const;

const AUTH_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 30_000;

/** May this user see this event? Tenant-scoped by subscription; permission and addressee here. */
export function visibleTo(ev: StreamEvent, ctx: AuthContext): boolean {
  if (ev.user_id && ev.user_id !== ctx.userId) return false;
  if (ev.permission && !ctx.permissions.has(ev.permission)) return false;
  return true;
}

/**
 * The console's one WebSocket: `/api/v1/ws`. The first message authenticates (a token in the URL
 * would end up in access logs) and says where to resume; the server answers `ready` with the
 * stream's position, replays what the client missed, then sends live events, each once and in order.
 */
export const wsRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // Chat agents' presence: this node heartbeats the agents whose console socket it holds.
    const presence = createPresence(deps, { log: app.log });
    app.addHook('onClose', async () => presence.close());

    app.get('/ws', { websocket: true, config: { access: 'public' }, schema: { hide: true } }, (socket: WebSocket) => {
      let ctx: AuthContext | null = null;
      let sub: Subscription | null = null;
      let expiry: NodeJS.Timeout | null = null;
      let alive = true;
      /** The chat agent this socket keeps present (tenant, user), once authenticated. */
      let agent: { tenantId: string; userId: string } | null = null;

      const send = (m: unknown) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
      };
      const closeWith = (code: number, reason: string) => {
        send({ op: 'error', code, message: reason });
        socket.close(code, reason);
      };
      const authTimer = setTimeout(() => closeWith(WS_CLOSE.unauthorized, 'authenticate first'), AUTH_TIMEOUT_MS);
      const heartbeat = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, HEARTBEAT_MS);
      socket.on('pong', () => {
        alive = true;
      });

      const armExpiry = (token: string) => {
        if (expiry) clearTimeout(expiry);
        const exp = decodeJwt(token).exp;
        if (exp) expiry = setTimeout(() => closeWith(WS_CLOSE.expired, 'token expired'), Math.max(0, exp * 1000 - Date.now()));
      };

      // One message at a time: a second `auth` must see the first one's outcome.
      let queue = Promise.resolve();
      socket.on('message', (raw) => {
        queue = queue.then(() => onMessage(raw)).catch(() => closeWith(1011, 'internal error'));
      });

      const onMessage = async (raw: unknown) => {
        let msg: z.infer<typeof ClientMessage>;
        try {
          msg = ClientMessage.parse(JSON.parse(String(raw)));
        } catch {
          return closeWith(WS_CLOSE.protocol, 'not a protocol message');
        }
        if (msg.op === 'ping') return send({ op: 'pong' });
        const claims = await deps.tokens.verify(msg.token);
        const next = claims ? await loadAuthContext(deps.db, claims.sub, claims.tid) : null;
        if (!next || next instanceof AppError || !next.tenantId) return closeWith(WS_CLOSE.unauthorized, 'invalid token');
        if (ctx && (ctx.userId !== next.userId || ctx.tenantId !== next.tenantId)) return closeWith(WS_CLOSE.protocol, 'a socket serves one user and tenant');
        clearTimeout(authTimer);
        armExpiry(msg.token);
        const renewal = ctx !== null;
        ctx = next;
        if (renewal) return send({ op: 'renewed' });
        const viewer = next;
        sub = deps.hub.subscribe(next.tenantId as string, msg.after ?? null, (ev) => {
          if (ctx && visibleTo(ev, ctx)) send({ op: 'event', event: { type: ev.type, tenant_id: ev.tenant_id, at: ev.at, seq: ev.seq, data: ev.data } });
          // Even an event this user may not see moves their position, so a resume never re-reads it.
          else if (ev.seq !== undefined) send({ op: 'seq', seq: ev.seq });
        });
        await sub.ready;
        send({ op: 'ready', user_id: viewer.userId, tenant_id: viewer.tenantId });
        if (viewer.permissions.has('chat:write') && !viewer.isSuperadmin && socket.readyState === socket.OPEN) {
          agent = { tenantId: viewer.tenantId as string, userId: viewer.userId };
          await presence.attach(agent.tenantId, agent.userId).catch((err) => app.log.warn({ err }, 'presence'));
        }
      };

      socket.on('close', () => {
        clearTimeout(authTimer);
        clearInterval(heartbeat);
        if (expiry) clearTimeout(expiry);
        sub?.close();
        if (agent) presence.detach(agent.tenantId, agent.userId).catch((err) => app.log.warn({ err }, 'presence'));
      });
    });
  };
