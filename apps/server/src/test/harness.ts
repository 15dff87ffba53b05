/**
 * Test harness: runs a suite once per database (SQLite always; MariaDB and PostgreSQL when
 * reachable, and always in CI, where an unreachable server fails the run instead of skipping).
 * Each suite gets a fresh database of its own, migrated, with a seeded platform and two tenants.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Kysely, MysqlDialect, PostgresDialect, sql } from 'kysely';
import { createPool } from 'mysql2';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe } from 'vitest';
import { type AppDeps, buildApp } from '../app.js';
import { createEventHub } from '../realtime/hub.js';
import { type Config, loadConfig } from '../config.js';
import { type Dialect, createDb } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { createMailer } from '../mail/outbox.js';
import { ariFromConfig } from '../modules/calls/ari/client.js';
import { createTokenSigner } from '../modules/auth/crypto.js';
import { DEMO_USERS, SUPERADMIN_EMAIL, seedDemo } from '../seed.js';

export const MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const PASSWORD = 'Test-password-1';


async function probe(dialect: Dialect): Promise<boolean> {
  if (dialect === 'sqlite') return true;
  try {
    const admin = adminDb(dialect);
    await sql`select 1`.execute(admin);
    await admin.destroy();
    return true;
  } catch (err) {
    if (process.env.CI) throw new Error(`${dialect} is not reachable in CI: ${(err as Error).message}`);
    return false;
  }
}

function adminDb(dialect: Dialect): Kysely<any> {
  if (dialect === 'mysql') return new Kysely({ dialect: new MysqlDialect({ pool: createPool({ uri: MYSQL_URL, connectionLimit: 1 }) }) });
  return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: PG_URL, max: 1 }) }) });
}

/** Which database servers answer (probed once per test file; in CI a silent one fails the run). */
export const REACHABLE: Record<Dialect, boolean> = {
  sqlite: true,
  mysql: dialects().includes('mysql') && (await probe('mysql')),
  postgres: dialects().includes('postgres') && (await probe('postgres')),
};
for (const d of dialects()) if (!REACHABLE[d]) console.warn(`${d} is not reachable: its suites are skipped (CI always runs them)`);

/** Dialects to run on: TEST_DIALECTS=sqlite,mysql,postgres narrows the set. */
export function dialects(): Dialect[] {
  const all: Dialect[] = ['sqlite', 'mysql', 'postgres'];
  const only = process.env.TEST_DIALECTS?.split(',').map((s) => s.trim());
  return only ? all.filter((d) => only.includes(d)) : all;
}

/** A fresh, empty database for one suite; returns its URL and a drop function. */
export async function freshDatabase(dialect: Dialect): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `sbt_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sbt-'));
    return { url: `sqlite:${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = adminDb(dialect);
  await sql.raw(`create database ${name}`).execute(admin);
  await admin.destroy();
  const url = dialect === 'mysql' ? `${MYSQL_URL}/${name}` : PG_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const a = adminDb(dialect);
      if (dialect === 'postgres') await sql.raw(`drop database if exists ${name} with (force)`).execute(a);
      else await sql.raw(`drop database if exists ${name}`).execute(a);
      await a.destroy();
    },
  };
}

export interface TestContext {
  dialect: Dialect;
  app: FastifyInstance;
  deps: AppDeps;
  config: Config;
  /** Tokens by role in tenant `demo` (tenant A) plus `superadmin`. */
  tokens: Record<'superadmin' | 'tenant_admin' | 'supervisor' | 'agent' | 'viewer', string>;
  /** Tenant B (`beta`) admin token and tenant id. */
  other: { tenantId: string; token: string };
  /** Call the API with a bearer token (or none); JSON body in, parsed body out. */
  api(method: string, url: string, opts?: { token?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<ApiResponse>;
  login(email: string, password?: string, tenantId?: string): Promise<{ access_token: string; refresh_token: string }>;
  /** Emails queued in the outbox, newest first. */
  outbox(): Promise<{ to_address: string; subject: string; body_text: string }[]>;
}

export interface ApiResponse {
  status: number;
  headers: LightMyRequestResponse['headers'];
  body: any;
  text: string;
}

/** Build config for tests (no env from the machine leaks in except what is given). */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    LOG_LEVEL: 'silent',
    DATA_DIR: join(tmpdir(), 'sbt-data'),
    WEB_DIST: '/nonexistent',
    LOGIN_MAX_PER_IP: '1000',
    // Tests act as a reverse proxy to give requests distinct client addresses.
    TRUST_PROXY: 'true',
    ...overrides,
  });
}

export interface StartAppOptions {
  /** Runs after buildApp and before ready: add test-only routes or hooks here. */
  beforeReady?: (app: FastifyInstance, deps: AppDeps) => void | Promise<void>;
}

/** Open, migrate and build an app on a database URL. */
export async function startApp(config: Config, opts: StartAppOptions = {}): Promise<{ app: FastifyInstance; deps: AppDeps; close: () => Promise<void> }> {
  // Dropping a test database terminates whatever connection is still closing: expected, not an error.
  const dbh = createDb(config.databaseUrl, { poolMax: 5, onConnectionError: () => {} });
  const deps: AppDeps = {
    config,
    db: dbh.db,
    dbh,
    tokens: createTokenSigner(config.jwtSecret, config.accessTtl),
    mailer: createMailer({ db: dbh.db, smtpUrl: config.smtpUrl, from: config.smtpFrom, log: pino({ level: 'silent' }) }),
    redis: null,
    ari: ariFromConfig(config),
    hub: createEventHub({ db: dbh.db, sweepMs: 200 }),
  };
  let app: FastifyInstance | undefined;
  try {
    await migrateToLatest(dbh.db);
    app = await buildApp(deps, { logger: false });
    await opts.beforeReady?.(app, deps);
    await app.ready();
  } catch (err) {
    // A failed start must not leak the pool (the caller gets no close function).
    await app?.close().catch(() => {});
    await deps.mailer.stop();
    await deps.hub.close();
    await dbh.close();
    throw err;
  }
  const built = app;
  return {
    app: built,
    deps,
    close: async () => {
      await built.close();
      await deps.mailer.stop();
      await deps.hub.close();
      await dbh.close();
    },
  };
}

/** A small client over app.inject. */
export function client(app: FastifyInstance) {
  return async (method: string, url: string, opts: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | undefined;
    if (opts.body !== undefined) {
      if (typeof opts.body === 'string') payload = opts.body;
      else {
        payload = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
    }
    const res = await app.inject({ method: method as never, url, headers, payload });
    let body: unknown ;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.statusCode, headers: res.headers, body, text: res.body };
  };
}

/**
 * Define a suite that runs once per reachable database. The callback receives a getter for the
 * context, ready in `beforeAll`.
 */
export function describeEachDb(name: string, fn: (ctx: () => TestContext) => void, opts: { config?: Record<string, string> } = {}): void {
  for (const dialect of dialects()) {
    describe.skipIf(!REACHABLE[dialect])(`${name} [${dialect}]`, () => {
      let ctx: TestContext | undefined;
      let teardown: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const { url, drop } = await freshDatabase(dialect);
        const config = testConfig(url, opts.config);
        const { app, deps, close } = await startApp(config);
        await seedDemo(deps.db, PASSWORD);
        const api = client(app);
        const login = async (email: string, password = PASSWORD, tenantId?: string) => {
          const r = await api('POST', '/api/v1/auth/login', { body: { email, password, tenant_id: tenantId } });
          if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${r.text}`);
          return r.body.data;
        };
        const tokens = { superadmin: (await login(SUPERADMIN_EMAIL)).access_token } as TestContext['tokens'];
        for (const u of DEMO_USERS) tokens[u.role] = (await login(u.email)).access_token;
        const created = await api('POST', '/api/v1/tenants', {
          token: tokens.superadmin,
          body: { id: 'beta', name: 'Beta Corp', admin: { name: 'Bea Admin', email: 'admin@beta.local', password: PASSWORD } },
        });
        if (created.status !== 201) throw new Error(`tenant beta: ${created.status} ${created.text}`);
        const other = { tenantId: 'beta', token: (await login('admin@beta.local')).access_token };
        ctx = {
          dialect,
          app,
          deps,
          config,
          tokens,
          other,
          api,
          login,
          outbox: () => deps.db.selectFrom('email_outbox').select(['to_address', 'subject', 'body_text']).orderBy('created_at', 'desc').orderBy('id', 'desc').execute(),
        };
        teardown = async () => {
          await close();
          await drop();
        };
      });
      afterAll(async () => {
        await teardown?.();
      });
      fn(() => {
        if (!ctx) throw new Error('test context not ready');
        return ctx;
      });
    });
  }
}
