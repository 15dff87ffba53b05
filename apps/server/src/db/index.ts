import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { createPool } from 'mysql2';
import pg from 'pg';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'mysql' | 'postgres';
export type Database = Kysely<DB>;

/** A database handle plus what the rest of the app needs to know about it. */
export interface Db {
  db: Database;
  dialect: Dialect;
  /** Connections in use / idle, for metrics (sqlite: one connection). */
  poolStats(): { used: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/** Which dialect a DATABASE_URL selects. */
export function dialectOf(url: string): Dialect {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return 'mysql';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  throw new Error(`Unsupported DATABASE_URL: ${url.split(':')[0]}`);
}

/** Open a database from `sqlite:<file>`, `mysql://…` or `postgres://…`. */
export function createDb(
  url: string,
  opts: { poolMax?: number; onQuery?: (sql: string) => void; onConnectionError?: (err: Error) => void } = {},
): Db {
  const dialect = dialectOf(url);
  const log = opts.onQuery
    ? (e: { level: string; query: { sql: string } }) => {
        if (e.level === 'query') opts.onQuery?.(e.query.sql);
      }
    : undefined;
  if (dialect === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
    const database = new SQLite(file);
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    database.pragma('synchronous = NORMAL');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(database) }), log });
    return { db, dialect, poolStats: () => ({ used: 0, idle: 1, waiting: 0 }), close: () => db.destroy() };
  }
  if (dialect === 'mysql') {
    const pool = createPool({
      uri: url.replace(/^mariadb:/, 'mysql:'),
      connectionLimit: opts.poolMax ?? 10,
      timezone: 'Z',
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      charset: 'utf8mb4',
    });
    const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool }), log });
    const inner = pool as unknown as { _allConnections?: { length: number }; _freeConnections?: { length: number }; _connectionQueue?: { length: number } };
    return {
      db,
      dialect,
      poolStats: () => {
        const all = inner._allConnections?.length ?? 0;
        const free = inner._freeConnections?.length ?? 0;
        return { used: all - free, idle: free, waiting: inner._connectionQueue?.length ?? 0 };
      },
      close: () => db.destroy(),
    };
  }
  const pool = new pg.Pool({ connectionString: url, max: opts.poolMax ?? 10 });
  // An idle connection the server drops (restart, failover, admin termination) is reported here;
  // without a listener node-postgres rethrows it and the whole process dies. The pool replaces
  // the connection on next use.
  pool.on('error', (err) => (opts.onConnectionError ?? defaultConnectionError)(err));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log });
  return {
    db,
    dialect,
    poolStats: () => ({ used: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}

/**
 * better-sqlite3 compiles a statement on every `prepare`; Kysely prepares each query anew. Reusing
 * compiled statements by SQL text removes most of that cost (queries run synchronously, so one
 * statement is never in use twice at once).
 */
function withStatementCache(database: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = database.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

function defaultConnectionError(err: Error): void {
  console.error(`database connection lost: ${err.message}`);
}

/** Cheap liveness query for /readyz. */
export async function ping(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}

// Counts come back as string (pg bigint), bigint or number depending on the driver.
/** Normalise a driver's count value to a number. */
export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}
