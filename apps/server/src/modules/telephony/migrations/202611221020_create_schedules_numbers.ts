import { type Kysely, sql } from 'kysely';
import { T, dialectOfDb } from '../../../db/migration-helpers.js';

/**
 * Schedules (time zone, weekly hours, holidays, one-off closures) and the tenant's phone numbers.
 * `tel_schedules` is Switchboard's one calendar model: numbers route on it, and the helpdesk's
 * business-hours calendars are to reuse it. A number's open/closed destinations live in
 * `tel_destinations` (owner `number`); its schedule is a column here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tel_schedules')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('name', T.short, (c) => c.notNull())
    .addColumn('timezone', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('tel_schedules_tenant_name_uq', ['tenant_id', 'name'])
    .execute();
  // Names are unique ignoring case: MariaDB's collation compares that way already.
  if (dialectOfDb(db) !== 'mysql') await sql`create unique index tel_schedules_tenant_lower_name_uq on tel_schedules (tenant_id, lower(name))`.execute(db);

  // Weekly open intervals in the schedule's local time (`HH:MM`, end exclusive, `24:00` allowed).
  await db.schema
    .createTable('tel_schedule_hours')
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('schedule_id', T.id, (c) => c.notNull().references('tel_schedules.id').onDelete('cascade'))
    .addColumn('day', 'varchar(3)', (c) => c.notNull())
    .addColumn('start_time', 'varchar(5)', (c) => c.notNull())
    .addColumn('end_time', 'varchar(5)', (c) => c.notNull())
    .addPrimaryKeyConstraint('tel_schedule_hours_pk', ['schedule_id', 'day', 'start_time'])
    .execute();
  await db.schema.createIndex('tel_schedule_hours_tenant_idx').on('tel_schedule_hours').column('tenant_id').execute();

  // Whole local days closed; `recurring` = every year on the date's month and day.
  await db.schema
    .createTable('tel_schedule_holidays')
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('schedule_id', T.id, (c) => c.notNull().references('tel_schedules.id').onDelete('cascade'))
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('name', T.short, (c) => c.notNull())
    .addColumn('recurring', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('tel_schedule_holidays_pk', ['schedule_id', 'date'])
    .execute();
  await db.schema.createIndex('tel_schedule_holidays_tenant_idx').on('tel_schedule_holidays').column('tenant_id').execute();

  // One-off closures between two UTC instants, `[starts_at, ends_at)`.
  await db.schema
    .createTable('tel_schedule_closures')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('schedule_id', T.id, (c) => c.notNull().references('tel_schedules.id').onDelete('cascade'))
    .addColumn('starts_at', T.ts, (c) => c.notNull())
    .addColumn('ends_at', T.ts, (c) => c.notNull())
    .addColumn('reason', 'varchar(200)')
    .execute();
  await db.schema.createIndex('tel_schedule_closures_schedule_idx').on('tel_schedule_closures').columns(['schedule_id', 'starts_at']).execute();
  await db.schema.createIndex('tel_schedule_closures_tenant_idx').on('tel_schedule_closures').column('tenant_id').execute();

  // A number belongs to one tenant on the whole platform: e164 is unique without tenant_id.
  // trunk_id names a `tel_trunks` row of the same tenant (checked by the API; that table comes
  // from another migration, so no foreign key). A schedule in use cannot be deleted.
  await db.schema
    .createTable('tel_numbers')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('e164', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('description', 'varchar(500)')
    .addColumn('trunk_id', T.id)
    .addColumn('sms_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sms_webhook_url', 'varchar(1000)')
    .addColumn('schedule_id', T.id, (c) => c.references('tel_schedules.id'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('tel_numbers_e164_uq', ['e164'])
    .execute();
  await db.schema.createIndex('tel_numbers_tenant_idx').on('tel_numbers').columns(['tenant_id', 'e164']).execute();
  await db.schema.createIndex('tel_numbers_schedule_idx').on('tel_numbers').columns(['tenant_id', 'schedule_id']).execute();
  await db.schema.createIndex('tel_numbers_trunk_idx').on('tel_numbers').columns(['tenant_id', 'trunk_id']).execute();
}
