import { type Kysely, sql } from 'kysely';
import { T, dialectOfDb } from '../../../db/migration-helpers.js';

/** Contacts, tags (shared with later modules) and the contact↔tag link. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contacts')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('first_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('last_name', 'varchar(100)')
    .addColumn('email', T.name)
    .addColumn('phone', 'varchar(40)')
    .addColumn('company', 'varchar(200)')
    .addColumn('notes', 'text')
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addColumn('deleted_at', T.ts)
    .execute();
  await db.schema.createIndex('contacts_tenant_name_idx').on('contacts').columns(['tenant_id', 'first_name', 'last_name']).execute();
  await db.schema.createIndex('contacts_tenant_email_idx').on('contacts').columns(['tenant_id', 'email']).execute();
  await db.schema.createIndex('contacts_tenant_phone_idx').on('contacts').columns(['tenant_id', 'phone']).execute();
  await db.schema.createIndex('contacts_tenant_created_idx').on('contacts').columns(['tenant_id', 'created_at']).execute();
  await db.schema.createIndex('contacts_tenant_updated_idx').on('contacts').columns(['tenant_id', 'updated_at']).execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .addColumn('color', 'varchar(7)')
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('tags_tenant_name_uq', ['tenant_id', 'name'])
    .execute();
  // Tag names are unique ignoring case. MariaDB's default collation already compares that way;
  // PostgreSQL and SQLite need an expression index so two concurrent creates cannot both win.
  if (dialectOfDb(db) !== 'mysql') await sql`create unique index tags_tenant_lower_name_uq on tags (tenant_id, lower(name))`.execute(db);

  await db.schema
    .createTable('contact_tags')
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('contact_id', T.id, (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('tag_id', T.id, (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_tags_pk', ['contact_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('contact_tags_tag_idx').on('contact_tags').column('tag_id').execute();
  await db.schema.createIndex('contact_tags_tenant_idx').on('contact_tags').column('tenant_id').execute();
}
