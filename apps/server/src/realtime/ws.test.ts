import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitEvent } from './events.js';
import { createEventHub } from './hub.js';
import { type TestContext, describeEachDb } from '../test/harness.js';
import { openSocket, type TestSocket, type WsMessage } from '../test/ws-client.js';

const isEvent = (type: string) => (m: WsMessage) => m.op === 'event' && (m.event as { type: string }).type === type;
const evOf = (m: WsMessage) => m.event as { type: string; seq: number; tenant_id: string; data: Record<string, any> };

describeEachDb('realtime', (ctx) => {
  let url = '';
  const open: TestSocket[] = [];
  beforeAll(async () => {
    const c = ctx();
    await c.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = c.app.server.address() as { port: number };
    url = `ws://127.0.0.1:${addr.port}/api/v1/ws`;
  });
  afterAll(() => {
    for (const s of open) s.close();
  });
  const connect = async (token: string, after?: number | null) => {
    const s = await openSocket(url);
    open.push(s);
    s.send({ op: 'auth', token, after });
    await s.next((m) => m.op === 'ready');
    return s;
  };
  const newTicket = async (c: TestContext, subject: string, token = c.tokens.agent) => {
    const r = await c.api('POST', '/api/v1/tickets', { token, body: { subject } });
    expect(r.status, r.text).toBe(201);
    return r.body.data as { id: string; number: string };
  };

  describe('GET /api/v1/ws', () => {
    it('delivers ticket events live, only to users of the same tenant', async () => {
      const c = ctx();
      const agent = await connect(c.tokens.agent);
      const beta = await connect(c.other.token);
      const t = await newTicket(c, 'Printer on fire');
      const created = evOf(await agent.next(isEvent('ticket.created')));
      expect(created).toMatchObject({ tenant_id: 'demo', data: { ticket: { id: t.id, subject: 'Printer on fire' } } });
      expect(created.seq).toBeGreaterThan(0);
      await c.api('PATCH', `/api/v1/tickets/${t.id}`, { token: c.tokens.agent, body: { status: 'in_progress' } });
      const updated = evOf(await agent.next(isEvent('ticket.updated')));
      expect(updated.seq).toBe(created.seq + 1);
      expect(updated.data.ticket.status).toBe('in_progress');
      // Beta's own ticket reaches beta; demo's never did.
      await newTicket(c, 'Beta only', c.other.token);
      const betaEv = evOf(await beta.next(isEvent('ticket.created')));
      expect(betaEv.data.ticket.subject).toBe('Beta only');
      expect(beta.received.some((m) => m.op === 'event' && evOf(m).tenant_id !== 'beta')).toBe(false);
      expect(agent.received.some((m) => m.op === 'event' && evOf(m).data.ticket?.subject === 'Beta only')).toBe(false);
    });

    it('replies and internal notes reach console users as ticket.message.created', async () => {
      const c = ctx();
      const sup = await connect(c.tokens.supervisor);
      const t = await newTicket(c, 'Thread live');
      for (const [body, internal] of [['Public answer', false], ['Private note', true]] as const) {
        const r = await c.api('POST', `/api/v1/tickets/${t.id}/messages`, { token: c.tokens.agent, body: { body, internal } });
        expect(r.status, r.text).toBe(201);
      }
      const got = [evOf(await sup.next(isEvent('ticket.message.created'))), evOf(await sup.next(isEvent('ticket.message.created')))];
      expect(got.map((e) => [e.data.ticket_id, e.data.message.body, e.data.message.internal])).toEqual([
        [t.id, 'Public answer', false],
        [t.id, 'Private note', true],
      ]);
    });

    it('a client that reconnects with the last seq it saw gets everything it missed, in order, once', async () => {
      const c = ctx();
      const first = await connect(c.tokens.agent);
      await newTicket(c, 'Before the drop');
      const seen = evOf(await first.next(isEvent('ticket.created')));
      first.close();
      await first.closed;
      const missed = [];
      for (let i = 0; i < 5; i++) missed.push(await newTicket(c, `Missed ${i}`));
      const again = await connect(c.tokens.agent, seen.seq);
      // The backlog arrives before `ready`, so it is already in `received`.
      const replayed = again.received.filter((m) => m.op === 'event').map(evOf);
      expect(replayed.map((e) => e.data.ticket.subject)).toEqual(missed.map((_, i) => `Missed ${i}`));
      expect(replayed.map((e) => e.seq)).toEqual(replayed.map((_, i) => seen.seq + 1 + i));
      // Then live, with no duplicate of the replay.
      await newTicket(c, 'Live after resume');
      const live = evOf(await again.next((m) => isEvent('ticket.created')(m) && evOf(m).data.ticket.subject === 'Live after resume'));
      expect(live.seq).toBe(seen.seq + 6);
      const seqs = again.received.filter((m) => m.op === 'event').map((m) => evOf(m).seq);
      expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
    });

    it('personal events reach only their user; events needing a permission skip users without it', async () => {
      const c = ctx();
      const agent = await connect(c.tokens.agent);
      const viewer = await connect(c.tokens.viewer);
      const agentId = (await c.api('GET', '/api/v1/auth/me', { token: c.tokens.agent })).body.data.user.id as string;
      await c.deps.db.transaction().execute(async (trx) => {
        await emitEvent(trx, 'demo', { type: 'test.personal', data: { n: 1 }, user_id: agentId });
        await emitEvent(trx, 'demo', { type: 'test.admin_only', data: { n: 2 }, permission: 'users:write' });
        await emitEvent(trx, 'demo', { type: 'test.everyone', data: { n: 3 } });
      });
      c.deps.hub.poke('demo');
      await agent.next(isEvent('test.personal'));
      await viewer.next(isEvent('test.everyone'));
      expect(viewer.received.some(isEvent('test.personal'))).toBe(false);
      expect(viewer.received.some(isEvent('test.admin_only'))).toBe(false);
      expect(agent.received.some(isEvent('test.admin_only'))).toBe(false);
      // The skipped events still move the viewer's position, so a resume starts after them.
      const everyone = evOf(await agent.next(isEvent('test.everyone')));
      expect(viewer.received.filter((m) => m.op === 'seq').map((m) => m.seq)).toEqual([everyone.seq - 2, everyone.seq - 1]);
    });

    it('refuses a socket without a valid token and garbage messages', async () => {
      const bad = await openSocket(url);
      bad.send({ op: 'auth', token: 'not-a-token' });
      expect(await bad.closed).toBe(4001);
      const junk = await openSocket(url);
      junk.send('hello');
      expect(await junk.closed).toBe(4400);
    });
  });
});

describe.skipIf(!process.env.CI && !process.env.REDIS_URL && !(await redisUp()))('event hub across nodes (Redis)', () => {
  it('an event committed on node A reaches a subscriber on node B; ephemeral events too', async () => {
    const { startApp, testConfig, freshDatabase } = await import('../test/harness.js');
    const { url, drop } = await freshDatabase('sqlite');
    const a = await startApp(testConfig(url));
    const { seedDemo } = await import('../seed.js');
    await seedDemo(a.deps.db, 'Switchboard-demo-1');
    const redisA = new Redis('redis://127.0.0.1:6379');
    const redisB = new Redis('redis://127.0.0.1:6379');
    const hubA = createEventHub({ db: a.deps.db, redis: redisA, sweepMs: 60_000 });
    const hubB = createEventHub({ db: a.deps.db, redis: redisB, sweepMs: 60_000 });
    try {
      const got: string[] = [];
      const sub = hubB.subscribe('demo', null, (ev) => got.push(`${ev.type}:${ev.seq ?? '-'}`));
      await sub.ready;
      await new Promise((r) => setTimeout(r, 100)); // the Redis subscription is up
      const ev = await a.deps.db.transaction().execute((trx) => emitEvent(trx, 'demo', { type: 'test.cross', data: {} }));
      hubA.poke('demo');
      hubA.broadcast('demo', { type: 'test.typing', data: {} });
      await expect.poll(() => got, { timeout: 3000 }).toEqual(expect.arrayContaining([`test.cross:${ev.seq}`, 'test.typing:-']));
      sub.close();
    } finally {
      await hubA.close();
      await hubB.close();
      redisA.disconnect();
      redisB.disconnect();
      await a.close();
      await drop();
    }
  });
});

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
