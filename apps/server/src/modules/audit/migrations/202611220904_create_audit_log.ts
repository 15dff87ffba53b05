import type { Kysely } from 'kysely';
import { T, bigText } from '../../../db/migration-helpers.js';

/** The audit trail: one row per write. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.references('tenants.id'))
    .addColumn('actor_user_id', T.id, (c) => c.references('users.id'))
    .addColumn('actor_email', T.name)
    .addColumn('action', T.short, (c) => c.notNull())
    .addColumn('entity_type', 'varchar(50)', (c) => c.notNull())
    .addColumn('entity_id', T.id)
    .addColumn('before', bigText(db))
    .addColumn('after', bigText(db))
    .addColumn('ip', 'varchar(64)')
    .addColumn('request_id', T.short)
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_tenant_created_idx').on('audit_log').columns(['tenant_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('audit_log_tenant_entity_idx').on('audit_log').columns(['tenant_id', 'entity_type', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_tenant_action_idx').on('audit_log').columns(['tenant_id', 'action']).execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').column('actor_user_id').execute();
}
