import type { Kysely } from 'kysely';
import { T } from '../../../db/migration-helpers.js';

/** Users (global identity) and memberships (a user's role in a tenant). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('email', T.name, (c) => c.notNull().unique())
    .addColumn('name', T.name, (c) => c.notNull())
    .addColumn('password_hash', 'varchar(255)')
    .addColumn('phone', 'varchar(40)')
    .addColumn('avatar_url', 'varchar(1000)')
    .addColumn('is_superadmin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_login_at', T.ts)
    .addColumn('password_changed_at', T.ts)
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addColumn('deleted_at', T.ts)
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id'))
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addColumn('deleted_at', T.ts)
    .addUniqueConstraint('memberships_tenant_user_uq', ['tenant_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user_idx').on('memberships').column('user_id').execute();
  await db.schema.createIndex('memberships_tenant_role_idx').on('memberships').columns(['tenant_id', 'role', 'status']).execute();
}
