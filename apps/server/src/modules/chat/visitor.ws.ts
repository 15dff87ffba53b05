import { VISITOR_WS_CLOSE, VisitorClientMessage, type VisitorServerMessage, type VisitorSession } from '@switchboard/shared';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { AppDeps } from '../../app.js';
import { AppError } from '../../http/errors.js';
import type { StreamEvent } from '../../realtime/events.js';
import type { Subscription } from '../../realtime/hub.js';
import { endChat, getSessionRow, markRead, postMessage, rateChat, readMessages, sessionEnded, toVisitorMessage, touchVisitor, visitorSessionView } from './sessions.service.js';
import type { ChatLimiters } from './visitor.routes.js';
import { behaviourOf, openVisitor } from './visitor.service.js';

const AUTH_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 30_000;
/** Messages read from the database per batch when catching a visitor up. */
const BATCH = 500;

/** What a visitor socket knows once authenticated. */
interface VisitorState {
  tenantId: string;
  sessionId: string;
  widgetId: string;
  readReceipts: boolean;
  typingIndicator: boolean;
  ip: string;
}

/**
 * The visitor's socket: `/api/v1/chat/visitor/ws`. The first message authenticates with the
 * visitor token and says which message seq the widget has; the server answers `ready` with the
 * session, sends every later message of the session in seq order, then live ones, each once.
 *
 * Messages are read from the database by seq, never taken from an event: the tenant's event
 * stream only says "something changed in this session", so a message committed while the socket
 * was away, or on another node, is found by the same read that serves live ones. Typing is
 * ephemeral (hub.broadcast) and is not replayed.
 */
export function registerVisitorSocket(app: FastifyInstance, deps: AppDeps, limits: ChatLimiters): void {
  const { db } = deps;
  app.get('/chat/visitor/ws', { websocket: true, config: { access: 'public' }, schema: { hide: true } }, (socket: WebSocket, req) => {
    const origin = req.headers.origin;
    const ip = req.ip;
    let state: VisitorState | null = null;
    let sub: Subscription | null = null;
    let closed = false;
    /** Highest message seq this socket has sent. */
    let sent = 0;
    let last: VisitorSession | null = null;
    let alive = true;

    const send = (m: VisitorServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
    };
    const closeWith = (code: number, reason: string) => {
      send({ op: 'error', code, message: reason });
      socket.close(code, reason);
    };
    const authTimer = setTimeout(() => closeWith(VISITOR_WS_CLOSE.unauthorized, 'authenticate first'), AUTH_TIMEOUT_MS);
    const heartbeat = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
      // A queued visitor with an open socket is still waiting (see abandonIdleQueued).
      const st = state;
      if (st && last?.status === 'queued') touchVisitor(db, st.tenantId, st.sessionId).catch((err) => req.log.warn({ err }, 'visitor heartbeat'));
    }, HEARTBEAT_MS);
    socket.on('pong', () => {
      alive = true;
    });

    // One task at a time: client messages and catch-up reads run in order.
    let chain = Promise.resolve();
    const run = (task: () => Promise<void>) => {
      chain = chain.then(task).catch((err) => {
        if (err instanceof AppError) send({ op: 'error', code: err.code, message: err.detail ?? err.title });
        else {
          req.log.error({ err }, 'visitor socket');
          closeWith(1011, 'internal error');
        }
      });
    };

    /** Send the session's messages after `sent`, in order. */
    let pumpQueued = false;
    const pump = () => {
      if (pumpQueued) return;
      pumpQueued = true;
      run(async () => {
        pumpQueued = false;
        const st = state;
        if (!st || closed) return;
        for (;;) {
          const batch = await readMessages(db, st.tenantId, st.sessionId, sent, BATCH);
          for (const m of batch) {
            if (m.seq <= sent) continue;
            sent = m.seq;
            send({ op: 'message', message: toVisitorMessage(m) });
          }
          if (batch.length < BATCH) break;
        }
      });
    };

    /** Send the session again when what the visitor sees of it changed (status, agent, rating, queue place). */
    let refreshQueued = false;
    const refresh = () => {
      if (refreshQueued) return;
      refreshQueued = true;
      run(async () => {
        refreshQueued = false;
        const st = state;
        if (!st || closed) return;
        const row = await getSessionRow(db, st.tenantId, st.sessionId);
        if (!row) return;
        const next = await visitorSessionView(db, row, st.readReceipts);
        const prev = last;
        last = next;
        if (!prev) return;
        if (prev.status !== next.status || prev.agent?.name !== next.agent?.name || prev.rating !== next.rating) send({ op: 'session', session: next });
        else if (next.position !== null && next.position !== prev.position) send({ op: 'queue', position: next.position });
      });
    };

    const onEvent = (ev: StreamEvent) => {
      const st = state;
      if (!st || !ev.type.startsWith('chat.')) return;
      const d = (ev.data ?? {}) as { session_id?: string; session?: { id?: string; widget_id?: string }; widget_id?: string; reader?: string; author_type?: string; typing?: boolean; seq?: number };
      const sessionId = d.session_id ?? d.session?.id;
      if (sessionId === st.sessionId) {
        if (ev.type === 'chat.message.created') pump();
        else if (ev.type === 'chat.read') {
          if (d.reader === 'agent' && st.readReceipts && typeof d.seq === 'number') send({ op: 'read', seq: d.seq });
        } else if (ev.type === 'chat.typing') {
          if (d.author_type === 'agent' && st.typingIndicator) send({ op: 'typing', typing: !!d.typing });
        } else refresh();
        return;
      }
      // Another chat of the same widget left the queue: this one may have moved up.
      if (last?.status === 'queued' && (d.session?.widget_id === st.widgetId || d.widget_id === st.widgetId)) refresh();
    };

    const onMessage = async (raw: unknown) => {
      let msg: VisitorClientMessage;
      try {
        msg = VisitorClientMessage.parse(JSON.parse(String(raw)));
      } catch {
        return closeWith(VISITOR_WS_CLOSE.protocol, 'not a protocol message');
      }
      if (msg.op === 'ping') return send({ op: 'pong' });
      if (msg.op === 'auth') {
        if (state) return closeWith(VISITOR_WS_CLOSE.protocol, 'already authenticated');
        let opened: Awaited<ReturnType<typeof openVisitor>>;
        try {
          opened = await openVisitor(db, msg.token, origin, ip);
        } catch (err) {
          if (err instanceof AppError && err.status === 403) return closeWith(VISITOR_WS_CLOSE.forbidden, err.detail ?? 'forbidden');
          if (err instanceof AppError) return closeWith(VISITOR_WS_CLOSE.unauthorized, 'invalid token');
          throw err;
        }
        clearTimeout(authTimer);
        const b = behaviourOf(opened.widget);
        const st: VisitorState = {
          tenantId: opened.session.tenant_id,
          sessionId: opened.session.id,
          widgetId: opened.widget.id,
          readReceipts: b.read_receipts,
          typingIndicator: b.typing_indicator,
          ip,
        };
        // Subscribe before reading: whatever commits after this point arrives as an event; whatever
        // committed before is found by the reads below.
        sub = deps.hub.subscribe(st.tenantId, null, onEvent);
        await sub.ready;
        if (closed) return;
        state = st;
        await touchVisitor(db, st.tenantId, st.sessionId);
        const row = await getSessionRow(db, st.tenantId, st.sessionId);
        if (!row) return closeWith(VISITOR_WS_CLOSE.unauthorized, 'invalid token');
        last = await visitorSessionView(db, row, st.readReceipts);
        sent = Math.min(msg.after ?? 0, last.last_seq);
        send({ op: 'ready', session: last });
        pump();
        return;
      }
      const st = state;
      if (!st) return closeWith(VISITOR_WS_CLOSE.unauthorized, 'authenticate first');
      switch (msg.op) {
        case 'message': {
          const clientId = msg.client_id;
          try {
            await limits.messagesPerIp.hit(st.ip);
            await limits.messagesPerWidget.hit(st.widgetId);
          } catch (err) {
            if (err instanceof AppError) return send({ op: 'error', code: err.code, message: err.detail ?? err.title, client_id: clientId });
            throw err;
          }
          try {
            const { message } = await postMessage(deps, st.tenantId, st.sessionId, { author_type: 'visitor', body: msg.body, client_id: clientId }, (s) => {
              if (s.status !== 'queued' && s.status !== 'active') throw sessionEnded();
            });
            send({ op: 'ack', client_id: clientId, seq: message.seq });
          } catch (err) {
            if (err instanceof AppError) return send({ op: 'error', code: err.code, message: err.detail ?? err.title, client_id: clientId });
            throw err;
          }
          pump();
          return;
        }
        case 'typing':
          if (last && (last.status === 'queued' || last.status === 'active'))
            deps.hub.broadcast(st.tenantId, {
              type: 'chat.typing',
              data: { session_id: st.sessionId, author_type: 'visitor', user_id: null, typing: msg.typing },
              permission: 'chat:read',
            });
          return;
        case 'read':
          await markRead(deps, st.tenantId, st.sessionId, 'visitor', msg.seq, null);
          return;
        case 'rate':
          await rateChat(deps, st.tenantId, st.sessionId, msg.rating, msg.comment);
          refresh();
          return;
        case 'end':
          await endChat(deps, st.tenantId, st.sessionId, 'visitor', null);
          refresh();
          return;
      }
    };

    socket.on('message', (raw) => run(() => onMessage(raw)));
    socket.on('close', () => {
      closed = true;
      clearTimeout(authTimer);
      clearInterval(heartbeat);
      sub?.close();
    });
  });
}
