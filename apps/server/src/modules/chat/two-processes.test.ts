/**
 * Two real server processes (`tsx apps/server/src/main.ts`) sharing one MariaDB database and
 * Redis, as in production with two nodes behind a load balancer: a visitor on node A chats with an
 * agent on node B (messages and typing both ways), and both nodes racing to assign one chat give
 * it to one agent. Skipped when MariaDB or Redis does not answer (CI always has both).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, REACHABLE, freshDatabase } from '../../test/harness.js';
import { openSocket, type TestSocket, type WsMessage } from '../../test/ws-client.js';

const ROOT = resolve(import.meta.dirname, '../../../../..');
const DEMO_PASSWORD = 'Two-nodes-demo-1';

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
const RUN = !!process.env.CI || (REACHABLE.mysql && (await redisUp()));

interface Proc {
  child: ChildProcess;
  base: string;
  output: string[];
}

/** A free TCP port (bind to 0, read it, close). */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

async function startNode(env: Record<string, string>): Promise<Proc> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['apps/server/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (d) => output.push(String(d)));
  child.stderr?.on('data', (d) => output.push(String(d)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node exited ${child.exitCode}: ${output.join('')}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`node not ready: ${output.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, base, output };
}

async function stopNode(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null) return;
  const exited = new Promise<void>((res) => p.child.once('exit', () => res()));
  p.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (p.child.exitCode === null) p.child.kill('SIGKILL');
}

function api(base: string) {
  return async (method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`${base}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await r.text();
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: r.status, headers: Object.fromEntries(r.headers) as never, body, text };
  };
}

const evOf = (m: WsMessage) => m.event as { type: string; data: Record<string, any> };
const sessionIdOf = (e: { data: Record<string, any> }) => e.data.session_id ?? e.data.session?.id;
const isEvent = (type: string, sessionId?: string) => (m: WsMessage) => m.op === 'event' && evOf(m).type === type && (!sessionId || sessionIdOf(evOf(m)) === sessionId);
const isOp = (op: string, pred: (m: any) => boolean = () => true) => (m: WsMessage) => m.op === op && pred(m);

describe.skipIf(!RUN)('chat on two server processes sharing MariaDB and Redis', () => {
  let a: Proc | undefined;
  let b: Proc | undefined;
  let drop: (() => Promise<void>) | undefined;
  let dataDir = '';
  const sockets: TestSocket[] = [];
  let apiA: ReturnType<typeof api>;
  let apiB: ReturnType<typeof api>;
  let widgetKey = '';
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let ip = 0;
  const visitorIp = () => `203.0.113.${++ip}`;

  const consoleSocket = async (base: string, token: string) => {
    const s = await openSocket(`${base.replace('http', 'ws')}/api/v1/ws`);
    sockets.push(s);
    s.send({ op: 'auth', token });
    await s.next((m) => m.op === 'ready');
    return s;
  };
  const waitPresent = async (call: ReturnType<typeof api>, token: string) => {
    for (let i = 0; i < 200; i++) {
      const me = await call('GET', '/api/v1/chat/agents/me', { token });
      if (me.body?.data?.present) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('agent never became present');
  };

  beforeAll(async () => {
    const fresh = await freshDatabase('mysql');
    drop = fresh.drop;
    dataDir = mkdtempSync(join(tmpdir(), 'sb-two-'));
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: fresh.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      JWT_SECRET: 'two-nodes-secret-two-nodes-secret-0123456789',
      DATA_DIR: dataDir,
      WEB_DIST: '/nonexistent',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      DEMO_PASSWORD,
      TRUST_PROXY: 'true',
      LOGIN_MAX_PER_IP: '1000',
    };
    // A migrates and seeds first; B starts on the same database.
    a = await startNode(env);
    b = await startNode(env);
    apiA = api(a.base);
    apiB = api(b.base);
    const login = async (call: ReturnType<typeof api>, email: string) => {
      const r = await call('POST', '/api/v1/auth/login', { body: { email, password: DEMO_PASSWORD } });
      expect(r.status, r.text).toBe(200);
      return r.body.data.access_token as string;
    };
    tokens.admin = await login(apiA, 'admin@demo.local');
    tokens.agent = await login(apiB, 'agent@demo.local');
    tokens.supervisor = await login(apiA, 'supervisor@demo.local');
    for (const [k, call] of [['agent', apiB], ['supervisor', apiA]] as const) ids[k] = (await call('GET', '/api/v1/auth/me', { token: tokens[k] })).body.data.user.id;
    const w = await apiA('POST', '/api/v1/chat/widgets', { token: tokens.admin, body: { name: 'Two nodes' } });
    expect(w.status, w.text).toBe(201);
    widgetKey = w.body.data.key;
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await Promise.all([stopNode(a), stopNode(b)]);
    await drop?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('a visitor on node A and an agent on node B: assignment, messages and typing both ways', async () => {
    const agentWs = await consoleSocket((b as Proc).base, tokens.agent);
    const r = await apiB('PATCH', '/api/v1/chat/agents/me', { token: tokens.agent, body: { availability: 'online', max_chats: 5 } });
    expect(r.status, r.text).toBe(200);
    await waitPresent(apiB, tokens.agent);

    // The visitor starts on node A; node A routes it to the agent whose socket node B holds.
    const started = await apiA('POST', `/api/v1/chat/public/widgets/${widgetKey}/sessions`, { body: { name: 'Nina Node' }, headers: { 'x-forwarded-for': visitorIp() } });
    expect(started.status, started.text).toBe(201);
    const { token, session } = started.body.data;
    expect(session).toMatchObject({ status: 'active', agent: { name: 'Alex Agent' } });
    expect(evOf(await agentWs.next(isEvent('chat.session.assigned', session.id), 10_000)).data.agent.user_id).toBe(ids.agent);

    const v = await openSocket(`${(a as Proc).base.replace('http', 'ws')}/api/v1/chat/visitor/ws`, { headers: { 'x-forwarded-for': visitorIp() } });
    sockets.push(v);
    v.send({ op: 'auth', token });
    await v.next(isOp('ready'));

    // Visitor (A) → agent (B).
    v.send({ op: 'message', client_id: 'n1', body: 'Hello from node A' });
    expect(await v.next(isOp('ack'))).toMatchObject({ client_id: 'n1', seq: 1 });
    expect(evOf(await agentWs.next(isEvent('chat.message.created', session.id), 10_000)).data.message).toMatchObject({ seq: 1, author_type: 'visitor', body: 'Hello from node A' });
    // Agent (B) → visitor (A).
    const sent = await apiB('POST', `/api/v1/chat/sessions/${session.id}/messages`, { token: tokens.agent, body: { body: 'Hi from node B' } });
    expect(sent.status, sent.text).toBe(201);
    expect((await v.next(isOp('message', (m) => m.message.author_type === 'agent'), 10_000)).message).toMatchObject({ seq: 2, body: 'Hi from node B' });
    // Typing both ways (ephemeral, through Redis).
    v.send({ op: 'typing', typing: true });
    expect(evOf(await agentWs.next(isEvent('chat.typing', session.id), 10_000)).data).toMatchObject({ author_type: 'visitor', typing: true });
    expect((await apiB('POST', `/api/v1/chat/sessions/${session.id}/typing`, { token: tokens.agent, body: { typing: true } })).status).toBeLessThan(300);
    expect(await v.next(isOp('typing'), 10_000)).toEqual({ op: 'typing', typing: true });

    expect((await apiB('POST', `/api/v1/chat/sessions/${session.id}/end`, { token: tokens.agent })).status).toBe(200);
  });

  it('both nodes racing to assign one chat give it to exactly one agent', async () => {
    // The supervisor's desk is on node A, the agent's on node B; each takes one chat at a time.
    const supWs = await consoleSocket((a as Proc).base, tokens.supervisor);
    await waitPresent(apiA, tokens.supervisor);
    for (const [call, t] of [[apiA, tokens.supervisor], [apiB, tokens.agent]] as const) {
      const r = await call('PATCH', '/api/v1/chat/agents/me', { token: t, body: { availability: 'online', max_chats: 1 } });
      expect(r.status, r.text).toBe(200);
    }
    const start = async (name: string) => {
      const r = await apiA('POST', `/api/v1/chat/public/widgets/${widgetKey}/sessions`, { body: { name }, headers: { 'x-forwarded-for': visitorIp() } });
      expect(r.status, r.text).toBe(201);
      return r.body.data.session as { id: string; status: string };
    };
    const detail = async (id: string) => (await apiA('GET', `/api/v1/chat/sessions/${id}`, { token: tokens.admin })).body.data as { status: string; agent_id: string | null };
    for (let round = 0; round < 5; round++) {
      // Both agents busy with one chat each, then one more chat waits in the queue.
      const first = await start(`Busy ${round}a`);
      const second = await start(`Busy ${round}b`);
      const owners = [(await detail(first.id)).agent_id, (await detail(second.id)).agent_id];
      expect([...owners].sort()).toEqual([ids.agent, ids.supervisor].sort());
      const waiting = await start(`Race ${round}`);
      expect(waiting.status).toBe('queued');
      // Both end their chat at the same moment, each on their own node: each node frees a slot and routes at once.
      const mine = (who: string) => (owners[0] === who ? first.id : second.id);
      const [x, y] = await Promise.all([
        apiA('POST', `/api/v1/chat/sessions/${mine(ids.supervisor)}/end`, { token: tokens.supervisor }),
        apiB('POST', `/api/v1/chat/sessions/${mine(ids.agent)}/end`, { token: tokens.agent }),
      ]);
      expect([x.status, y.status], `round ${round}: ${x.text} ${y.text}`).toEqual([200, 200]);
      const won = await detail(waiting.id);
      expect(won.status).toBe('active');
      expect([ids.supervisor, ids.agent]).toContain(won.agent_id);
      // Exactly one assignment of the chat, seen on node A's console socket.
      await supWs.next(isEvent('chat.session.assigned', waiting.id), 10_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(supWs.received.filter(isEvent('chat.session.assigned', waiting.id))).toHaveLength(1);
      const agents = (await apiA('GET', '/api/v1/chat/agents', { token: tokens.admin })).body.data as { user_id: string; active_chats: number }[];
      const load = Object.fromEntries(agents.filter((g) => g.user_id === ids.agent || g.user_id === ids.supervisor).map((g) => [g.user_id, g.active_chats]));
      expect(load).toEqual({ [ids.agent]: won.agent_id === ids.agent ? 1 : 0, [ids.supervisor]: won.agent_id === ids.supervisor ? 1 : 0 });
      expect((await apiA('POST', `/api/v1/chat/sessions/${waiting.id}/end`, { token: tokens.admin })).status).toBe(200);
    }
  });
});
