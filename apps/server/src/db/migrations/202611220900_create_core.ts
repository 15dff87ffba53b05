import type { Kysely } from 'kysely';
import { T, bigText } from '../migration-helpers.js';

/** Tenants, per-tenant counters and the email outbox: what every module stands on. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', T.slug, (c) => c.primaryKey())
    .addColumn('name', T.name, (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('trial_ends_at', T.ts)
    .addColumn('limits', 'text', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addColumn('deleted_at', T.ts)
    .execute();
  await db.schema.createIndex('tenants_status_idx').on('tenants').column('status').execute();
  await db.schema.createIndex('tenants_name_idx').on('tenants').column('name').execute();

  await db.schema
    .createTable('tenant_counters')
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tenant_counters_pk', ['tenant_id', 'name'])
    .execute();

  await db.schema
    .createTable('email_outbox')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.references('tenants.id'))
    .addColumn('to_address', T.name, (c) => c.notNull())
    .addColumn('subject', 'varchar(500)', (c) => c.notNull())
    .addColumn('body_text', bigText(db), (c) => c.notNull())
    .addColumn('body_html', bigText(db))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_at', T.ts)
    .addColumn('last_error', 'text')
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('sent_at', T.ts)
    .execute();
  await db.schema.createIndex('email_outbox_tenant_idx').on('email_outbox').column('tenant_id').execute();
  await db.schema.createIndex('email_outbox_status_idx').on('email_outbox').columns(['status', 'created_at']).execute();
}
