/**
 * Two nodes racing to route one tenant's queue: two app instances (each its own pool and event
 * hub, hubs joined over Redis when it answers) on the SAME database, routing, ending chats and
 * offering concurrently (on SQLite, the embedded single-node default: concurrent runs of one node). Every chat ends up with at most one agent, once; no agent exceeds max
 * chats; the capacity counters match the chats; the oldest chats go first.
 */
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../app.js';
import { REACHABLE, client, dialects, freshDatabase, startApp, testConfig } from '../../test/harness.js';
import { createEventHub } from '../../realtime/hub.js';
import { DEMO_USERS, seedDemo } from '../../seed.js';
import { expireOffers, releaseAgentSlot, routeQueuedOnce } from './routing.js';
import { makeAgent, makeWidget, queueSession, setAgent } from './test-support.js';

const T = 'demo';
const PASSWORD = 'Race-password-1';

async function redisUp(): Promise<boolean> {
  const r = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await r.connect();
    await r.ping();
    return true;
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}
const REDIS = !!process.env.CI || (await redisUp());

interface Node {
  app: FastifyInstance;
  deps: AppDeps;
  close: () => Promise<void>;
  redis: Redis | null;
}

for (const dialect of dialects()) {
  describe.skipIf(!REACHABLE[dialect])(`chat routing: two nodes racing on one database [${dialect}]`, () => {
    let a: Node;
    let b: Node;
    let drop: () => Promise<void>;
    const agents: { id: string; max: number }[] = [];
    let widget = '';

    const node = async (url: string): Promise<Node> => {
      const n = await startApp(testConfig(url));
      let redis: Redis | null = null;
      if (REDIS) {
        // Each node's hub talks to the other through Redis, as with REDIS_URL.
        redis = new Redis('redis://127.0.0.1:6379');
        await n.deps.hub.close();
        n.deps.hub = createEventHub({ db: n.deps.db, redis, sweepMs: 60_000 });
      }
      return { ...n, redis };
    };

    beforeAll(async () => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      a = await node(fresh.url);
      // SQLite is the single-node embedded default (one process owns the file): there the race is
      // between concurrent routing runs of that one node. Two in-process connections on one file
      // would only measure better-sqlite3's synchronous busy wait, which blocks the event loop.
      b = dialect === 'sqlite' ? a : await node(fresh.url);
      await seedDemo(a.deps.db, PASSWORD);
      const api = client(a.app);
      const login = async (email: string) => (await api('POST', '/api/v1/auth/login', { body: { email, password: email.startsWith('admin@') ? PASSWORD : 'Test-password-1' } })).body.data;
      const admin = (await login(DEMO_USERS[0].email)).access_token;
      for (let i = 0; i < 8; i++) {
        const ag = await makeAgent(api, admin, login, `Racer ${i}`);
        agents.push({ id: ag.id, max: 1 + (i % 4) });
      }
      widget = await makeWidget(a.deps.db, T, { strategy: 'least_busy' });
    });
    afterAll(async () => {
      for (const n of b === a ? [a] : [a, b]) {
        await n?.close();
        n?.redis?.disconnect();
      }
      await drop?.();
    });

    const capacity = () => agents.reduce((s, x) => s + x.max, 0);

    /** The invariants, read from the database. */
    const check = async () => {
      const db = a.deps.db;
      const sessions = await db.selectFrom('chat_sessions').select(['id', 'status', 'agent_id', 'offer_id', 'queued_at']).where('tenant_id', '=', T).orderBy('queued_at').orderBy('id').execute();
      const rows = await db.selectFrom('chat_agents').select(['user_id', 'active_chats', 'max_chats']).where('tenant_id', '=', T).execute();
      const offers = await db.selectFrom('chat_offers').select(['id', 'session_id', 'user_id']).where('tenant_id', '=', T).where('status', '=', 'pending').execute();
      for (const r of rows) {
        const active = sessions.filter((s) => s.status === 'active' && s.agent_id === r.user_id).length;
        const offered = offers.filter((o) => o.user_id === r.user_id).length;
        // The counter is exactly the chats plus the offers out, and never above max.
        expect(Number(r.active_chats), `agent ${r.user_id}`).toBe(active + offered);
        expect(Number(r.active_chats)).toBeLessThanOrEqual(Number(r.max_chats));
      }
      for (const s of sessions) {
        if (s.status === 'active') expect(s.agent_id).toBeTruthy();
        if (s.status === 'queued') expect(s.agent_id).toBeNull();
        const pending = offers.filter((o) => o.session_id === s.id);
        expect(pending.length).toBeLessThanOrEqual(1);
        expect(s.offer_id ?? null).toBe(pending[0]?.id ?? null);
      }
      // Each chat was assigned exactly once (an event per assignment, written in its transaction).
      const assigned = await db.selectFrom('events').select('data').where('tenant_id', '=', T).where('type', '=', 'chat.session.assigned').execute();
      const counts = new Map<string, number>();
      for (const e of assigned) {
        const id = JSON.parse(e.data).session.id as string;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const s of sessions) if (s.agent_id) expect(counts.get(s.id), `session ${s.id}`).toBe(1);
      expect([...counts.keys()].every((id) => sessions.find((s) => s.id === id)?.agent_id)).toBe(true);
      return { sessions, rows, offers };
    };

    /** Both nodes route at once, many times. */
    const race = async (times = 8) => {
      const runs: Promise<void>[] = [];
      for (let i = 0; i < times; i++) runs.push(routeQueuedOnce(a.deps, T), routeQueuedOnce(b.deps, T));
      await Promise.all(runs);
    };

    it('60 queued chats, 8 agents, both nodes routing concurrently: every chat at most one agent, capacity exact, oldest first', async () => {
      for (const ag of agents) await setAgent(a.deps.db, T, ag.id, { availability: 'online', present: true, max_chats: ag.max, auto_accept: true });
      let got = 0;
      const sub = b.deps.hub.subscribe(T, null, (ev) => {
        if (ev.type === 'chat.session.assigned') got++;
      });
      await sub.ready;
      const ids: string[] = [];
      for (let i = 0; i < 60; i++) ids.push(await queueSession(a.deps.db, T, widget, `R${i}`));
      await race();
      const { sessions } = await check();
      const active = sessions.filter((s) => s.status === 'active');
      expect(active).toHaveLength(capacity());
      // The oldest chats went first.
      expect(active.map((s) => s.id).sort()).toEqual(ids.slice(0, capacity()).sort());
      // Node B heard every assignment, wherever it was made.
      await expect.poll(() => got, { timeout: 5000 }).toBe(capacity());
      sub.close();
    });

    it('ending chats on both nodes while both route: freed slots refill from the queue, counters stay exact', async () => {
      for (let round = 0; round < 4; round++) {
        const active = await a.deps.db.selectFrom('chat_sessions').select(['id', 'agent_id']).where('tenant_id', '=', T).where('status', '=', 'active').orderBy('id').execute();
        const ending = active.filter((_, i) => i % 3 === round % 3).slice(0, 6);
        const endOn = (n: Node, s: { id: string; agent_id: string | null }) =>
          n.deps.db.transaction().execute(async (trx) => {
            const r = await trx.updateTable('chat_sessions').set({ status: 'ended', ended_at: new Date().toISOString() }).where('id', '=', s.id).where('status', '=', 'active').executeTakeFirst();
            if (Number(r.numUpdatedRows) === 1) await releaseAgentSlot(trx, T, s.agent_id as string);
          });
        await Promise.all([...ending.map((s, i) => endOn(i % 2 ? a : b, s)), race(4)]);
        await race(2);
        const { sessions } = await check();
        const queued = sessions.filter((s) => s.status === 'queued').length;
        const nowActive = sessions.filter((s) => s.status === 'active').length;
        // No stuck queue: as long as chats wait, every slot is used.
        if (queued > 0) expect(nowActive).toBe(capacity());
      }
    });

    it('with auto-accept off both nodes offer at once: one pending offer per chat, slots held, expiry hands on once', async () => {
      // Free everyone, then offers instead of assignments.
      await a.deps.db.updateTable('chat_sessions').set({ status: 'ended' }).where('tenant_id', '=', T).where('status', '=', 'active').execute();
      await a.deps.db.updateTable('chat_agents').set({ active_chats: 0, auto_accept: 0 }).where('tenant_id', '=', T).execute();
      for (let i = 0; i < 10; i++) await queueSession(a.deps.db, T, widget, `O${i}`);
      await race();
      const { offers } = await check();
      expect(offers.length).toBe(Math.min(capacity(), (await a.deps.db.selectFrom('chat_sessions').select('id').where('tenant_id', '=', T).where('status', '=', 'queued').execute()).length));
      // Both nodes sweep the same expired offers at once: each is expired once and offered on.
      const later = new Date(Date.now() + 3_600_000);
      const [ea, eb] = await Promise.all([expireOffers(a.deps, later), expireOffers(b.deps, later)]);
      expect(ea + eb).toBe(offers.length);
      await race(2);
      const after = await check();
      for (const o of after.offers) expect(offers.some((p) => p.session_id === o.session_id && p.user_id === o.user_id)).toBe(false);
    });
  });
}
