import { type Kysely, MysqlAdapter, PostgresAdapter, sql } from 'kysely';
import type { Dialect } from './index.js';

/** Dialect of a Kysely instance, for the few places a migration needs raw SQL. */
export function dialectOfDb(db: Kysely<any>): Dialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof MysqlAdapter) return 'mysql';
  if (adapter instanceof PostgresAdapter) return 'postgres';
  return 'sqlite';
}

/** Column types used by our own tables, portable across the three dialects. */
export const T = {
  id: 'varchar(64)',
  slug: 'varchar(32)',
  ts: 'varchar(30)',
  short: 'varchar(100)',
  name: 'varchar(255)',
} as const;

/** Text that may exceed 64 KiB (MySQL `text` stops there). */
export function bigText(db: Kysely<any>) {
  return dialectOfDb(db) === 'mysql' ? sql`mediumtext` : sql`text`;
}
