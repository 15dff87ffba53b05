import type { ChatTransfer, CreateChatTransferBody } from '@switchboard/shared';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../../db/schema.js';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.js';
import { now } from '../../http/pagination.js';
import { emitEvent } from '../../realtime/events.js';
import { type Actor, recordAudit } from '../audit/repo.js';
import { ensureAgentRow, isChatAgent } from './agents.repo.js';
import { type RoutingDeps, emitAgentState, emitAssigned, releaseAgentSlot, routeQueued, takeAgentSlot, withRetry } from './routing.js';
import { appendMessage } from './sessions.service.js';

/**
 * Transfers: an agent hands an active chat to another agent or to a team, with a reason. The chat
 * stays with the sender until the receiver accepts (then it moves: the sender's slot comes back,
 * the receiver takes one); a rejected or expired transfer leaves it where it was. It is the same
 * session, so the receiver reads the whole history; the visitor sees a system message.
 */

/** Who acts: the caller's tenant and user, and whether they may act on any chat (chat:supervise). */
export interface TransferActor {
  tenantId: string;
  userId: string;
  supervisor: boolean;
  /** Audit trail of the request (every write is audited). */
  audit?: Actor;
}

const DEFAULT_TIMEOUT_S = 60;
const COLS = ['id', 'session_id', 'from_user_id', 'to_user_id', 'to_team_id', 'reason', 'status', 'expires_at', 'created_at', 'resolved_at'] as const;

export async function getTransfer(db: Kysely<DB>, tenantId: string, id: string): Promise<ChatTransfer | null> {
  const t = await db.selectFrom('chat_transfers').select(COLS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return (t as ChatTransfer | undefined) ?? null;
}

async function inTeam(db: Kysely<DB>, tenantId: string, teamId: string, userId: string): Promise<boolean> {
  const r = await db.selectFrom('team_members').select('user_id').where('tenant_id', '=', tenantId).where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
  return !!r;
}

/** May this user answer the transfer (the addressed agent, or a member of the addressed team)? */
async function isReceiver(db: Kysely<DB>, t: ChatTransfer, a: TransferActor): Promise<boolean> {
  if (t.to_user_id) return t.to_user_id === a.userId;
  if (t.to_team_id) return t.from_user_id !== a.userId && (await inTeam(db, a.tenantId, t.to_team_id, a.userId));
  return false;
}

async function emitTransfer(trx: Kysely<DB>, tenantId: string, type: string, id: string, audit?: Actor, before?: ChatTransfer): Promise<ChatTransfer> {
  const transfer = (await getTransfer(trx, tenantId, id)) as ChatTransfer;
  await emitEvent(trx, tenantId, { type, data: { transfer }, permission: 'chat:read' });
  if (audit) await recordAudit(trx, audit, { action: type, entity_type: 'chat_transfer', entity_id: id, before, after: transfer });
  return transfer;
}

/** Transfers of one session, newest first. */
export async function listSessionTransfers(db: Kysely<DB>, tenantId: string, sessionId: string): Promise<ChatTransfer[]> {
  const rows = await db.selectFrom('chat_transfers').select(COLS).where('tenant_id', '=', tenantId).where('session_id', '=', sessionId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows as ChatTransfer[];
}

/** The caller's transfers: incoming (to them or one of their teams) or outgoing (from them). */
export async function listMyTransfers(db: Kysely<DB>, a: TransferActor, direction: 'incoming' | 'outgoing', status: string): Promise<ChatTransfer[]> {
  let q = db.selectFrom('chat_transfers as t').select(COLS.map((c) => `t.${c}` as const)).where('t.tenant_id', '=', a.tenantId).where('t.status', '=', status);
  if (direction === 'outgoing') q = q.where('t.from_user_id', '=', a.userId);
  else
    q = q.where((e) =>
      e.or([
        e('t.to_user_id', '=', a.userId),
        e.and([
          e('t.to_user_id', 'is', null),
          e('t.from_user_id', '!=', a.userId),
          e.exists(e.selectFrom('team_members as tm').select('tm.user_id').whereRef('tm.team_id', '=', 't.to_team_id').where('tm.tenant_id', '=', a.tenantId).where('tm.user_id', '=', a.userId)),
        ]),
      ]),
    );
  return (await q.orderBy('t.created_at').orderBy('t.id').limit(200).execute()) as ChatTransfer[];
}

/** Ask to hand an active chat to an agent or a team. The sender must be its agent (or a supervisor). */
export async function createTransfer(deps: RoutingDeps, a: TransferActor, sessionId: string, body: CreateChatTransferBody): Promise<ChatTransfer> {
  const { tenantId } = a;
  const toUser = 'to_user_id' in body ? body.to_user_id : null;
  const toTeam = 'to_team_id' in body ? body.to_team_id : null;
  const transfer = await withRetry(deps.db, async (trx) => {
    const at = now();
    // Lock the session row first: concurrent transfer requests for one chat queue here, so only one is pending.
    await trx.updateTable('chat_sessions').set({ updated_at: at }).where('tenant_id', '=', tenantId).where('id', '=', sessionId).execute();
    const s = await trx.selectFrom('chat_sessions').select(['id', 'status', 'agent_id']).where('tenant_id', '=', tenantId).where('id', '=', sessionId).executeTakeFirst();
    if (!s) throw notFound('Chat session');
    if (s.agent_id !== a.userId && !a.supervisor) throw forbidden('Only the chat’s agent or a supervisor can transfer it');
    if (s.status !== 'active' || !s.agent_id) throw conflict(`Only an active chat can be transferred; this one is ${s.status}`);
    if (toUser) {
      if (!(await isChatAgent(trx, tenantId, toUser))) throw notFound('Agent');
      if (toUser === s.agent_id) throw new AppError(400, 'validation_failed', 'Validation failed', 'The chat is already with this agent', [{ field: 'to_user_id', message: 'already the chat’s agent' }]);
    }
    if (toTeam) {
      const team = await trx.selectFrom('teams').select('id').where('tenant_id', '=', tenantId).where('id', '=', toTeam).executeTakeFirst();
      if (!team) throw notFound('Team');
    }
    const pending = await trx.selectFrom('chat_transfers').select('id').where('tenant_id', '=', tenantId).where('session_id', '=', sessionId).where('status', '=', 'pending').executeTakeFirst();
    if (pending) throw conflict('A transfer of this chat is already pending');
    const id = uuidv7();
    await trx
      .insertInto('chat_transfers')
      .values({
        id,
        tenant_id: tenantId,
        session_id: sessionId,
        from_user_id: s.agent_id,
        to_user_id: toUser,
        to_team_id: toTeam,
        reason: body.reason || null,
        status: 'pending',
        expires_at: new Date(Date.parse(at) + (body.timeout_seconds ?? DEFAULT_TIMEOUT_S) * 1000).toISOString(),
        created_at: at,
        resolved_at: null,
      })
      .execute();
    return emitTransfer(trx, tenantId, 'chat.transfer.created', id, a.audit);
  });
  deps.hub.poke(tenantId);
  return transfer;
}

async function pendingTransfer(trx: Kysely<DB>, tenantId: string, id: string): Promise<ChatTransfer> {
  const t = await getTransfer(trx, tenantId, id);
  if (!t) throw notFound('Transfer');
  if (t.status !== 'pending') throw conflict(`The transfer is ${t.status}`);
  return t;
}

/**
 * The receiver accepts: the chat moves to them. Their capacity holds (409 at max chats); the
 * sender's slot comes back (and the queue moves on to them); the visitor sees a system message.
 */
export async function acceptTransfer(deps: RoutingDeps, a: TransferActor, id: string): Promise<ChatTransfer> {
  const { tenantId } = a;
  let expired = false;
  await ensureAgentRow(deps.db, tenantId, a.userId);
  const transfer = await withRetry(deps.db, async (trx) => {
    expired = false;
    const t = await getTransfer(trx, tenantId, id);
    if (!t || !(await isReceiver(trx, t, a))) throw notFound('Transfer');
    if (t.status !== 'pending') throw conflict(`The transfer is ${t.status}`);
    const at = now();
    if (t.expires_at <= at) {
      expired = await expireOne(trx, tenantId, t.id, at);
      return t;
    }
    // Lock order as routing: agent slot first, then the chat.
    if (!(await takeAgentSlot(trx, tenantId, a.userId, { routable: false, at }))) throw new AppError(409, 'limit_reached', 'Limit reached', 'You are at your maximum number of chats');
    const won = await trx
      .updateTable('chat_transfers')
      .set({ status: 'accepted', to_user_id: a.userId, resolved_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', t.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(won.numUpdatedRows) !== 1) throw conflict('The transfer is no longer pending');
    const s = await trx.selectFrom('chat_sessions').select(['team_id']).where('tenant_id', '=', tenantId).where('id', '=', t.session_id).executeTakeFirstOrThrow();
    const moved = await trx
      .updateTable('chat_sessions')
      .set({ agent_id: a.userId, team_id: t.to_team_id ?? s.team_id, updated_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', t.session_id)
      .where('status', '=', 'active')
      .where('agent_id', '=', t.from_user_id as string)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw conflict('The chat ended or moved meanwhile');
    await releaseAgentSlot(trx, tenantId, t.from_user_id as string);
    const me = await trx.selectFrom('users').select('name').where('id', '=', a.userId).executeTakeFirstOrThrow();
    await appendMessage(trx, tenantId, t.session_id, { author_type: 'system', body: `You are now chatting with ${me.name}.` });
    await emitAssigned(trx, tenantId, t.session_id, 'transfer', t.from_user_id);
    await emitAgentState(trx, tenantId, a.userId);
    return emitTransfer(trx, tenantId, 'chat.transfer.accepted', t.id, a.audit, t);
  });
  deps.hub.poke(tenantId);
  if (expired) throw conflict('The transfer expired');
  await routeQueued(deps, tenantId);
  return transfer;
}

/** The receiver (or, for a team, any member) rejects: the chat stays with the sender. */
export async function rejectTransfer(deps: RoutingDeps, a: TransferActor, id: string): Promise<ChatTransfer> {
  const transfer = await withRetry(deps.db, async (trx) => {
    const t = await getTransfer(trx, a.tenantId, id);
    if (!t || !(await isReceiver(trx, t, a))) throw notFound('Transfer');
    if (t.status !== 'pending') throw conflict(`The transfer is ${t.status}`);
    return answer(trx, a.tenantId, t, 'rejected', a.audit);
  });
  deps.hub.poke(a.tenantId);
  return transfer;
}

/** The sender (or a supervisor) takes a pending transfer back. */
export async function cancelTransfer(deps: RoutingDeps, a: TransferActor, id: string): Promise<ChatTransfer> {
  const transfer = await withRetry(deps.db, async (trx) => {
    const t = await pendingTransfer(trx, a.tenantId, id);
    if (t.from_user_id !== a.userId && !a.supervisor) throw forbidden('Only the sender or a supervisor can cancel a transfer');
    return answer(trx, a.tenantId, t, 'cancelled', a.audit);
  });
  deps.hub.poke(a.tenantId);
  return transfer;
}

async function answer(trx: Kysely<DB>, tenantId: string, t: ChatTransfer, status: 'rejected' | 'cancelled', audit?: Actor): Promise<ChatTransfer> {
  const r = await trx.updateTable('chat_transfers').set({ status, resolved_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', t.id).where('status', '=', 'pending').executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw conflict('The transfer is no longer pending');
  return emitTransfer(trx, tenantId, `chat.transfer.${status}`, t.id, audit, t);
}

async function expireOne(trx: Kysely<DB>, tenantId: string, id: string, at: string): Promise<boolean> {
  const r = await trx.updateTable('chat_transfers').set({ status: 'expired', resolved_at: at }).where('tenant_id', '=', tenantId).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await emitTransfer(trx, tenantId, 'chat.transfer.expired', id);
  return true;
}

/** Expire pending transfers past their timeout (the chat stays with the sender). Safe on every node at once. */
export async function expireTransfers(deps: RoutingDeps, at = new Date()): Promise<number> {
  const iso = at.toISOString();
  const due = await deps.db.selectFrom('chat_transfers').select(['id', 'tenant_id']).where('status', '=', 'pending').where('expires_at', '<=', iso).orderBy('expires_at').limit(500).execute();
  let n = 0;
  for (const t of due) {
    if (await withRetry(deps.db, (trx) => expireOne(trx, t.tenant_id, t.id, iso))) {
      n++;
      deps.hub.poke(t.tenant_id);
    }
  }
  return n;
}
