import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPERADMIN_EMAIL, seedDemo } from '../seed.js';
import { PASSWORD, REACHABLE, dialects, freshDatabase } from '../test/harness.js';
import { type Db, createDb, num } from './index.js';
import { migrateToLatest } from './migrate.js';

const SRC = resolve(import.meta.dirname, '..');
const MIGRATION_FILE = /^\d{12}_[a-z0-9_]+\.(ts|js)$/;

/** Every migration the server ships: src/db/migrations and src/modules/<domain>/migrations. */
function shippedMigrations(): string[] {
  const dirs = [join(SRC, 'db/migrations')];
  for (const m of readdirSync(join(SRC, 'modules'))) {
    const dir = join(SRC, 'modules', m, 'migrations');
    if (existsSync(dir)) dirs.push(dir);
  }
  return dirs
    .flatMap((d) =>
      readdirSync(d)
        .filter((f) => MIGRATION_FILE.test(f))
        .map((f) => f.replace(/\.(ts|js)$/, '')),
    )
    .sort();
}

async function appliedMigrations(dbh: Db): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from schema_migrations`.execute(dbh.db);
  return rows.rows.map((r) => r.name).sort();
}

/** Column names of a table, from the dialect's catalog. */
async function columnsOf(dbh: Db, table: string): Promise<string[]> {
  if (dbh.dialect === 'sqlite') {
    const r = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(dbh.db);
    return r.rows.map((c) => c.name);
  }
  const schema = dbh.dialect === 'mysql' ? sql`database()` : sql`current_schema()`;
  const r = await sql<{
    name: string;
  }>`select column_name as name from information_schema.columns where table_schema = ${schema} and table_name = ${table}`.execute(dbh.db);
  return r.rows.map((c) => c.name);
}

/** Indexes of a table whose FIRST column is `column` (so the index serves `where column = ?`). */
async function indexesLeadingWith(dbh: Db, table: string, column: string): Promise<string[]> {
  if (dbh.dialect === 'sqlite') {
    const list = await sql<{ name: string }>`select name from pragma_index_list(${table})`.execute(dbh.db);
    const out: string[] = [];
    for (const ix of list.rows) {
      const cols = await sql<{ seqno: number; name: string }>`select seqno, name from pragma_index_info(${ix.name})`.execute(dbh.db);
      if (cols.rows.find((c) => num(c.seqno) === 0)?.name === column) out.push(ix.name);
    }
    return out;
  }
  if (dbh.dialect === 'mysql') {
    const r = await sql<{ name: string }>`
      select index_name as name from information_schema.statistics
      where table_schema = database() and table_name = ${table} and column_name = ${column} and seq_in_index = 1`.execute(dbh.db);
    return r.rows.map((x) => x.name);
  }
  const r = await sql<{ name: string }>`
    select i.relname as name
    from pg_index x
    join pg_class t on t.oid = x.indrelid
    join pg_class i on i.oid = x.indexrelid
    join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
    where t.relname = ${table} and a.attname = ${column} and t.relnamespace = current_schema()::regnamespace`.execute(dbh.db);
  return r.rows.map((x) => x.name);
}

for (const dialect of dialects()) {
  describe.skipIf(!REACHABLE[dialect])(`migrations [${dialect}]`, () => {
    let dbh: Db;
    let drop: () => Promise<void>;
    let extraRoot: string;

    beforeAll(async () => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      dbh = createDb(fresh.url, { poolMax: 2 });
      extraRoot = mkdtempSync(join(tmpdir(), 'sbt-migrations-'));
    });
    afterAll(async () => {
      await dbh?.close();
      await drop?.();
      if (extraRoot) rmSync(extraRoot, { recursive: true, force: true });
    });

    it('applies every migration of the core and of every module, and a second run applies nothing', async () => {
      const shipped = shippedMigrations();
      expect(shipped.length).toBeGreaterThanOrEqual(5);
      const applied = await migrateToLatest(dbh.db);
      expect([...applied].sort()).toEqual(shipped);
      expect(await appliedMigrations(dbh)).toEqual(shipped);
      // Timestamps order the run, whatever folder a migration lives in.
      expect(applied).toEqual([...applied].sort());

      expect(await migrateToLatest(dbh.db)).toEqual([]);
      expect(await appliedMigrations(dbh)).toEqual(shipped);
    });

    it('picks up a migration added to a module folder later (another source root, laid out like src)', async () => {
      const dir = join(extraRoot, 'modules', 'contacts', 'migrations');
      mkdirSync(dir, { recursive: true });
      // No imports: the file lives outside the workspace; it gets the Kysely instance as argument.
      writeFileSync(
        join(dir, '209901010000_add_test_column.ts'),
        [
          'export async function up(db: any): Promise<void> {',
          "  await db.schema.alterTable('contacts').addColumn('migration_test_col', 'varchar(20)').execute();",
          '}',
          'export async function down(db: any): Promise<void> {',
          "  await db.schema.alterTable('contacts').dropColumn('migration_test_col').execute();",
          '}',
          '',
        ].join('\n'),
      );
      expect(await columnsOf(dbh, 'contacts')).not.toContain('migration_test_col');

      const applied = await migrateToLatest(dbh.db, { roots: [SRC, extraRoot] });
      expect(applied).toEqual(['209901010000_add_test_column']);
      expect(await columnsOf(dbh, 'contacts')).toContain('migration_test_col');
      expect(await appliedMigrations(dbh)).toEqual([...shippedMigrations(), '209901010000_add_test_column'].sort());
      expect(await migrateToLatest(dbh.db, { roots: [SRC, extraRoot] })).toEqual([]);
    });

    it('refuses two migrations with the same name', async () => {
      const dup = mkdtempSync(join(tmpdir(), 'sbt-migrations-dup-'));
      try {
        const dir = join(dup, 'modules', 'contacts', 'migrations');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${shippedMigrations()[0]}.ts`), 'export async function up(): Promise<void> {}\n');
        await expect(migrateToLatest(dbh.db, { roots: [SRC, dup] })).rejects.toThrow(/Duplicate migration name/);
      } finally {
        rmSync(dup, { recursive: true, force: true });
      }
    });

    it('indexes tenant_id first on the tenant-scoped contact tables', async () => {
      for (const table of ['contacts', 'tags', 'contact_tags']) {
        expect(await indexesLeadingWith(dbh, table, 'tenant_id'), table).not.toEqual([]);
      }
      // The catalog query tells indexed from unindexed columns.
      expect(await indexesLeadingWith(dbh, 'contacts', 'notes')).toEqual([]);
    });

    it('seeds the demo once: a second seedDemo creates nothing', async () => {
      const counts = async () => {
        const n = async (table: 'users' | 'tenants' | 'contacts' | 'memberships' | 'tags' | 'audit_log') =>
          num(
            (
              await dbh.db
                .selectFrom(table)
                .select((e) => e.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        return {
          users: await n('users'),
          tenants: await n('tenants'),
          contacts: await n('contacts'),
          memberships: await n('memberships'),
          tags: await n('tags'),
          audit: await n('audit_log'),
        };
      };
      const first = await seedDemo(dbh.db, PASSWORD);
      expect(first?.map((l) => l.email)).toContain(SUPERADMIN_EMAIL);
      const after1 = await counts();
      expect(after1).toMatchObject({ users: 5, tenants: 1, memberships: 4 });
      expect(after1.contacts).toBeGreaterThan(0);

      expect(await seedDemo(dbh.db, PASSWORD)).toBeNull();
      expect(await counts()).toEqual(after1);
    });
  });
}
