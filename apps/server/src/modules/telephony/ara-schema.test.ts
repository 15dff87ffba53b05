/**
 * The Asterisk realtime tables our migrations create must be what Asterisk reads: compared column
 * by column with ../shared/asterisk/ara-schema.json (Asterisk 22's own schema), on each database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, createDb } from '../../db/index.js';
import { migrateToLatest } from '../../db/migrate.js';
import { REACHABLE, dialects, freshDatabase } from '../../test/harness.js';
import { ARA_TABLES } from './ara-tables.js';

const SCHEMA_FILE = resolve(import.meta.dirname, '../../../../../../shared/asterisk/ara-schema.json');
const present = existsSync(SCHEMA_FILE);
if (!present) console.warn(`skipping the Asterisk schema comparison: ${SCHEMA_FILE} is absent (it ships in the workplace's shared/ folder)`);

interface RefColumn {
  mysql: string;
  nullable: boolean;
  mysql_extra?: string;
}
interface RefTable {
  columns: Record<string, RefColumn>;
  postgresql_types: Record<string, { type: string; enum?: string[] }>;
}
const ref: Record<string, RefTable> = present ? JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')).tables : {};
const REQUIRED = [
  'ps_endpoints',
  'ps_auths',
  'ps_aors',
  'ps_contacts',
  'ps_registrations',
  'ps_endpoint_id_ips',
  'ps_domain_aliases',
  'queues',
  'queue_members',
  'queue_rules',
  'voicemail',
  'cdr',
  'queue_log',
];

describe.skipIf(!present)('Asterisk realtime schema', () => {
  it('covers every table the issue names', () => {
    expect(Object.keys(ARA_TABLES).sort()).toEqual([...REQUIRED].sort());
  });

  for (const dialect of dialects()) {
    describe.skipIf(!REACHABLE[dialect])(`migrated on ${dialect}`, () => {
      let h: Db;
      let drop: () => Promise<void>;
      beforeAll(async () => {
        const fresh = await freshDatabase(dialect);
        drop = fresh.drop;
        h = createDb(fresh.url);
        await migrateToLatest(h.db);
      });
      afterAll(async () => {
        await h?.close();
        await drop?.();
      });

      it.each(REQUIRED)('%s has Asterisk’s columns with the same types, plus tenant_id', async (table) => {
        const expected = ref[table];
        const actual = await columnsOf(h, dialect, table);
        const names = Object.keys(actual);
        expect(names).toEqual(expect.arrayContaining([...Object.keys(expected.columns), 'tenant_id']));
        for (const [name, col] of Object.entries(expected.columns)) {
          const got = actual[name];
          if (dialect === 'mysql') {
            expect(got.type, `${table}.${name}`).toBe(col.mysql.toLowerCase());
            expect(got.nullable, `${table}.${name} nullable`).toBe(col.nullable);
            if (col.mysql_extra === 'auto_increment') expect(got.extra, `${table}.${name}`).toContain('auto_increment');
          } else if (dialect === 'postgres') {
            const pgType = expected.postgresql_types[name].type;
            expect(got.type, `${table}.${name}`).toBe(pgType);
            expect(got.nullable, `${table}.${name} nullable`).toBe(col.nullable);
            if (expected.postgresql_types[name].enum) {
              const values = await sql<{ v: string }>`select unnest(enum_range(null::${sql.id(pgType)}))::text as v`.execute(h.db);
              expect(values.rows.map((r) => r.v)).toEqual(expected.postgresql_types[name].enum);
            }
          } else {
            // SQLite: same names; the closest storage class.
            expect(got, `${table}.${name}`).toBeDefined();
          }
        }
      });
    });
  }
});

async function columnsOf(h: Db, dialect: string, table: string): Promise<Record<string, { type: string; nullable: boolean; extra?: string }>> {
  const out: Record<string, { type: string; nullable: boolean; extra?: string }> = {};
  if (dialect === 'mysql') {
    const r = await sql<{ name: string; type: string; nullable: string; extra: string }>`
      select column_name as name, column_type as type, is_nullable as nullable, extra from information_schema.columns
      where table_schema = database() and table_name = ${table}`.execute(h.db);
    for (const c of r.rows) out[c.name] = { type: c.type.toLowerCase(), nullable: c.nullable === 'YES', extra: c.extra };
  } else if (dialect === 'postgres') {
    const r = await sql<{ name: string; udt: string; len: number | null; nullable: string }>`
      select column_name as name, udt_name as udt, character_maximum_length as len, is_nullable as nullable from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}`.execute(h.db);
    for (const c of r.rows) out[c.name] = { type: c.len ? `${c.udt}(${c.len})` : c.udt, nullable: c.nullable === 'YES' };
  } else {
    const r = await sql<{ name: string; type: string; notnull: number }>`select name, type, "notnull" from pragma_table_info(${table})`.execute(h.db);
    for (const c of r.rows) out[c.name] = { type: c.type, nullable: !c.notnull };
  }
  return out;
}
