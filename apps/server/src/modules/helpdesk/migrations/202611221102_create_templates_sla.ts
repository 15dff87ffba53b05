import { type Kysely, sql } from 'kysely';
import { T, dialectOfDb } from '../../../db/migration-helpers.js';

/** Helpdesk templates (new tickets, canned replies) and SLA policies (business hours = a telephony schedule). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hd_templates')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('name', T.short, (c) => c.notNull())
    .addColumn('subject', T.name)
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('format', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('hd_templates_tenant_name_uq', ['tenant_id', 'name'])
    .execute();
  // Names are unique ignoring case (MariaDB's collation already compares that way).
  if (dialectOfDb(db) !== 'mysql') await sql`create unique index hd_templates_tenant_lower_name_uq on hd_templates (tenant_id, lower(name))`.execute(db);

  await db.schema
    .createTable('hd_sla_policies')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('name', T.short, (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('business_hours', 'integer', (c) => c.notNull())
    // The business-hours calendar is the telephony schedule (one calendar model).
    .addColumn('schedule_id', T.id, (c) => c.references('tel_schedules.id'))
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('hd_sla_policies_tenant_name_uq', ['tenant_id', 'name'])
    .execute();
  if (dialectOfDb(db) !== 'mysql') await sql`create unique index hd_sla_policies_tenant_lower_name_uq on hd_sla_policies (tenant_id, lower(name))`.execute(db);
  await db.schema.createIndex('hd_sla_policies_schedule_idx').on('hd_sla_policies').column('schedule_id').execute();
}
