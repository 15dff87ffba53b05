import type { Contact, Tag } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/index.js';
import type { ContactsTable, DB } from '../../db/schema.js';
import { contains } from '../../db/query.js';
import { conflict, notFound } from '../../http/errors.js';
import { now, parseSort } from '../../http/pagination.js';

type TagRef = Pick<Tag, 'id' | 'name' | 'color'>;

export interface ContactFields {
  first_name?: string;
  last_name?: string | null;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  notes?: string | null;
  tag_ids?: string[];
}

function toContact(r: ContactsTable, tags: TagRef[]): Contact {
  const { tenant_id: _t, deleted_at: _d, ...rest } = r;
  return { ...rest, tags };
}

/** Tags of many contacts in one query (lists stay at a fixed number of queries). */
async function tagsOf(db: Kysely<DB>, tenantId: string, contactIds: string[]): Promise<Map<string, TagRef[]>> {
  const out = new Map<string, TagRef[]>(contactIds.map((id) => [id, []]));
  if (!contactIds.length) return out;
  const rows = await db
    .selectFrom('contact_tags as ct')
    .innerJoin('tags as t', 't.id', 'ct.tag_id')
    .select(['ct.contact_id', 't.id', 't.name', 't.color'])
    .where('ct.tenant_id', '=', tenantId)
    .where('ct.contact_id', 'in', contactIds)
    .orderBy(sql`lower(${sql.ref('t.name')})`)
    .execute();
  for (const r of rows) out.get(r.contact_id)?.push({ id: r.id, name: r.name, color: r.color });
  return out;
}

export async function getContact(db: Kysely<DB>, tenantId: string, id: string): Promise<Contact | undefined> {
  const r = await db.selectFrom('contacts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!r) return undefined;
  return toContact(r, (await tagsOf(db, tenantId, [id])).get(id) ?? []);
}

/** Tag ids must all be the tenant's own; an unknown one is a field error, not a silent skip. */
export async function assertTagsExist(db: Kysely<DB>, tenantId: string, tagIds: string[]): Promise<void> {
  if (!tagIds.length) return;
  const found = await db.selectFrom('tags').select('id').where('tenant_id', '=', tenantId).where('id', 'in', tagIds).execute();
  const known = new Set(found.map((t) => t.id));
  const missing = tagIds.filter((id) => !known.has(id));
  if (missing.length) throw conflict('Unknown tag', missing.map((id) => ({ field: 'tag_ids', message: `tag ${id} not found` })));
}

export async function setContactTags(db: Kysely<DB>, tenantId: string, contactId: string, tagIds: string[]): Promise<void> {
  await db.deleteFrom('contact_tags').where('tenant_id', '=', tenantId).where('contact_id', '=', contactId).execute();
  const unique = [...new Set(tagIds)];
  if (unique.length)
    await db
      .insertInto('contact_tags')
      .values(unique.map((tag_id) => ({ tenant_id: tenantId, contact_id: contactId, tag_id, created_at: now() })))
      .execute();
}

export async function insertContact(db: Kysely<DB>, tenantId: string, f: ContactFields & { first_name: string }): Promise<string> {
  const at = now();
  const id = uuidv7();
  await db
    .insertInto('contacts')
    .values({
      id,
      tenant_id: tenantId,
      first_name: f.first_name,
      last_name: f.last_name ?? null,
      email: f.email ?? null,
      phone: f.phone ?? null,
      company: f.company ?? null,
      notes: f.notes ?? null,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    })
    .execute();
  if (f.tag_ids?.length) await setContactTags(db, tenantId, id, f.tag_ids);
  return id;
}

export async function updateContact(db: Kysely<DB>, tenantId: string, id: string, f: ContactFields): Promise<void> {
  const { tag_ids, ...fields } = f;
  await db.updateTable('contacts').set({ ...fields, updated_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  if (tag_ids) await setContactTags(db, tenantId, id, tag_ids);
}

export async function addContactTag(db: Kysely<DB>, tenantId: string, contactId: string, tagId: string): Promise<void> {
  const tag = await db.selectFrom('tags').select('id').where('tenant_id', '=', tenantId).where('id', '=', tagId).executeTakeFirst();
  if (!tag) throw notFound('Tag');
  const linked = await db.selectFrom('contact_tags').select('tag_id').where('contact_id', '=', contactId).where('tag_id', '=', tagId).executeTakeFirst();
  if (!linked) await db.insertInto('contact_tags').values({ tenant_id: tenantId, contact_id: contactId, tag_id: tagId, created_at: now() }).execute();
  await db.updateTable('contacts').set({ updated_at: now() }).where('id', '=', contactId).execute();
}

export interface ContactListFilter {
  q?: string;
  tag_id?: string;
  sort: string;
  page: number;
  page_size: number;
}

export function createContactRepo(db: Database) {
  function filtered(tenantId: string, f: Omit<ContactListFilter, 'sort' | 'page' | 'page_size'>) {
    let q = db.selectFrom('contacts as c').where('c.tenant_id', '=', tenantId).where('c.deleted_at', 'is', null);
    if (f.q) {
      const text = f.q;
      q = q.where((e) =>
        e.or([contains('c.first_name', text), contains('c.last_name', text), contains('c.email', text), contains('c.phone', text), contains('c.company', text)]),
      );
    }
    if (f.tag_id) {
      const tagId = f.tag_id;
      q = q.where((e) => e.exists(e.selectFrom('contact_tags as ct').select('ct.tag_id').whereRef('ct.contact_id', '=', 'c.id').where('ct.tag_id', '=', tagId)));
    }
    return q;
  }
  return {
    /** One page: exactly three queries (count, rows, their tags) whatever the page size. */
    async list(tenantId: string, f: ContactListFilter) {
      const q = filtered(tenantId, f);
      const [col, dir] = parseSort<'name' | 'created_at' | 'updated_at'>(f.sort);
      let page = q.selectAll('c');
      // Names sort case-insensitively, and a missing last name first, the same on every database
      // (PostgreSQL and SQLite compare bytes and place NULLs differently; MariaDB's collation ignores case).
      page =
        col === 'name'
          ? page.orderBy(sql`lower(${sql.ref('c.first_name')})`, dir).orderBy(sql`lower(coalesce(${sql.ref('c.last_name')}, ''))`, dir)
          : page.orderBy(`c.${col}`, dir);
      const [total, rows] = await Promise.all([
        q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
        page.orderBy('c.id').limit(f.page_size).offset((f.page - 1) * f.page_size).execute(),
      ]);
      const tags = await tagsOf(db, tenantId, rows.map((r) => r.id));
      return { rows: rows.map((r) => toContact(r, tags.get(r.id) ?? [])), total: total.n };
    },
    /** Every matching contact, streamed in pages of 500 for CSV export. */
    async *all(tenantId: string, f: Omit<ContactListFilter, 'sort' | 'page' | 'page_size'>) {
      let after = '';
      for (;;) {
        const rows = await filtered(tenantId, f).selectAll('c').where('c.id', '>', after).orderBy('c.id').limit(500).execute();
        if (!rows.length) return;
        const tags = await tagsOf(db, tenantId, rows.map((r) => r.id));
        for (const r of rows) yield toContact(r, tags.get(r.id) ?? []);
        after = rows[rows.length - 1].id;
      }
    },
  };
}
