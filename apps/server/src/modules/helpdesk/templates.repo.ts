import type { Template } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import { contains } from '../../db/query.js';
import type { DB } from '../../db/schema.js';
import { conflict } from '../../http/errors.js';

const COLUMNS = ['id', 'kind', 'name', 'subject', 'body', 'format', 'created_at', 'updated_at'] as const;

export async function getTemplate(db: Kysely<DB>, tenantId: string, id: string): Promise<Template | undefined> {
  return (await db.selectFrom('hd_templates').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()) as
    | Template
    | undefined;
}

export async function listTemplates(db: Kysely<DB>, tenantId: string, f: { kind?: string; q?: string; page: number; page_size: number }) {
  let q = db.selectFrom('hd_templates').where('tenant_id', '=', tenantId);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.q) q = q.where(contains('name', f.q));
  const [total, rows] = await Promise.all([
    q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    q
      .select(COLUMNS)
      .orderBy(sql`lower(${sql.ref('name')})`)
      .orderBy('id')
      .limit(f.page_size)
      .offset((f.page - 1) * f.page_size)
      .execute(),
  ]);
  return { rows: rows as Template[], total: Number(total.n) };
}

export const templateNameTaken = () => conflict('A template with this name exists', [{ field: 'name', message: 'already exists' }]);

/** Names are unique per tenant ignoring case, on every database (the unique indexes back this up). */
export async function assertTemplateNameFree(db: Kysely<DB>, tenantId: string, name: string, exceptId?: string): Promise<void> {
  let q = db
    .selectFrom('hd_templates')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where(sql<string>`lower(${sql.ref('name')})`, '=', name.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw templateNameTaken();
}
