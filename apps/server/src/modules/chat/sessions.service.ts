import { createHash, randomBytes } from 'node:crypto';
import type { ChatAttachment, ChatMessage, ChatSession, ChatSessionStatus, VisitorMessage, VisitorSession } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppDeps } from '../../app.js';
import type { ChatMessagesTable, ChatSessionsTable, DB } from '../../db/schema.js';
import { parseJson } from '../../db/query.js';
import { AppError, isUniqueViolation, notFound } from '../../http/errors.js';
import { now } from '../../http/pagination.js';
import { type EventInput, emitEvent } from '../../realtime/events.js';
import { type Actor, recordAudit } from '../audit/repo.js';
import { emitQueueChanged, kickRouting, onSessionClosed } from './routing.js';

/**
 * The chat core: sessions, their gap-free message sequence, read positions, ending and rating.
 * Every change happens in one transaction with its durable event (`chat.*`, permission chat:read),
 * and the hub is poked after commit, so agents' console sockets and visitor sockets on any node
 * see it. Visitors read their session's messages from the database by seq (see visitor.ws.ts).
 */

/** What the chat core needs from the app. */
export type ChatDeps = Pick<AppDeps, 'db' | 'hub'>;

/** A new visitor token: 256 random bits, url-safe. Only its hash is stored. */
export function newVisitorToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 hex of a visitor token (what `chat_sessions.visitor_token_hash` holds). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The session a visitor token opens (any tenant), or undefined. */
export async function sessionByToken(db: Kysely<DB>, token: string): Promise<ChatSessionsTable | undefined> {
  if (!token || token.length > 200) return undefined;
  return db.selectFrom('chat_sessions').selectAll().where('visitor_token_hash', '=', hashToken(token)).executeTakeFirst();
}

/** A session row of the tenant. */
export async function getSessionRow(db: Kysely<DB>, tenantId: string, id: string): Promise<ChatSessionsTable | undefined> {
  return db.selectFrom('chat_sessions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** `chat.session.*` event of a session, for users who may read chats. */
export function sessionEvent(type: 'chat.session.queued' | 'chat.session.assigned' | 'chat.session.updated' | 'chat.session.ended', session: ChatSession): EventInput {
  return { type, data: { session }, permission: 'chat:read' };
}

/** Whole seconds from `a` to `b` (null when either is missing). */
function secondsBetween(a: string | null, b: string | null): number | null {
  if (!a || !b) return null;
  return Math.max(0, Math.round((Date.parse(b) - Date.parse(a)) / 1000));
}

type SessionRow = ChatSessionsTable & { widget_name: string; agent_name: string | null; unread: unknown };

/** Sessions of the tenant with widget name, agent name and the agent's unread count. */
export function sessionQuery(db: Kysely<DB>, tenantId: string) {
  return db
    .selectFrom('chat_sessions as s')
    .innerJoin('chat_widgets as w', 'w.id', 's.widget_id')
    .leftJoin('users as u', 'u.id', 's.agent_id')
    .selectAll('s')
    .select(['w.name as widget_name', 'u.name as agent_name'])
    .select((e) =>
      e
        .selectFrom('chat_messages as m')
        .select((x) => x.fn.countAll().as('n'))
        .whereRef('m.session_id', '=', 's.id')
        .where('m.author_type', '=', 'visitor')
        .whereRef('m.seq', '>', 's.agent_read_seq')
        .as('unread'),
    )
    .where('s.tenant_id', '=', tenantId);
}

/** Row (with joins) → the agents' view. */
export function toChatSession(r: SessionRow): ChatSession {
  return {
    id: r.id,
    widget_id: r.widget_id,
    widget_name: r.widget_name,
    status: r.status as ChatSessionStatus,
    visitor: {
      name: r.visitor_name,
      email: r.visitor_email,
      phone: r.visitor_phone,
      ip: r.visitor_ip,
      user_agent: r.user_agent,
      referrer: r.referrer,
      current_url: r.current_url,
    },
    prechat: parseJson<Record<string, string | boolean>>(r.prechat, {}),
    contact_id: r.contact_id,
    agent_id: r.agent_id,
    agent_name: r.agent_id ? r.agent_name : null,
    team_id: r.team_id,
    last_seq: Number(r.message_seq),
    unread: Number(r.unread ?? 0),
    visitor_read_seq: Number(r.visitor_read_seq),
    agent_read_seq: Number(r.agent_read_seq),
    queued_at: r.queued_at,
    assigned_at: r.assigned_at,
    first_response_at: r.first_response_at,
    ended_at: r.ended_at,
    ended_by: (r.ended_by as ChatSession['ended_by']) ?? null,
    rating: r.rating === null ? null : Number(r.rating),
    rating_comment: r.rating_comment,
    ticket_id: r.ticket_id,
    metrics: {
      wait_seconds: secondsBetween(r.queued_at, r.assigned_at),
      first_response_seconds: secondsBetween(r.queued_at, r.first_response_at),
      duration_seconds: secondsBetween(r.assigned_at, r.ended_at),
    },
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** One session as agents see it. */
export async function getChatSession(db: Kysely<DB>, tenantId: string, id: string): Promise<ChatSession | undefined> {
  const r = await sessionQuery(db, tenantId).where('s.id', '=', id).executeTakeFirst();
  return r ? toChatSession(r) : undefined;
}

/** Files carried by messages, by attachment id (chat_files; none until a file is sent). */
async function attachmentsOf(db: Kysely<DB>, tenantId: string, ids: string[]): Promise<Map<string, ChatAttachment>> {
  const out = new Map<string, ChatAttachment>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('chat_files').select(['id', 'filename', 'content_type', 'size']).where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  for (const r of rows) out.set(r.id, { id: r.id, filename: r.filename, content_type: r.content_type, size: Number(r.size) });
  return out;
}

/** Messages of a session after `after`, oldest first (at most `limit`), as agents see them. */
export async function readMessages(db: Kysely<DB>, tenantId: string, sessionId: string, after = 0, limit = 1000): Promise<ChatMessage[]> {
  const rows = await db
    .selectFrom('chat_messages as m')
    .innerJoin('chat_sessions as s', 's.id', 'm.session_id')
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .selectAll('m')
    .select(['u.name as user_name', 's.visitor_name'])
    .where('m.tenant_id', '=', tenantId)
    .where('m.session_id', '=', sessionId)
    .where('m.seq', '>', after)
    .orderBy('m.seq')
    .limit(limit)
    .execute();
  const files = await attachmentsOf(db, tenantId, rows.map((r) => r.attachment_id).filter((x): x is string => !!x));
  return rows.map((r) => toChatMessage(r, r.author_type === 'agent' ? r.user_name : r.author_type === 'visitor' ? r.visitor_name : null, r.attachment_id ? (files.get(r.attachment_id) ?? null) : null));
}

function toChatMessage(r: ChatMessagesTable, authorName: string | null, attachment: ChatAttachment | null): ChatMessage {
  return {
    id: r.id,
    session_id: r.session_id,
    seq: Number(r.seq),
    author_type: r.author_type as ChatMessage['author_type'],
    author_user_id: r.author_user_id,
    author_name: authorName ?? null,
    body: r.body,
    attachment,
    client_id: r.client_id,
    created_at: r.created_at,
  };
}

/** A message as the visitor sees it: no user ids; the client id only on the visitor's own messages. */
export function toVisitorMessage(m: ChatMessage): VisitorMessage {
  return {
    seq: m.seq,
    author_type: m.author_type,
    author_name: m.author_type === 'agent' ? m.author_name : null,
    body: m.body,
    attachment: m.attachment,
    client_id: m.author_type === 'visitor' ? m.client_id : null,
    created_at: m.created_at,
  };
}

/**
 * 1-based place of a queued session among its widget's queued chats, oldest first (the order
 * routing takes them in); null when it is not queued.
 */
export async function queuePosition(db: Kysely<DB>, s: Pick<ChatSessionsTable, 'tenant_id' | 'widget_id' | 'status' | 'queued_at' | 'id'>): Promise<number | null> {
  if (s.status !== 'queued') return null;
  const r = await db
    .selectFrom('chat_sessions')
    .select((e) => e.fn.countAll().as('n'))
    .where('tenant_id', '=', s.tenant_id)
    .where('widget_id', '=', s.widget_id)
    .where('status', '=', 'queued')
    .where((e) => e.or([e('queued_at', '<', s.queued_at), e.and([e('queued_at', '=', s.queued_at), e('id', '<=', s.id)])]))
    .executeTakeFirstOrThrow();
  return Math.max(1, Number(r.n));
}

/** The visitor's own view of a session (`readReceipts` false hides the agent's read position). */
export async function visitorSessionView(db: Kysely<DB>, row: ChatSessionsTable, readReceipts = true): Promise<VisitorSession> {
  const agent = row.agent_id ? await db.selectFrom('users').select(['name', 'avatar_url']).where('id', '=', row.agent_id).executeTakeFirst() : undefined;
  return {
    id: row.id,
    status: row.status as ChatSessionStatus,
    position: await queuePosition(db, row),
    agent: agent && (row.status === 'active' || row.status === 'ended') ? { name: agent.name, avatar_url: agent.avatar_url } : null,
    last_seq: Number(row.message_seq),
    visitor_read_seq: Number(row.visitor_read_seq),
    agent_read_seq: readReceipts ? Number(row.agent_read_seq) : 0,
    rating: row.rating === null ? null : Number(row.rating),
    rating_comment: row.rating_comment,
    created_at: row.created_at,
    ended_at: row.ended_at,
  };
}

/** 409 `session_ended`: the chat is over and takes no more messages. */
export const sessionEnded = () => new AppError(409, 'session_ended', 'Chat ended', 'This chat has ended');

/** What a new message is made of. */
export interface NewChatMessage {
  author_type: 'visitor' | 'agent' | 'system';
  /** The agent (agent messages). */
  author_user_id?: string | null;
  /** Plain text (stored as given; never HTML). */
  body: string;
  /** A chat_files id. */
  attachment_id?: string | null;
  /** Idempotency key of the sender. */
  client_id?: string | null;
}

/**
 * Append a message inside the caller's transaction: the session's `message_seq` is bumped by an
 * UPDATE, which locks the session row until commit, so the messages of one session commit in seq
 * order with no gap (a rolled-back append gives its number back). The sender has read up to its
 * own message; the first agent message sets `first_response_at`. Emits `chat.message.created`.
 * Returns undefined when the session is not the tenant's.
 */
export async function appendMessage(trx: Kysely<DB>, tenantId: string, sessionId: string, m: NewChatMessage): Promise<ChatMessage | undefined> {
  const at = now();
  const bumped = await trx
    .updateTable('chat_sessions')
    .set((x) => ({ message_seq: sql<number>`${x.ref('message_seq')} + 1`, updated_at: at }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (Number(bumped.numUpdatedRows) === 0) return undefined;
  const s = await trx.selectFrom('chat_sessions').select(['message_seq', 'first_response_at', 'visitor_name']).where('id', '=', sessionId).executeTakeFirstOrThrow();
  const seq = Number(s.message_seq);
  const row: ChatMessagesTable = {
    id: uuidv7(),
    tenant_id: tenantId,
    session_id: sessionId,
    seq,
    author_type: m.author_type,
    author_user_id: m.author_user_id ?? null,
    body: m.body,
    attachment_id: m.attachment_id ?? null,
    client_id: m.client_id ?? null,
    created_at: at,
  };
  await trx.insertInto('chat_messages').values(row).execute();
  if (m.author_type === 'agent') {
    await trx
      .updateTable('chat_sessions')
      .set({ agent_read_seq: seq, ...(s.first_response_at ? {} : { first_response_at: at }) })
      .where('id', '=', sessionId)
      .execute();
  } else if (m.author_type === 'visitor') {
    await trx.updateTable('chat_sessions').set({ visitor_read_seq: seq, last_visitor_activity_at: at }).where('id', '=', sessionId).execute();
  }
  let authorName: string | null = null;
  if (m.author_type === 'agent' && m.author_user_id)
    authorName = (await trx.selectFrom('users').select('name').where('id', '=', m.author_user_id).executeTakeFirst())?.name ?? null;
  else if (m.author_type === 'visitor') authorName = s.visitor_name;
  const files = m.attachment_id ? await attachmentsOf(trx, tenantId, [m.attachment_id]) : new Map();
  const message = toChatMessage(row, authorName, m.attachment_id ? (files.get(m.attachment_id) ?? null) : null);
  await emitEvent(trx, tenantId, { type: 'chat.message.created', data: { session_id: sessionId, message }, permission: 'chat:read' });
  return message;
}

async function messageByClientId(db: Kysely<DB>, tenantId: string, sessionId: string, clientId: string): Promise<ChatMessage | undefined> {
  const r = await db.selectFrom('chat_messages').select('seq').where('tenant_id', '=', tenantId).where('session_id', '=', sessionId).where('client_id', '=', clientId).executeTakeFirst();
  if (!r) return undefined;
  const [m] = await readMessages(db, tenantId, sessionId, Number(r.seq) - 1, 1);
  return m;
}

/**
 * Store a message unless one with the same client id exists (then that one is returned with
 * `created` false: a resend after a reconnect is stored once, also when two resends race).
 * `check` runs inside the transaction on the session row and throws to refuse (ended, not yours);
 * `attach` (a file message) stores the file in the same transaction and returns its chat_files id.
 */
export async function postMessage(
  deps: ChatDeps,
  tenantId: string,
  sessionId: string,
  m: NewChatMessage,
  check: (s: ChatSessionsTable) => void,
  attach?: (trx: Kysely<DB>, s: ChatSessionsTable) => Promise<string>,
): Promise<{ message: ChatMessage; created: boolean }> {
  const { db } = deps;
  if (m.client_id) {
    const existing = await messageByClientId(db, tenantId, sessionId, m.client_id);
    if (existing) return { message: existing, created: false };
  }
  try {
    const message = await db.transaction().execute(async (trx) => {
      const s = await getSessionRow(trx, tenantId, sessionId);
      if (!s) throw notFound('Chat session');
      check(s);
      const attachmentId = attach ? await attach(trx, s) : m.attachment_id;
      return (await appendMessage(trx, tenantId, sessionId, { ...m, attachment_id: attachmentId ?? null })) as ChatMessage;
    });
    deps.hub.poke(tenantId);
    return { message, created: true };
  } catch (err) {
    // The same client id committed meanwhile (the unique key refused ours; our seq was rolled back).
    if (m.client_id && isUniqueViolation(err)) {
      const existing = await messageByClientId(db, tenantId, sessionId, m.client_id);
      if (existing) return { message: existing, created: false };
    }
    throw err;
  }
}

/**
 * Move a side's read position forward to `seq` (clamped to the newest message; never backwards),
 * with a durable `chat.read` event. No change, no event.
 */
export async function markRead(deps: ChatDeps, tenantId: string, sessionId: string, reader: 'visitor' | 'agent', seq: number, userId: string | null): Promise<boolean> {
  const column = reader === 'visitor' ? 'visitor_read_seq' : 'agent_read_seq';
  const moved = await deps.db.transaction().execute(async (trx) => {
    const s = await getSessionRow(trx, tenantId, sessionId);
    if (!s) throw notFound('Chat session');
    const target = Math.min(seq, Number(s.message_seq));
    if (target <= Number(s[column])) return false;
    const r = await trx
      .updateTable('chat_sessions')
      .set({ [column]: target })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', sessionId)
      .where(column, '<', target)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await emitEvent(trx, tenantId, { type: 'chat.read', data: { session_id: sessionId, reader, user_id: userId, seq: target }, permission: 'chat:read' });
    return true;
  });
  if (moved) deps.hub.poke(tenantId);
  return moved;
}

/**
 * End a chat: an active one becomes `ended` (the agent's slot is given back and the oldest queued
 * chat is routed at once), a queued one `abandoned` (its widget's queue moves up). Ending an ended chat changes nothing.
 * `actor` (an agent or supervisor) is audited; visitors are not users and are not.
 */
export async function endChat(deps: ChatDeps, tenantId: string, sessionId: string, by: 'visitor' | 'agent' | 'system', actor: Actor | null): Promise<ChatSession> {
  const { db } = deps;
  let wasQueued: string | null = null;
  const result = await db.transaction().execute(async (trx) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const s = await getSessionRow(trx, tenantId, sessionId);
      if (!s) throw notFound('Chat session');
      if (s.status !== 'queued' && s.status !== 'active') return { session: (await getChatSession(trx, tenantId, sessionId)) as ChatSession, changed: false };
      const before = (await getChatSession(trx, tenantId, sessionId)) as ChatSession;
      const at = now();
      const r = await trx
        .updateTable('chat_sessions')
        .set({ status: s.status === 'active' ? 'ended' : 'abandoned', ended_at: at, ended_by: by, updated_at: at })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', sessionId)
        .where('status', '=', s.status)
        .executeTakeFirst();
      // Routing took it meanwhile (queued → active): read it again and end what it is now.
      if (Number(r.numUpdatedRows) === 0) continue;
      // Routing's part: the agent's slot (or a pending offer's) comes back, pending transfers are cancelled.
      await onSessionClosed(trx, tenantId, { id: s.id, status: s.status, agent_id: s.agent_id, offer_id: s.offer_id });
      wasQueued = s.status === 'queued' ? s.widget_id : null;
      const after = (await getChatSession(trx, tenantId, sessionId)) as ChatSession;
      if (actor) await recordAudit(trx, actor, { action: 'chat_session.ended', entity_type: 'chat_session', entity_id: sessionId, before, after });
      await emitEvent(trx, tenantId, sessionEvent('chat.session.ended', after));
      return { session: after, changed: true };
    }
    throw new AppError(409, 'conflict', 'Conflict', 'The chat changed while ending it; try again');
  });
  if (result.changed) {
    deps.hub.poke(tenantId);
    // A freed slot takes the oldest queued chat now; an abandoned chat moved its queue up.
    await kickRouting(deps, tenantId);
    if (wasQueued) await emitQueueChanged(deps, tenantId, wasQueued);
  }
  return result.session;
}

/** The visitor rates an ended chat (once): 1–5 and an optional comment. */
export async function rateChat(deps: ChatDeps, tenantId: string, sessionId: string, rating: number, comment: string | undefined): Promise<ChatSessionsTable> {
  const row = await deps.db.transaction().execute(async (trx) => {
    const s = await getSessionRow(trx, tenantId, sessionId);
    if (!s) throw notFound('Chat session');
    if (s.status !== 'ended') throw new AppError(409, 'not_ended', 'Chat not ended', 'A chat is rated once it has ended');
    const r = await trx
      .updateTable('chat_sessions')
      .set({ rating, rating_comment: comment || null, updated_at: now() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', sessionId)
      .where('rating', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError(409, 'already_rated', 'Already rated', 'This chat has been rated');
    await emitEvent(trx, tenantId, sessionEvent('chat.session.updated', (await getChatSession(trx, tenantId, sessionId)) as ChatSession));
    return (await getSessionRow(trx, tenantId, sessionId)) as ChatSessionsTable;
  });
  deps.hub.poke(tenantId);
  return row;
}

/** A queued chat whose visitor has shown no sign of life for this long is abandoned. */
export const VISITOR_IDLE_MS = 120_000;

/** The visitor is still there (their socket is open or they just acted). */
export async function touchVisitor(db: Kysely<DB>, tenantId: string, sessionId: string, at = now()): Promise<void> {
  await db.updateTable('chat_sessions').set({ last_visitor_activity_at: at }).where('tenant_id', '=', tenantId).where('id', '=', sessionId).execute();
}

/**
 * Abandon queued chats whose visitor left (closed the page before an agent came): no visitor
 * socket has refreshed `last_visitor_activity_at` for `VISITOR_IDLE_MS`. Each is ended like a
 * visitor leaving the queue (`abandoned`, ended by `system`), so no agent is given a chat nobody
 * waits for. Safe on every node at once (ending is a conditional update). Returns how many.
 */
export async function abandonIdleQueued(deps: ChatDeps, at = new Date()): Promise<number> {
  const cutoff = new Date(at.getTime() - VISITOR_IDLE_MS).toISOString();
  const idle = await deps.db
    .selectFrom('chat_sessions')
    .select(['tenant_id', 'id'])
    .where('status', '=', 'queued')
    .where('last_visitor_activity_at', '<', cutoff)
    .orderBy('queued_at')
    .limit(200)
    .execute();
  let n = 0;
  for (const s of idle) {
    const ended = await endChat(deps, s.tenant_id, s.id, 'system', null);
    if (ended.status === 'abandoned' && ended.ended_by === 'system') n++;
  }
  return n;
}
