/**
 * Benchmarks over real sockets (autocannon). Each benchmark compares a Switchboard endpoint with
 * a baseline measured in the same run, and prints req/s, p99 latency and their ratio. Numbers are
 * information, never a pass/fail. BENCH_DURATION (seconds, default 5), BENCH_CONNECTIONS (10).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { startApp, testConfig } from '../apps/server/src/test/harness.js';
import { seedDemo } from '../apps/server/src/seed.js';
import { insertContact } from '../apps/server/src/modules/contacts/repo.js';

const duration = Number(process.env.BENCH_DURATION ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PASSWORD = 'Bench-password-1';

interface Result {
  name: string;
  rps: number;
  p99: number;
  errors: number;
}

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Result> {
  // Short warm-up so JIT and pools are hot for both sides alike.
  await autocannon({ url, headers, connections, duration: 1 });
  const r = await autocannon({ url, headers, connections, duration });
  return { name, rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

function report(title: string, subject: Result, baseline: Result) {
  const row = (r: Result) => `  ${r.name.padEnd(44)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors}`;
  console.log(`\n${title}\n${row(baseline)}\n${row(subject)}`);
  console.log(`  ratio (subject / baseline): throughput ${(subject.rps / baseline.rps).toFixed(3)}   p99 ${(subject.p99 / Math.max(baseline.p99, 1)).toFixed(2)}x`);
}

async function contactsList() {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const { app, deps, close } = await startApp(testConfig(`sqlite:${join(dir, 'bench.db')}`, { LOG_LEVEL: 'silent' }));
  await seedDemo(deps.db, PASSWORD);
  await deps.db.transaction().execute(async (trx) => {
    for (let i = 0; i < 500; i++) await insertContact(trx, 'demo', { first_name: `Bench${i}`, last_name: 'Contact', email: `bench${i}@example.com`, company: 'Bench Inc' });
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const login = await fetch(`${address}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'agent@demo.local', password: PASSWORD }),
  });
  const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
  const path = '/api/v1/contacts?page=1&page_size=25';
  const sample = await (await fetch(`${address}${path}`, { headers: { authorization: `Bearer ${token}` } })).text();
  if (JSON.parse(sample).data.length !== 25) throw new Error('expected 25 contacts');

  const bare = Fastify({ logger: false });
  bare.get('/contacts', async (_req, reply) => reply.type('application/json').send(sample));
  const bareAddress = await bare.listen({ port: 0, host: '127.0.0.1' });

  const baseline = await measure('bare Fastify, same JSON from memory', `${bareAddress}/contacts`);
  const subject = await measure('GET /api/v1/contacts (auth, tenant, 25 rows)', `${address}${path}`, { authorization: `Bearer ${token}` });
  report(`contacts list: 25 of 502 contacts on SQLite, ${connections} connections, ${duration} s`, subject, baseline);

  await bare.close();
  await close();
  rmSync(dir, { recursive: true, force: true });
}

await contactsList();

async function realtime() {
  const { bareEcho, benchApp, chatPairs, latencyRow, memoryPerIdleSocket, ticketEventLatency } = await import('./realtime.js');
  const pairs = Number(process.env.BENCH_CHAT_PAIRS ?? 20);
  const perPair = Number(process.env.BENCH_CHAT_MESSAGES ?? 20);
  const writes = Number(process.env.BENCH_EVENTS ?? 300);
  const idle = Number(process.env.BENCH_IDLE_SOCKETS ?? 300);
  const app = await benchApp();
  try {
    const baseline = await bareEcho(1, writes);
    const subject = await ticketEventLatency(app, writes);
    console.log(`\nrealtime: API write → event on another console socket, ${writes} sequential writes, SQLite`);
    console.log(latencyRow('bare WebSocket echo round trip (baseline)', baseline));
    console.log(latencyRow('PATCH /tickets/:id → ticket.updated on /api/v1/ws', subject));
    const chat = await chatPairs(app, pairs, perPair);
    const echo = await bareEcho(pairs, perPair * 2);
    console.log(`\nlive chat: ${pairs} visitor-agent pairs at once, ${perPair} exchanges each, SQLite`);
    console.log(latencyRow(`bare WebSocket echo round trip, ${pairs} clients (baseline)`, echo));
    console.log(latencyRow('visitor socket message → agent console event', chat.toAgent));
    console.log(latencyRow('agent POST message → visitor socket', chat.toVisitor));
    const mem = await memoryPerIdleSocket(app, idle);
    console.log(`  memory per idle authenticated socket (${idle} sockets, client+server in one process): heap ${(mem.heap / 1024).toFixed(1)} KiB, rss ${(mem.rss / 1024).toFixed(1)} KiB`);
  } finally {
    await app.stop();
  }
}

await realtime();
