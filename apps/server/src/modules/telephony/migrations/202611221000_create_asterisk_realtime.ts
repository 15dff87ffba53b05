import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { dialectOfDb } from '../../../db/migration-helpers.js';
import { ARA_ENUMS, ARA_TABLES, type AraColumn } from '../ara-tables.js';

/** SQLite has no enums or sized types: the closest affinity keeps every value Asterisk writes. */
function sqliteType(mysql: string): string {
  if (/^(int|bigint|tinyint|smallint)/.test(mysql)) return 'integer';
  if (/^(float|double|decimal)/.test(mysql)) return 'real';
  if (/blob/.test(mysql)) return 'blob';
  return 'text';
}

function typeOf(dialect: string, col: AraColumn) {
  const [, mysql, postgres] = col;
  if (dialect === 'mysql') return sql.raw(mysql);
  if (dialect === 'postgres') return sql.raw(ARA_ENUMS[postgres] ? `"${postgres}"` : postgres);
  return sql.raw(sqliteType(mysql));
}

/**
 * Asterisk's realtime tables (PJSIP sorcery objects, queues, voicemail, CDR, queue log) with
 * Asterisk's own names and types, plus `tenant_id`. Switchboard writes them from its own
 * telephony tables in the same transaction; Asterisk reads them (and writes contacts, CDR and
 * queue log rows).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOfDb(db);
  if (dialect === 'postgres') {
    for (const [name, values] of Object.entries(ARA_ENUMS)) {
      await sql.raw(`create type "${name}" as enum (${values.map((v) => `'${v}'`).join(', ')})`).execute(db);
    }
  }
  for (const [table, spec] of Object.entries(ARA_TABLES)) {
    const primary = spec.indexes.find((i) => i.name === 'PRIMARY');
    const autoCol = spec.columns.find((c) => c[4]);
    // SQLite can only auto-increment its INTEGER PRIMARY KEY: the auto column becomes the key and
    // Asterisk's primary key a unique constraint instead.
    const sqliteAutoKey = dialect === 'sqlite' && autoCol;
    let builder: CreateTableBuilder<string, string> = db.schema.createTable(table);
    for (const col of spec.columns) {
      const [name, , , nullable, auto] = col;
      builder = builder.addColumn(name, typeOf(dialect, col), (c) => {
        let b = nullable ? c : c.notNull();
        if (auto) {
          if (dialect === 'mysql') b = b.autoIncrement();
          else if (dialect === 'postgres') b = b.generatedByDefaultAsIdentity();
          else b = b.primaryKey().autoIncrement();
        }
        return b;
      });
    }
    builder = builder.addColumn('tenant_id', 'varchar(32)');
    if (primary) {
      if (sqliteAutoKey && !(primary.columns.length === 1 && primary.columns[0] === autoCol[0]))
        builder = builder.addUniqueConstraint(`${table}_pk_uq`, [...primary.columns]);
      else if (!sqliteAutoKey) builder = builder.addPrimaryKeyConstraint(`${table}_pkey`, [...primary.columns]);
    }
    for (const idx of spec.indexes) {
      if (!idx.unique || idx.name === 'PRIMARY') continue;
      if (primary && idx.columns.join() === primary.columns.join()) continue;
      if (sqliteAutoKey && idx.columns.length === 1 && idx.columns[0] === autoCol[0]) continue;
      builder = builder.addUniqueConstraint(`${table}_${idx.name}_uq`, [...idx.columns]);
    }
    await builder.execute();
    for (const idx of spec.indexes) {
      if (idx.unique) continue;
      await db.schema.createIndex(idx.name.startsWith(table) ? idx.name : `${table}_${idx.name}`).on(table).columns([...idx.columns]).execute();
    }
    await db.schema.createIndex(`${table}_tenant_idx`).on(table).column('tenant_id').execute();
  }
}
