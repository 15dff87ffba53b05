import type { Kysely } from 'kysely';
import { T } from '../../../db/migration-helpers.js';

/** Rotating refresh tokens (stored hashed, grouped in families) and password-reset tokens. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('family_id', T.id, (c) => c.notNull())
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id'))
    .addColumn('tenant_id', T.slug, (c) => c.references('tenants.id'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('expires_at', T.ts, (c) => c.notNull())
    .addColumn('used_at', T.ts)
    .addColumn('revoked_at', T.ts)
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refresh_tokens_family_idx').on('refresh_tokens').column('family_id').execute();
  await db.schema.createIndex('refresh_tokens_user_idx').on('refresh_tokens').column('user_id').execute();
  await db.schema.createIndex('refresh_tokens_tenant_idx').on('refresh_tokens').column('tenant_id').execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('expires_at', T.ts, (c) => c.notNull())
    .addColumn('used_at', T.ts)
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').column('user_id').execute();
}
