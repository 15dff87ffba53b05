/**
 * Real-time benchmarks over real sockets: message latency through Switchboard (database write,
 * event stream, WebSocket) against a bare WebSocket echo in the same run, and memory per idle
 * authenticated socket. Numbers are information, never a pass/fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { seedDemo } from '../apps/server/src/seed.js';
import { startApp, testConfig } from '../apps/server/src/test/harness.js';

const PASSWORD = 'Bench-password-1';

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function latencyRow(name: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  return `  ${name.padEnd(52)} p50 ${percentile(s, 50).toFixed(2).padStart(7)} ms   p99 ${percentile(s, 99).toFixed(2).padStart(7)} ms   n=${s.length}`;
}

function openWs(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Round trips through a bare `ws` echo server: the floor any WebSocket feature stands on. */
export async function bareEcho(pairs: number, messages: number): Promise<number[]> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('connection', (s) => s.on('message', (m) => s.send(m)));
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as { port: number }).port;
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: pairs }, async () => {
      const ws = await openWs(`ws://127.0.0.1:${port}`);
      for (let i = 0; i < messages; i++) {
        const t0 = performance.now();
        await new Promise<void>((resolve) => {
          ws.once('message', () => resolve());
          ws.send(JSON.stringify({ op: 'echo', i }));
        });
        samples.push(performance.now() - t0);
      }
      ws.close();
    }),
  );
  await new Promise((r) => wss.close(r));
  return samples;
}

/** A console app on a fresh SQLite file, listening, with the demo tenant. */
export async function benchApp() {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-rt-'));
  const started = await startApp(
    testConfig(`sqlite:${join(dir, 'bench.db')}`, {
      LOG_LEVEL: 'silent',
      // The bench is one address sending as fast as it can: lift the per-visitor limits.
      CHAT_SESSIONS_PER_IP: '100000',
      CHAT_MESSAGES_PER_IP: '1000000',
      CHAT_SESSIONS_PER_WIDGET: '100000',
      CHAT_MESSAGES_PER_WIDGET: '1000000',
    }),
  );
  await seedDemo(started.deps.db, PASSWORD);
  const address = await started.app.listen({ port: 0, host: '127.0.0.1' });
  const login = async (email: string) => {
    const r = await fetch(`${address}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    return ((await r.json()) as { data: { access_token: string } }).data.access_token;
  };
  return {
    ...started,
    address,
    wsUrl: address.replace('http', 'ws'),
    login,
    async stop() {
      await started.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Open an authenticated console socket and wait for `ready`. */
export async function consoleSocket(wsUrl: string, token: string): Promise<WebSocket> {
  const ws = await openWs(`${wsUrl}/api/v1/ws`);
  await new Promise<void>((resolve) => {
    ws.on('message', function onReady(raw) {
      if (JSON.parse(String(raw)).op === 'ready') {
        ws.off('message', onReady);
        resolve();
      }
    });
    ws.send(JSON.stringify({ op: 'auth', token }));
  });
  return ws;
}

/** Time from an API write (a ticket update) to its event arriving on another user's console socket. */
export async function ticketEventLatency(app: Awaited<ReturnType<typeof benchApp>>, writes: number): Promise<number[]> {
  const writer = await app.login('agent@demo.local');
  const reader = await consoleSocket(app.wsUrl, await app.login('supervisor@demo.local'));
  const created = await fetch(`${app.address}/api/v1/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${writer}` },
    body: JSON.stringify({ subject: 'Bench' }),
  });
  const id = ((await created.json()) as { data: { id: string } }).data.id;
  const samples: number[] = [];
  for (let i = 0; i < writes; i++) {
    const subject = `Bench ${i}`;
    const arrived = new Promise<void>((resolve) => {
      reader.on('message', function onEv(raw) {
        const m = JSON.parse(String(raw));
        if (m.op === 'event' && m.event.data?.ticket?.subject === subject) {
          reader.off('message', onEv);
          resolve();
        }
      });
    });
    const t0 = performance.now();
    await fetch(`${app.address}/api/v1/tickets/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${writer}` },
      body: JSON.stringify({ subject }),
    });
    await arrived;
    samples.push(performance.now() - t0);
  }
  reader.close();
  return samples;
}

/** Heap + RSS growth per idle authenticated console socket (measured in this process, client and server). */
export async function memoryPerIdleSocket(app: Awaited<ReturnType<typeof benchApp>>, n: number): Promise<{ heap: number; rss: number }> {
  const token = await app.login('agent@demo.local');
  global.gc?.();
  const before = process.memoryUsage();
  const sockets: WebSocket[] = [];
  for (let i = 0; i < n; i++) sockets.push(await consoleSocket(app.wsUrl, token));
  global.gc?.();
  const after = process.memoryUsage();
  for (const s of sockets) s.close();
  return { heap: (after.heapUsed - before.heapUsed) / n, rss: (after.rss - before.rss) / n };
}

async function api(app: Awaited<ReturnType<typeof benchApp>>, method: string, path: string, token: string | null, body?: unknown) {
  const r = await fetch(`${app.address}/api/v1${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text).data : null;
}

/**
 * `pairs` visitors chatting at once with one agent (capacity = pairs): each visitor sends
 * `messages` messages on its socket, each answered by the agent over REST; we time visitor →
 * agent's console socket and agent → visitor's socket.
 */
export async function chatPairs(app: Awaited<ReturnType<typeof benchApp>>, pairs: number, messages: number) {
  const admin = await app.login('admin@demo.local');
  const agent = await app.login('agent@demo.local');
  const desk = await consoleSocket(app.wsUrl, agent);
  await api(app, 'PATCH', '/chat/agents/me', agent, { availability: 'online', max_chats: Math.min(pairs, 100), auto_accept: true });
  for (let i = 0; i < 200 && !(await api(app, 'GET', '/chat/agents/me', agent)).present; i++) await new Promise((r) => setTimeout(r, 25));
  const widget = await api(app, 'POST', '/chat/widgets', admin, { name: 'Bench widget' });
  const pending = new Map<string, (at: number) => void>();
  desk.on('message', (raw) => {
    const m = JSON.parse(String(raw));
    if (m.op === 'event' && m.event.type === 'chat.message.created' && m.event.data.message.author_type === 'visitor') pending.get(m.event.data.message.body)?.(performance.now());
  });
  const toAgent: number[] = [];
  const toVisitor: number[] = [];
  await Promise.all(
    Array.from({ length: pairs }, async (_, p) => {
      const started = await api(app, 'POST', `/chat/public/widgets/${widget.key}/sessions`, null, { name: `Visitor ${p}` });
      const ws = await openWs(`${app.wsUrl}/api/v1/chat/visitor/ws`);
      const inbox = new Map<string, (at: number) => void>();
      ws.on('message', (raw) => {
        const m = JSON.parse(String(raw));
        if (m.op === 'message' && m.message.author_type === 'agent') inbox.get(m.message.body)?.(performance.now());
      });
      await new Promise<void>((resolve) => {
        ws.on('message', function onReady(raw) {
          if (JSON.parse(String(raw)).op === 'ready') {
            ws.off('message', onReady);
            resolve();
          }
        });
        ws.send(JSON.stringify({ op: 'auth', token: started.token }));
      });
      for (let i = 0; i < messages; i++) {
        const body = `v${p}-${i}`;
        const t0 = performance.now();
        await new Promise<void>((resolve) => {
          pending.set(body, (at) => {
            pending.delete(body);
            toAgent.push(at - t0);
            resolve();
          });
          ws.send(JSON.stringify({ op: 'message', client_id: body, body }));
        });
        const answer = `a${p}-${i}`;
        const t1 = performance.now();
        await new Promise<void>((resolve) => {
          inbox.set(answer, (at) => {
            inbox.delete(answer);
            toVisitor.push(at - t1);
            resolve();
          });
          void api(app, 'POST', `/chat/sessions/${started.session.id}/messages`, agent, { body: answer });
        });
      }
      ws.close();
    }),
  );
  desk.close();
  return { toAgent, toVisitor };
}
