/**
 * Test helper: is a row something Asterisk reads as written? Checked against Asterisk 22's own
 * schema, ../shared/asterisk/ara-schema.json (outside the repository; when it is absent every check
 * is skipped with one warning, and `ARA_SCHEMA_PRESENT` lets a suite say so with `skipIf`).
 *
 * For every column of the row: the table has it (`tenant_id` is ours and allowed), a NOT NULL
 * column is not null, an enum value is one of the enum's members, an integer column holds an
 * integer (drivers return bigint as a string: digits are accepted), a float column a number, a
 * `varchar(n)` value at most n characters, a datetime a date. Usage:
 *
 *   assertAraRowValid('ps_endpoints', row);                      // one row (as written or read)
 *   await assertAraRowsValid(db, 'queues', { tenant_id: 'acme' }); // every row matching, ≥ 1
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { expect } from 'vitest';

export const ARA_SCHEMA_FILE = resolve(import.meta.dirname, '../../../../../../shared/asterisk/ara-schema.json');
export const ARA_SCHEMA_PRESENT = existsSync(ARA_SCHEMA_FILE);

interface RefColumn {
  mysql: string;
  nullable: boolean;
}
type RefTables = Record<string, { columns: Record<string, RefColumn> }>;

let tables: RefTables | undefined;
let warned = false;
function schema(): RefTables | undefined {
  if (!ARA_SCHEMA_PRESENT) {
    if (!warned) console.warn(`skipping Asterisk column checks: ${ARA_SCHEMA_FILE} is absent (it ships in the workplace's shared/ folder)`);
    warned = true;
    return undefined;
  }
  tables ??= JSON.parse(readFileSync(ARA_SCHEMA_FILE, 'utf8')).tables as RefTables;
  return tables;
}

/** Why `value` is not valid for a column of MySQL type `type` (null when it is). */
export function araValueProblem(type: string, nullable: boolean, value: unknown): string | null {
  if (value === null || value === undefined) return nullable ? null : 'is NULL in a NOT NULL column';
  const enumMatch = /^enum\((.*)\)$/.exec(type);
  if (enumMatch) {
    const members = [...enumMatch[1].matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replaceAll("''", "'"));
    return members.includes(String(value)) ? null : `"${value}" is not one of ${members.join(', ')}`;
  }
  if (/^(tinyint|smallint|int|bigint)\b/.test(type)) {
    const ok = (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+$/.test(value));
    return ok ? null : `${JSON.stringify(value)} is not an integer`;
  }
  if (/^(float|double|decimal)/.test(type)) {
    const ok = (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));
    return ok ? null : `${JSON.stringify(value)} is not a number`;
  }
  const varchar = /^varchar\((\d+)\)$/.exec(type);
  if (varchar) {
    if (typeof value !== 'string') return `${JSON.stringify(value)} is not a string`;
    return value.length <= Number(varchar[1]) ? null : `"${value}" is ${value.length} characters, more than ${varchar[1]}`;
  }
  if (type === 'datetime')
    return value instanceof Date || (typeof value === 'string' && !Number.isNaN(Date.parse(value))) ? null : `${JSON.stringify(value)} is not a date`;
  if (type === 'text') return typeof value === 'string' ? null : `${JSON.stringify(value)} is not text`;
  return null; // blobs: anything
}

/** Every problem of a row of an Asterisk table (empty: Asterisk can read it). */
export function araRowProblems(table: string, row: Record<string, unknown>): string[] {
  const ref = schema();
  if (!ref) return [];
  const t = ref[table];
  if (!t) return [`${table} is not an Asterisk realtime table`];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(row)) {
    if (name === 'tenant_id') continue;
    const col = t.columns[name];
    if (!col) {
      problems.push(`${table}.${name}: no such column in Asterisk's schema`);
      continue;
    }
    const p = araValueProblem(col.mysql.toLowerCase(), col.nullable, value);
    if (p) problems.push(`${table}.${name}: ${p}`);
  }
  return problems;
}

/** Fail when a row holds a value Asterisk's column would not accept. */
export function assertAraRowValid(table: string, row: Record<string, unknown>): void {
  expect(araRowProblems(table, row), `${table} row ${JSON.stringify(row)}`).toEqual([]);
}

/**
 * Read every row of `table` matching `where` (column = value) and check each one; also that there
 * is at least `min` of them (default 1), so a check can never pass on nothing. Returns the rows.
 */
export async function assertAraRowsValid(db: Kysely<any>, table: string, where: Record<string, string | number>, min = 1): Promise<Record<string, unknown>[]> {
  let q = db.selectFrom(table).selectAll();
  for (const [k, v] of Object.entries(where)) q = q.where(sql.ref(k), '=', v);
  const rows = (await q.execute()) as Record<string, unknown>[];
  expect(rows.length, `${table} rows matching ${JSON.stringify(where)}`).toBeGreaterThanOrEqual(min);
  for (const r of rows) assertAraRowValid(table, r);
  return rows;
}

/** The PJSIP tables (and `ps_contacts`, which Asterisk writes). */
export const PJSIP_TABLES = ['ps_endpoints', 'ps_aors', 'ps_auths', 'ps_registrations', 'ps_endpoint_id_ips', 'ps_contacts'] as const;

/**
 * Every PJSIP row named after an endpoint, in any tenant: id equal to it or starting with `<id>_`,
 * or `endpoint` equal to it. What a test expects to find after a write, and to be gone after a
 * delete.
 */
export async function pjsipRowsNamed(db: Kysely<any>, endpointId: string): Promise<Record<(typeof PJSIP_TABLES)[number], Record<string, unknown>[]>> {
  const out = {} as Record<(typeof PJSIP_TABLES)[number], Record<string, unknown>[]>;
  for (const table of PJSIP_TABLES) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    out[table] = rows
      .filter((r) => r.id === endpointId || String(r.id ?? '').startsWith(`${endpointId}_`) || r.endpoint === endpointId)
      .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  }
  return out;
}
