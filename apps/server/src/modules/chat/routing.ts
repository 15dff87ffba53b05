import type { ChatOffer, RoutedChatSession } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppDeps } from '../../app.js';
import type { DB } from '../../db/schema.js';
import { parseJson } from '../../db/query.js';
import { AppError, conflict, notFound } from '../../http/errors.js';
import { now } from '../../http/pagination.js';
import { emitEvent } from '../../realtime/events.js';
import { type Actor, recordAudit } from '../audit/repo.js';
import { CHAT_AGENT_ROLES, ensureAgentRow, getChatAgent, presenceCutoff } from './agents.repo.js';

/**
 * Chat routing: who gets a queued chat. Every decision is taken by conditional UPDATEs the
 * database makes atomic, never by what a node read a moment earlier:
 *   - an agent's slot: `active_chats = active_chats + 1 where active_chats < max_chats` (and the
 *     agent still online and present);
 *   - the chat: `status = 'active', agent_id = ? where status = 'queued' and agent_id is null and
 *     offer_id is null` (or `offer_id = ?` for an offer).
 * Both run in one transaction; when either matches no row the transaction rolls back (the slot
 * is given back) and the next agent or chat is tried. So any number of nodes may route the same
 * tenant at once: a chat never gets two agents and an agent never exceeds max_chats.
 */

/** What routing needs from the app (a subset of AppDeps so jobs and tests can call it). */
export type RoutingDeps = Pick<AppDeps, 'db' | 'hub'>;

/** Sessions read per routing batch. */
const BATCH = 100;

/** A routing attempt that lost a race: the agent had no slot left, or the chat was taken. */
class Miss extends Error {
  constructor(readonly what: 'agent' | 'session') {
    super(what);
  }
}

/** Deadlocks and serialization failures: the database aborted one of two racing transactions. */
export function isTransient(err: unknown): boolean {
  const e = err as { code?: string; errno?: number };
  return e?.errno === 1213 || e?.errno === 1205 || e?.code === 'ER_LOCK_DEADLOCK' || e?.code === 'ER_LOCK_WAIT_TIMEOUT' || e?.code === '40P01' || e?.code === '40001' || e?.code === 'SQLITE_BUSY';
}

/** Run a transaction, again (a few times) when the database aborted it as a deadlock victim. */
export async function withRetry<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (i >= tries || !isTransient(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * i));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Capacity
// ---------------------------------------------------------------------------------------------

/**
 * Take one capacity slot of an agent inside the caller's transaction. `routable` also requires
 * the agent to be online with a fresh heartbeat (automatic routing); a manual pickup or an
 * accepted transfer only checks capacity. False when no slot was free.
 */
export async function takeAgentSlot(trx: Kysely<DB>, tenantId: string, userId: string, opts: { routable: boolean; at?: string }): Promise<boolean> {
  const at = opts.at ?? now();
  let q = trx
    .updateTable('chat_agents')
    .set({ active_chats: sql<number>`active_chats + 1`, last_assigned_at: at })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .whereRef('active_chats', '<', 'max_chats');
  if (opts.routable) q = q.where('availability', '=', 'online').where('heartbeat_at', '>=', presenceCutoff());
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Give back one capacity slot of an agent (an active chat ended or was transferred away, an offer
 * was declined or expired), inside the caller's transaction, and tell the consoles. After commit
 * call `routeQueued(deps, tenantId)` (or `kickRouting`) so the oldest queued chat goes to the
 * agent at once.
 */
export async function releaseAgentSlot(trx: Kysely<DB>, tenantId: string, userId: string): Promise<void> {
  const r = await trx
    .updateTable('chat_agents')
    .set({ active_chats: sql<number>`active_chats - 1` })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('active_chats', '>', 0)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) await emitAgentState(trx, tenantId, userId);
}

/** Emit `agent.state.changed` with the agent's live state (chat:read). */
export async function emitAgentState(trx: Kysely<DB>, tenantId: string, userId: string): Promise<void> {
  const agent = await getChatAgent(trx, tenantId, userId);
  if (agent) await emitEvent(trx, tenantId, { type: 'agent.state.changed', data: { agent }, permission: 'chat:read' });
}

// ---------------------------------------------------------------------------------------------
// Events about sessions
// ---------------------------------------------------------------------------------------------

/** The session fields routing events carry. */
export async function routedSession(db: Kysely<DB>, tenantId: string, sessionId: string): Promise<RoutedChatSession | null> {
  const s = await db
    .selectFrom('chat_sessions')
    .select(['id', 'widget_id', 'status', 'agent_id', 'team_id', 'visitor_name', 'queued_at', 'assigned_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return s ?? null;
}

async function userName(db: Kysely<DB>, userId: string): Promise<string> {
  const u = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return u?.name ?? '';
}

/** Emit `chat.session.assigned` (chat:read) for a session that just got its agent. */
export async function emitAssigned(
  trx: Kysely<DB>,
  tenantId: string,
  sessionId: string,
  via: 'routing' | 'offer' | 'transfer' | 'pickup',
  previousAgentId: string | null = null,
): Promise<void> {
  const session = await routedSession(trx, tenantId, sessionId);
  if (!session?.agent_id) return;
  await emitEvent(trx, tenantId, {
    type: 'chat.session.assigned',
    data: { session, agent: { user_id: session.agent_id, name: await userName(trx, session.agent_id) }, previous_agent_id: previousAgentId, via },
    permission: 'chat:read',
  });
}

/** Positions (1 = next) of a widget's queued chats, oldest first. */
export async function queuePositions(db: Kysely<DB>, tenantId: string, widgetId: string): Promise<{ session_id: string; position: number }[]> {
  const rows = await db
    .selectFrom('chat_sessions')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('widget_id', '=', widgetId)
    .where('status', '=', 'queued')
    .orderBy('queued_at')
    .orderBy('id')
    .limit(1000)
    .execute();
  return rows.map((r, i) => ({ session_id: r.id, position: i + 1 }));
}

/**
 * Emit `chat.queue.changed` (chat:read) with the widget's current queue positions, in its own
 * transaction. Routing calls it after chats left a queue; call it too when a queued chat is
 * abandoned or ended. The visitor socket turns it into each visitor's position.
 */
export async function emitQueueChanged(deps: RoutingDeps, tenantId: string, widgetId: string): Promise<void> {
  await withRetry(deps.db, async (trx) => {
    const positions = await queuePositions(trx, tenantId, widgetId);
    await emitEvent(trx, tenantId, { type: 'chat.queue.changed', data: { widget_id: widgetId, positions }, permission: 'chat:read' });
  });
  deps.hub.poke(tenantId);
}

// ---------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------

interface QueuedRow {
  id: string;
  widget_id: string;
  team_id: string | null;
  queued_at: string;
  strategy: string;
  default_team_id: string | null;
  default_assignee_id: string | null;
  required_skills: string;
  offer_timeout_seconds: number;
}

interface Candidate {
  user_id: string;
  active: number;
  max: number;
  auto_accept: boolean;
  last_assigned_at: string | null;
  skills: Map<string, number>;
  teams: Set<string>;
  /** Lost a slot race in this pass: skip. */
  full: boolean;
}

async function loadQueued(db: Kysely<DB>, tenantId: string, after: { queued_at: string; id: string } | null): Promise<QueuedRow[]> {
  let q = db
    .selectFrom('chat_sessions as s')
    .innerJoin('chat_widgets as w', 'w.id', 's.widget_id')
    .select(['s.id', 's.widget_id', 's.team_id', 's.queued_at', 'w.strategy', 'w.default_team_id', 'w.default_assignee_id', 'w.required_skills', 'w.offer_timeout_seconds'])
    .where('s.tenant_id', '=', tenantId)
    .where('s.status', '=', 'queued')
    .where('s.agent_id', 'is', null)
    .where('s.offer_id', 'is', null)
    .where('w.auto_assign', '=', 1);
  if (after) q = q.where((e) => e.or([e('s.queued_at', '>', after.queued_at), e.and([e('s.queued_at', '=', after.queued_at), e('s.id', '>', after.id)])]));
  return q.orderBy('s.queued_at').orderBy('s.id').limit(BATCH).execute();
}

/** Agents routing may give a chat now: online, present, below capacity, active members in a chat role. */
async function loadCandidates(db: Kysely<DB>, tenantId: string): Promise<Candidate[]> {
  const rows = await db
    .selectFrom('chat_agents as ca')
    .innerJoin('memberships as m', (j) => j.onRef('m.tenant_id', '=', 'ca.tenant_id').onRef('m.user_id', '=', 'ca.user_id'))
    .innerJoin('users as u', 'u.id', 'ca.user_id')
    .select(['ca.user_id', 'ca.active_chats', 'ca.max_chats', 'ca.auto_accept', 'ca.last_assigned_at'])
    .where('ca.tenant_id', '=', tenantId)
    .where('ca.availability', '=', 'online')
    .where('ca.heartbeat_at', '>=', presenceCutoff())
    .whereRef('ca.active_chats', '<', 'ca.max_chats')
    .where('m.deleted_at', 'is', null)
    .where('m.status', '=', 'active')
    .where('m.role', 'in', [...CHAT_AGENT_ROLES])
    .where('u.deleted_at', 'is', null)
    .execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.user_id);
  const skills = await db.selectFrom('agent_skills').select(['user_id', 'skill', 'level']).where('tenant_id', '=', tenantId).where('user_id', 'in', ids).execute();
  const teams = await db.selectFrom('team_members').select(['user_id', 'team_id']).where('tenant_id', '=', tenantId).where('user_id', 'in', ids).execute();
  return rows.map((r) => ({
    user_id: r.user_id,
    active: Number(r.active_chats),
    max: Number(r.max_chats),
    auto_accept: Number(r.auto_accept) === 1,
    last_assigned_at: r.last_assigned_at,
    skills: new Map(skills.filter((s) => s.user_id === r.user_id).map((s) => [s.skill, Number(s.level)])),
    teams: new Set(teams.filter((t) => t.user_id === r.user_id).map((t) => t.team_id)),
    full: false,
  }));
}

/** Agents who already had (and declined or let expire) an offer of these sessions: `session:user`. */
async function loadTried(db: Kysely<DB>, tenantId: string, sessionIds: string[]): Promise<Set<string>> {
  if (!sessionIds.length) return new Set();
  const rows = await db
    .selectFrom('chat_offers')
    .select(['session_id', 'user_id'])
    .where('tenant_id', '=', tenantId)
    .where('session_id', 'in', sessionIds)
    .where('status', 'in', ['declined', 'expired'])
    .execute();
  return new Set(rows.map((r) => `${r.session_id}:${r.user_id}`));
}

/** Older `last_assigned_at` first; never assigned first of all. */
const byIdle = (a: Candidate, b: Candidate) => (a.last_assigned_at ?? '').localeCompare(b.last_assigned_at ?? '') || a.user_id.localeCompare(b.user_id);
/** Fewest active chats, then the longest without a new chat. */
const byLoad = (a: Candidate, b: Candidate) => a.active - b.active || byIdle(a, b);

/** Skills a widget requires (lower case, unique). */
export function requiredSkillsOf(json: string): string[] {
  const v = parseJson<unknown>(json, []);
  return Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string').map((x) => x.trim().toLowerCase()).filter(Boolean))] : [];
}

/**
 * The agents to try for a session, best first, by the widget's strategy. The widget's default
 * assignee goes first whenever they can take it.
 */
export function rankCandidates(s: QueuedRow, agents: Candidate[], tried: Set<string>): Candidate[] {
  const pool = agents.filter((a) => !a.full && a.active < a.max && !tried.has(`${s.id}:${a.user_id}`));
  let ranked: Candidate[];
  switch (s.strategy) {
    case 'round_robin':
      ranked = [...pool].sort(byIdle);
      break;
    case 'team': {
      const team = s.team_id ?? s.default_team_id;
      ranked = (team ? pool.filter((a) => a.teams.has(team)) : [...pool]).sort(byLoad);
      break;
    }
    case 'skills': {
      const need = requiredSkillsOf(s.required_skills);
      const score = (a: Candidate) => need.reduce((sum, k) => sum + (a.skills.get(k) ?? 0), 0);
      ranked = pool.filter((a) => need.every((k) => a.skills.has(k))).sort((a, b) => score(b) - score(a) || byLoad(a, b));
      break;
    }
    default:
      ranked = [...pool].sort(byLoad);
  }
  const first = s.default_assignee_id ? pool.find((a) => a.user_id === s.default_assignee_id) : undefined;
  return first ? [first, ...ranked.filter((a) => a !== first)] : ranked;
}

/** One attempt: give the session to the agent (auto-accept) or offer it. Throws Miss on a lost race. */
async function attempt(trx: Kysely<DB>, tenantId: string, s: QueuedRow, a: Candidate): Promise<'assigned' | 'offered'> {
  const at = now();
  if (!(await takeAgentSlot(trx, tenantId, a.user_id, { routable: true, at }))) throw new Miss('agent');
  if (a.auto_accept) {
    const claimed = await trx
      .updateTable('chat_sessions')
      .set({ status: 'active', agent_id: a.user_id, assigned_at: at, updated_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', s.id)
      .where('status', '=', 'queued')
      .where('agent_id', 'is', null)
      .where('offer_id', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new Miss('session');
    await emitAssigned(trx, tenantId, s.id, 'routing');
    await emitAgentState(trx, tenantId, a.user_id);
    return 'assigned';
  }
  const offer: ChatOffer = {
    id: uuidv7(),
    session_id: s.id,
    user_id: a.user_id,
    status: 'pending',
    expires_at: new Date(Date.parse(at) + Math.max(5, Number(s.offer_timeout_seconds) || 30) * 1000).toISOString(),
    created_at: at,
    resolved_at: null,
  };
  const claimed = await trx
    .updateTable('chat_sessions')
    .set({ offer_id: offer.id, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', s.id)
    .where('status', '=', 'queued')
    .where('agent_id', 'is', null)
    .where('offer_id', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new Miss('session');
  await trx.insertInto('chat_offers').values({ ...offer, tenant_id: tenantId }).execute();
  const session = await routedSession(trx, tenantId, s.id);
  await emitEvent(trx, tenantId, { type: 'chat.offer.created', data: { offer, session }, permission: 'chat:read', user_id: a.user_id });
  await emitAgentState(trx, tenantId, a.user_id);
  return 'offered';
}

/** One routing run over the tenant's queue, oldest first, batch by batch. */
async function routeOnce(deps: RoutingDeps, tenantId: string): Promise<void> {
  const { db } = deps;
  const left = new Set<string>();
  let after: { queued_at: string; id: string } | null = null;
  try {
    for (;;) {
      const sessions = await loadQueued(db, tenantId, after);
      if (!sessions.length) break;
      const agents = await loadCandidates(db, tenantId);
      if (!agents.length) break;
      const tried = await loadTried(db, tenantId, sessions.map((s) => s.id));
      for (const s of sessions) {
        if (!agents.some((a) => !a.full && a.active < a.max)) break;
        for (const a of rankCandidates(s, agents, tried)) {
          try {
            const outcome = await withRetry(db, (trx) => attempt(trx, tenantId, s, a));
            deps.hub.poke(tenantId);
            a.active++;
            a.last_assigned_at = now();
            if (outcome === 'assigned') left.add(s.widget_id);
            break;
          } catch (err) {
            if (!(err instanceof Miss)) throw err;
            if (err.what === 'session') break; // another node took (or offered) it
            a.full = true; // the agent's last slot went elsewhere, or they went away
          }
        }
      }
      if (sessions.length < BATCH) break;
      const last = sessions[sessions.length - 1];
      after = { queued_at: last.queued_at, id: last.id };
    }
  } finally {
    for (const widgetId of left) await emitQueueChanged(deps, tenantId, widgetId);
  }
}

const running = new WeakMap<object, Map<string, { again: boolean; done: Promise<void> }>>();

/**
 * Assign the tenant's oldest queued chat sessions to eligible free agents (or offer them when the
 * agent's auto-accept is off), repeatedly until no queued session matches a free agent. Safe to
 * call from any node at any time, concurrently (see the top of this file). Calls for the same
 * tenant on one node coalesce: a call during a run makes the run go once more, and resolves after.
 * Call it after committing anything that may let a queued chat move: a new queued session, an
 * agent going online or raising max_chats, a freed slot, a declined or expired offer.
 * Rejects on a database error (see `kickRouting` for callers that must not fail).
 */
export function routeQueued(deps: RoutingDeps, tenantId: string): Promise<void> {
  let byTenant = running.get(deps.db);
  if (!byTenant) {
    byTenant = new Map();
    running.set(deps.db, byTenant);
  }
  const current = byTenant.get(tenantId);
  if (current) {
    current.again = true;
    return current.done;
  }
  const map = byTenant;
  const state = { again: false, done: Promise.resolve() };
  state.done = (async () => {
    try {
      do {
        state.again = false;
        await routeOnce(deps, tenantId);
      } while (state.again);
    } finally {
      map.delete(tenantId);
    }
  })();
  map.set(tenantId, state);
  return state.done;
}

/** `routeQueued` for callers whose own work already committed: a routing error is logged, not thrown. */
export async function kickRouting(deps: RoutingDeps, tenantId: string, log?: { warn: (o: object, msg: string) => void }): Promise<void> {
  try {
    await routeQueued(deps, tenantId);
  } catch (err) {
    log?.warn({ err, tenantId }, 'chat routing failed');
  }
}

/** `routeQueued` without coalescing: one run, for tests that race nodes. */
export const routeQueuedOnce = routeOnce;

// ---------------------------------------------------------------------------------------------
// Offers
// ---------------------------------------------------------------------------------------------

async function resolveOffer(trx: Kysely<DB>, tenantId: string, offerId: string, status: 'accepted' | 'declined' | 'expired' | 'cancelled', at: string): Promise<ChatOffer | null> {
  const r = await trx
    .updateTable('chat_offers')
    .set({ status, resolved_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', offerId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return null;
  const offer = (await trx.selectFrom('chat_offers').selectAll().where('id', '=', offerId).executeTakeFirstOrThrow()) as ChatOffer & { tenant_id: string };
  const { tenant_id: _t, ...rest } = offer;
  await emitEvent(trx, tenantId, { type: 'chat.offer.resolved', data: { offer: rest }, permission: 'chat:read', user_id: rest.user_id });
  return rest as ChatOffer;
}

/** Take an offer back from the agent: the offer ends (declined/expired/cancelled), the chat is free to offer again, the slot comes back. */
async function withdrawOffer(trx: Kysely<DB>, tenantId: string, offerId: string, status: 'declined' | 'expired' | 'cancelled'): Promise<ChatOffer | null> {
  const at = now();
  const offer = await resolveOffer(trx, tenantId, offerId, status, at);
  if (!offer) return null;
  await trx.updateTable('chat_sessions').set({ offer_id: null, updated_at: at }).where('tenant_id', '=', tenantId).where('id', '=', offer.session_id).where('offer_id', '=', offer.id).execute();
  await releaseAgentSlot(trx, tenantId, offer.user_id);
  return offer;
}

/**
 * Take back every pending offer of an agent who stopped taking chats (went away or offline, or
 * their desk disconnected): the chats are free for the next agent at once rather than after the
 * timeout. Cancelled, not declined, so the agent may be offered them again later. Routes after.
 */
export async function withdrawOffersOf(deps: RoutingDeps, tenantId: string, userId: string): Promise<number> {
  const pending = await deps.db.selectFrom('chat_offers').select('id').where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('status', '=', 'pending').execute();
  let n = 0;
  for (const o of pending) if (await withRetry(deps.db, (trx) => withdrawOffer(trx, tenantId, o.id, 'cancelled'))) n++;
  if (n) {
    deps.hub.poke(tenantId);
    await routeQueued(deps, tenantId);
  }
  return n;
}

/** The caller's pending offers. */
export async function listMyOffers(db: Kysely<DB>, tenantId: string, userId: string): Promise<ChatOffer[]> {
  const rows = await db
    .selectFrom('chat_offers')
    .select(['id', 'session_id', 'user_id', 'status', 'expires_at', 'created_at', 'resolved_at'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .execute();
  return rows as ChatOffer[];
}

async function myPendingOffer(trx: Kysely<DB>, tenantId: string, offerId: string, userId: string) {
  const offer = await trx.selectFrom('chat_offers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', offerId).executeTakeFirst();
  if (!offer || offer.user_id !== userId) throw notFound('Offer');
  if (offer.status !== 'pending') throw new AppError(409, 'conflict', 'Conflict', `The offer is ${offer.status}`);
  return offer;
}

/**
 * The offered agent accepts: the chat becomes theirs (the slot was reserved with the offer).
 * 409 when the offer is no longer pending, expired, or the visitor left meanwhile.
 */
export async function acceptOffer(deps: RoutingDeps, tenantId: string, offerId: string, userId: string, actor?: Actor): Promise<RoutedChatSession> {
  let widgetId = '';
  let gone = false;
  const session = await withRetry(deps.db, async (trx) => {
    gone = false;
    const offer = await myPendingOffer(trx, tenantId, offerId, userId);
    const at = now();
    if (offer.expires_at <= at) {
      await withdrawOffer(trx, tenantId, offer.id, 'expired');
      gone = true;
      return null;
    }
    const claimed = await trx
      .updateTable('chat_sessions')
      .set({ status: 'active', agent_id: userId, assigned_at: at, offer_id: null, updated_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', offer.session_id)
      .where('status', '=', 'queued')
      .where('agent_id', 'is', null)
      .where('offer_id', '=', offer.id)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      // The visitor left (or the chat was closed) while the offer was out: nothing to accept.
      await withdrawOffer(trx, tenantId, offer.id, 'cancelled');
      gone = true;
      return null;
    }
    // Lost to the expiry sweep between the two statements: the rollback gives the chat back.
    if (!(await resolveOffer(trx, tenantId, offer.id, 'accepted', at))) throw conflict('The offer is no longer pending');
    await emitAssigned(trx, tenantId, offer.session_id, 'offer');
    const s = (await routedSession(trx, tenantId, offer.session_id)) as RoutedChatSession;
    if (actor) await recordAudit(trx, actor, { action: 'chat.offer.accepted', entity_type: 'chat_session', entity_id: s.id, after: { offer_id: offer.id, agent_id: userId } });
    widgetId = s.widget_id;
    return s;
  });
  deps.hub.poke(tenantId);
  if (gone || !session) {
    await routeQueued(deps, tenantId);
    throw new AppError(409, 'conflict', 'Conflict', 'The offer expired or the chat is no longer waiting');
  }
  await emitQueueChanged(deps, tenantId, widgetId);
  return session;
}

/** The offered agent declines: the chat goes to the next agent at once (never back to this one). */
export async function declineOffer(deps: RoutingDeps, tenantId: string, offerId: string, userId: string, actor?: Actor): Promise<ChatOffer> {
  const offer = await withRetry(deps.db, async (trx) => {
    const o = await myPendingOffer(trx, tenantId, offerId, userId);
    const done = await withdrawOffer(trx, tenantId, o.id, 'declined');
    if (!done) throw conflict('The offer is no longer pending');
    if (actor) await recordAudit(trx, actor, { action: 'chat.offer.declined', entity_type: 'chat_session', entity_id: done.session_id, after: { offer_id: done.id } });
    return done;
  });
  deps.hub.poke(tenantId);
  await routeQueued(deps, tenantId);
  return offer;
}

/**
 * Expire offers past their timeout (and offers whose chat is no longer waiting), then route the
 * affected tenants again so the next agent gets the chat. Safe on every node at once: each offer
 * is expired by one conditional UPDATE, so only one node gives the slot back.
 */
export async function expireOffers(deps: RoutingDeps, at = new Date()): Promise<number> {
  const { db } = deps;
  const iso = at.toISOString();
  const due = await db
    .selectFrom('chat_offers as o')
    .innerJoin('chat_sessions as s', 's.id', 'o.session_id')
    .select(['o.id', 'o.tenant_id', 'o.expires_at', 's.status', 's.offer_id'])
    .where('o.status', '=', 'pending')
    .where((e) => e.or([e('o.expires_at', '<=', iso), e('s.status', '!=', 'queued'), e('s.offer_id', 'is', null), e('s.offer_id', '!=', e.ref('o.id'))]))
    .orderBy('o.expires_at')
    .limit(500)
    .execute();
  const tenants = new Set<string>();
  let n = 0;
  for (const o of due) {
    const stale = o.status !== 'queued' || o.offer_id !== o.id;
    const done = await withRetry(db, (trx) => withdrawOffer(trx, o.tenant_id, o.id, stale ? 'cancelled' : 'expired'));
    if (done) {
      n++;
      tenants.add(o.tenant_id);
      deps.hub.poke(o.tenant_id);
    }
  }
  for (const t of tenants) await routeQueued(deps, t);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Manual pickup and closing
// ---------------------------------------------------------------------------------------------

/**
 * An agent takes a queued chat themselves (a widget without auto-assign, or any waiting chat):
 * capacity still holds, availability and presence do not matter (they are at the desk).
 */
export async function pickUpSession(deps: RoutingDeps, tenantId: string, sessionId: string, userId: string, actor?: Actor): Promise<RoutedChatSession> {
  await ensureAgentRow(deps.db, tenantId, userId);
  const session = await withRetry(deps.db, async (trx) => {
    const s = await routedSession(trx, tenantId, sessionId);
    if (!s) throw notFound('Chat session');
    if (s.status !== 'queued') throw conflict(`The chat is ${s.status}, not waiting`);
    const at = now();
    if (!(await takeAgentSlot(trx, tenantId, userId, { routable: false, at }))) throw new AppError(409, 'limit_reached', 'Limit reached', 'You are at your maximum number of chats');
    const claimed = await trx
      .updateTable('chat_sessions')
      .set({ status: 'active', agent_id: userId, assigned_at: at, updated_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', sessionId)
      .where('status', '=', 'queued')
      .where('agent_id', 'is', null)
      .where('offer_id', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw conflict('The chat was just taken or offered to another agent');
    await emitAssigned(trx, tenantId, sessionId, 'pickup');
    await emitAgentState(trx, tenantId, userId);
    const after = (await routedSession(trx, tenantId, sessionId)) as RoutedChatSession;
    if (actor) await recordAudit(trx, actor, { action: 'chat.session.picked_up', entity_type: 'chat_session', entity_id: sessionId, before: s, after });
    return after;
  });
  deps.hub.poke(tenantId);
  await emitQueueChanged(deps, tenantId, session.widget_id);
  return session;
}

/**
 * Routing's part of a chat ending or being abandoned, inside the caller's transaction and given
 * the session as it was before: the agent's slot comes back, a pending offer is withdrawn (its
 * slot too) and pending transfers are cancelled. After commit call `kickRouting` (a slot is free)
 * and, when it was queued, `emitQueueChanged` for its widget.
 */
export async function onSessionClosed(trx: Kysely<DB>, tenantId: string, before: { id: string; status: string; agent_id: string | null; offer_id?: string | null }): Promise<void> {
  if (before.status === 'active' && before.agent_id) await releaseAgentSlot(trx, tenantId, before.agent_id);
  if (before.offer_id) await withdrawOffer(trx, tenantId, before.offer_id, 'cancelled');
  const pending = await trx.selectFrom('chat_transfers').select('id').where('tenant_id', '=', tenantId).where('session_id', '=', before.id).where('status', '=', 'pending').execute();
  const at = now();
  for (const t of pending) {
    const r = await trx.updateTable('chat_transfers').set({ status: 'cancelled', resolved_at: at }).where('id', '=', t.id).where('status', '=', 'pending').executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) {
      const transfer = await trx.selectFrom('chat_transfers').select(['id', 'session_id', 'from_user_id', 'to_user_id', 'to_team_id', 'reason', 'status', 'expires_at', 'created_at', 'resolved_at']).where('id', '=', t.id).executeTakeFirstOrThrow();
      await emitEvent(trx, tenantId, { type: 'chat.transfer.cancelled', data: { transfer }, permission: 'chat:read' });
    }
  }
}

/** Tenants with chats waiting for an agent (the sweep routes them as a safety net). */
export async function tenantsWithQueue(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('chat_sessions').select('tenant_id').distinct().where('status', '=', 'queued').where('offer_id', 'is', null).execute();
  return rows.map((r) => r.tenant_id);
}
