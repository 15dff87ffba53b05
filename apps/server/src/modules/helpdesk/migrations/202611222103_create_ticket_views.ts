import { type Kysely, sql } from 'kysely';
import { T, dialectOfDb } from '../../../db/migration-helpers.js';

/** Saved ticket list views, each owned by one user in one tenant. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ticket_views')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', T.short, (c) => c.notNull())
    // The list query parameters as JSON (status, priority, assignee_id, q, created_from, …).
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('sort', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('ticket_views_owner_name_uq', ['tenant_id', 'user_id', 'name'])
    .execute();
  // Names are unique per user ignoring case (MariaDB's collation already compares that way).
  if (dialectOfDb(db) !== 'mysql')
    await sql`create unique index ticket_views_owner_lower_name_uq on ticket_views (tenant_id, user_id, lower(name))`.execute(db);
}
