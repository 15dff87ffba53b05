import { type Kysely, sql } from 'kysely';
import { T, dialectOfDb } from '../../../db/migration-helpers.js';

/** Teams (named groups of a tenant's users) and their members. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('description', 'varchar(1000)')
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('teams_tenant_name_uq', ['tenant_id', 'name'])
    .execute();
  // Names are unique ignoring case: MariaDB's collation does it, the others need an expression index.
  if (dialectOfDb(db) !== 'mysql') await sql`create unique index teams_tenant_lower_name_uq on teams (tenant_id, lower(name))`.execute(db);

  await db.schema
    .createTable('team_members')
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('team_id', T.id, (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('team_members_user_idx').on('team_members').columns(['tenant_id', 'user_id']).execute();
}
