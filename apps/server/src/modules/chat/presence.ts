import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { now } from '../../http/pagination.js';
import { HEARTBEAT_MS, ensureAgentRow, presenceCutoff } from './agents.repo.js';
import { type RoutingDeps, emitAgentState, kickRouting, withRetry, withdrawOffersOf } from './routing.js';

/**
 * Agent presence across nodes. An agent is present while some node holds one of their console
 * sockets: that node writes `chat_agents.heartbeat_at` when the first socket arrives and every
 * `HEARTBEAT_MS` while it holds one, and clears it when the last one closes. A node that dies
 * just stops writing; after `PRESENCE_TTL_MS` routing treats the agent as gone and the sweep
 * (`expirePresence`) tells the consoles. Nothing is kept in Redis: the database is the one truth
 * every node already shares.
 */
export interface NodePresence {
  /** A console socket of a chat agent authenticated on this node. */
  attach(tenantId: string, userId: string): Promise<void>;
  /** That socket closed. */
  detach(tenantId: string, userId: string): Promise<void>;
  /** Refresh the heartbeat of every agent this node holds (the timer calls it). */
  beat(): Promise<void>;
  /** Agents (tenant, user) this node holds a socket of. */
  held(): { tenantId: string; userId: string }[];
  /** Stop the timer and clear the heartbeats this node holds (graceful shutdown). */
  close(): Promise<void>;
}

type Log = { warn: (o: object, msg: string) => void };

const registry = new WeakMap<object, NodePresence>();

/** The presence of the node built on these deps (created by the WebSocket routes). */
export function presenceOf(deps: Pick<RoutingDeps, 'hub'>): NodePresence | undefined {
  return registry.get(deps.hub);
}

/** Mark agents present now; those who were not present before get an event and routing. */
async function markPresent(deps: RoutingDeps, tenantId: string, userIds: string[]): Promise<string[]> {
  const { db } = deps;
  const cutoff = presenceCutoff();
  const back = await db
    .selectFrom('chat_agents')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('user_id', 'in', userIds)
    .where((e) => e.or([e('heartbeat_at', 'is', null), e('heartbeat_at', '<', cutoff)]))
    .execute();
  const at = now();
  await db.updateTable('chat_agents').set({ heartbeat_at: at }).where('tenant_id', '=', tenantId).where('user_id', 'in', userIds).execute();
  return back.map((r) => r.user_id);
}

async function announce(deps: RoutingDeps, tenantId: string, userIds: string[], log?: Log): Promise<void> {
  if (!userIds.length) return;
  await withRetry(deps.db, async (trx) => {
    for (const u of userIds) await emitAgentState(trx, tenantId, u);
  });
  deps.hub.poke(tenantId);
  await kickRouting(deps, tenantId, log);
}

/** Create the node's presence tracker with its heartbeat timer (unref'd). */
export function createPresence(deps: RoutingDeps, opts: { heartbeatMs?: number; log?: Log } = {}): NodePresence {
  const counts = new Map<string, number>();
  const key = (t: string, u: string) => `${t}\u0000${u}`;
  const split = (k: string) => {
    const [tenantId, userId] = k.split('\u0000');
    return { tenantId, userId };
  };
  let closed = false;

  const presence: NodePresence = {
    async attach(tenantId, userId) {
      const k = key(tenantId, userId);
      const n = (counts.get(k) ?? 0) + 1;
      counts.set(k, n);
      if (n > 1) return;
      await ensureAgentRow(deps.db, tenantId, userId);
      await announce(deps, tenantId, await markPresent(deps, tenantId, [userId]), opts.log);
    },
    async detach(tenantId, userId) {
      const k = key(tenantId, userId);
      const n = (counts.get(k) ?? 0) - 1;
      if (n > 0) {
        counts.set(k, n);
        return;
      }
      counts.delete(k);
      if (closed) return;
      // Gone at once rather than after the TTL: no chat should go to a closed desk. If another
      // node still holds a socket of this agent, its next beat brings them back.
      await goneNow(deps.db, tenantId, [userId]);
      await announce(deps, tenantId, [userId], opts.log).catch((err) => opts.log?.warn({ err }, 'presence'));
      await withdrawOffersOf(deps, tenantId, userId).catch((err) => opts.log?.warn({ err }, 'presence: withdrawing offers'));
    },
    async beat() {
      const byTenant = new Map<string, string[]>();
      for (const k of counts.keys()) {
        const { tenantId, userId } = split(k);
        byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), userId]);
      }
      for (const [tenantId, users] of byTenant) {
        for (let i = 0; i < users.length; i += 500) {
          const back = await markPresent(deps, tenantId, users.slice(i, i + 500));
          await announce(deps, tenantId, back, opts.log);
        }
      }
    },
    held: () => [...counts.keys()].map(split),
    async close() {
      closed = true;
      clearInterval(timer);
      const byTenant = new Map<string, string[]>();
      for (const { tenantId, userId } of presence.held()) byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), userId]);
      counts.clear();
      for (const [tenantId, users] of byTenant) {
        try {
          await goneNow(deps.db, tenantId, users);
          await withRetry(deps.db, async (trx) => {
            for (const u of users) await emitAgentState(trx, tenantId, u);
          });
          deps.hub.poke(tenantId);
        } catch (err) {
          opts.log?.warn({ err }, 'presence: clearing heartbeats on shutdown failed');
        }
      }
    },
  };
  const timer = setInterval(() => {
    presence.beat().catch((err) => opts.log?.warn({ err }, 'presence heartbeat failed'));
  }, opts.heartbeatMs ?? HEARTBEAT_MS);
  timer.unref();
  registry.set(deps.hub, presence);
  return presence;
}

async function goneNow(db: Kysely<DB>, tenantId: string, userIds: string[]): Promise<void> {
  await db.updateTable('chat_agents').set({ heartbeat_at: null }).where('tenant_id', '=', tenantId).where('user_id', 'in', userIds).execute();
}

/**
 * Agents whose heartbeat went stale (their node died or lost the database): clear it and tell the
 * consoles. Safe on every node at once: each row is cleared by a conditional UPDATE on the stale
 * value, so one node emits the event.
 */
export async function expirePresence(deps: RoutingDeps, at = Date.now()): Promise<number> {
  const cutoff = presenceCutoff(at);
  const stale = await deps.db
    .selectFrom('chat_agents')
    .select(['tenant_id', 'user_id', 'heartbeat_at'])
    .where('heartbeat_at', 'is not', null)
    .where('heartbeat_at', '<', cutoff)
    .limit(1000)
    .execute();
  let n = 0;
  for (const s of stale) {
    const hit = await withRetry(deps.db, async (trx) => {
      const r = await trx
        .updateTable('chat_agents')
        .set({ heartbeat_at: null })
        .where('tenant_id', '=', s.tenant_id)
        .where('user_id', '=', s.user_id)
        .where('heartbeat_at', '=', s.heartbeat_at as string)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await emitAgentState(trx, s.tenant_id, s.user_id);
      return true;
    });
    if (hit) {
      n++;
      deps.hub.poke(s.tenant_id);
      await withdrawOffersOf(deps, s.tenant_id, s.user_id);
    }
  }
  return n;
}
