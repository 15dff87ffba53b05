import { Readable } from 'node:stream';
import { CONTACT_CSV_COLUMNS, CreateContactBody, type Contact } from '@switchboard/shared';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../../db/schema.js';
import { type FieldError, validation } from '../../http/errors.js';
import { now } from '../../http/pagination.js';
import { insertContact } from './repo.js';

export const MAX_IMPORT_ROWS = 10_000;

/**
 * Import contacts from CSV in one transaction: every row is validated first and, if any row is
 * bad, nothing is written and every row error is reported (422). Tags are `;`-separated names;
 * unknown tag names are created.
 */
export async function importContactsCsv(trx: Kysely<DB>, tenantId: string, text: string): Promise<number> {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    throw validation(`The file is not valid CSV: ${(err as Error).message}`, [{ field: 'file', message: 'not valid CSV' }], 422);
  }
  if (!records.length) throw validation('The file has no data rows', [{ field: 'file', message: 'no data rows' }], 422);
  if (records.length > MAX_IMPORT_ROWS) throw validation(`At most ${MAX_IMPORT_ROWS} rows per import`, [{ field: 'file', message: 'too many rows' }], 422);
  const header = Object.keys(records[0]);
  const unknown = header.filter((h) => !(CONTACT_CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length || !header.includes('first_name'))
    throw validation(
      `Columns must be among ${CONTACT_CSV_COLUMNS.join(', ')} and include first_name`,
      [...unknown.map((h) => ({ field: `column ${h}`, message: 'unknown column' })), ...(header.includes('first_name') ? [] : [{ field: 'column first_name', message: 'missing' }])],
      422,
    );

  const errors: FieldError[] = [];
  const rows: { fields: ReturnType<typeof CreateContactBody.parse>; tags: string[] }[] = [];
  records.forEach((rec, i) => {
    const { tags = '', ...fields } = rec;
    const input = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === '' ? null : restoreFormula(v)]));
    const parsed = CreateContactBody.safeParse(input);
    const tagNames = restoreFormula(tags).split(';').map((t) => t.trim()).filter(Boolean);
    for (const t of tagNames) if (t.length > 50) errors.push({ field: `row ${i + 1}: tags`, message: `tag "${t.slice(0, 20)}…" is longer than 50` });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ field: `row ${i + 1}: ${issue.path.join('.')}`, message: issue.message });
    } else rows.push({ fields: parsed.data, tags: tagNames });
  });
  if (errors.length) throw validation(`${errors.length} problem(s) in the file; nothing was imported`, errors, 422);

  const tagIds = await ensureTags(trx, tenantId, [...new Set(rows.flatMap((r) => r.tags))]);
  for (const r of rows) {
    await insertContact(trx, tenantId, { ...r.fields, tag_ids: r.tags.map((t) => tagIds.get(t.toLowerCase()) as string) });
  }
  return rows.length;
}

/** Ids of tags by (case-insensitive) name, creating the missing ones. */
async function ensureTags(trx: Kysely<DB>, tenantId: string, names: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!names.length) return out;
  const existing = await trx.selectFrom('tags').select(['id', 'name']).where('tenant_id', '=', tenantId).execute();
  for (const t of existing) out.set(t.name.toLowerCase(), t.id);
  for (const name of names) {
    if (out.has(name.toLowerCase())) continue;
    const id = uuidv7();
    const at = now();
    await trx.insertInto('tags').values({ id, tenant_id: tenantId, name, color: null, created_at: at, updated_at: at }).execute();
    out.set(name.toLowerCase(), id);
  }
  return out;
}

// A cell starting with = + - @ (or tab/CR) runs as a formula when the file is opened in a
// spreadsheet (CSV injection). Export prefixes such text with an apostrophe, which spreadsheets
// show as text; import strips it again, so an exported file imports to the same contacts. Phone
// numbers are validated digits and never need it.
const FORMULA_START = /^[=+\-@\t\r]/;
function neutralizeFormula(v: string): string {
  return FORMULA_START.test(v) ? `'${v}` : v;
}
function restoreFormula(v: string): string {
  return v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v;
}

/** Stream contacts as CSV with the import's columns (a file exported can be imported again). */
export function contactsToCsv(contacts: AsyncIterable<Contact>): Readable {
  async function* rows() {
    for await (const c of contacts) {
      yield {
        first_name: neutralizeFormula(c.first_name),
        last_name: neutralizeFormula(c.last_name ?? ''),
        email: neutralizeFormula(c.email ?? ''),
        phone: c.phone ?? '',
        company: neutralizeFormula(c.company ?? ''),
        notes: neutralizeFormula(c.notes ?? ''),
        tags: neutralizeFormula(c.tags.map((t) => t.name).join(';')),
      };
    }
  }
  return Readable.from(rows()).pipe(stringify({ header: true, columns: [...CONTACT_CSV_COLUMNS] }));
}
