import { type Kysely, sql } from 'kysely';
import { dialectOfDb, T } from '../../../db/migration-helpers.js';

/**
 * Switchboard's side of queues, IVR menus and voicemail boxes: what Asterisk has no column for
 * (display names, links to extensions, greetings) and the values the Asterisk rows (`queues`,
 * `queue_members`, `voicemail`) are written from. Destinations (a queue's overflow, a menu's
 * options) live in `tel_destinations`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const notMysql = dialectOfDb(db) !== 'mysql';

  await db.schema
    .createTable('tel_queues')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('name', T.short, (c) => c.notNull())
    // Asterisk's queue name: `<tenant>-<name slug>`, unique across tenants (queues.name is the key).
    .addColumn('asterisk_name', 'varchar(80)', (c) => c.notNull().unique())
    .addColumn('strategy', 'varchar(20)', (c) => c.notNull())
    .addColumn('ring_timeout', 'integer', (c) => c.notNull())
    .addColumn('retry', 'integer', (c) => c.notNull())
    .addColumn('wrapup_time', 'integer', (c) => c.notNull())
    .addColumn('max_length', 'integer', (c) => c.notNull())
    .addColumn('max_wait', 'integer')
    .addColumn('join_empty', 'varchar(10)', (c) => c.notNull())
    .addColumn('leave_when_empty', 'varchar(10)', (c) => c.notNull())
    .addColumn('announce_frequency', 'integer', (c) => c.notNull())
    .addColumn('announce_position', 'varchar(10)', (c) => c.notNull())
    .addColumn('announce_position_limit', 'integer', (c) => c.notNull())
    .addColumn('music_on_hold', 'varchar(80)', (c) => c.notNull())
    .addColumn('service_level', 'integer', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('tel_queues_tenant_name_uq', ['tenant_id', 'name'])
    .execute();
  // Names are unique ignoring case everywhere (MariaDB's collation already compares that way).
  if (notMysql) await sql`create unique index tel_queues_tenant_lower_name_uq on tel_queues (tenant_id, lower(name))`.execute(db);

  await db.schema
    .createTable('tel_queue_members')
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('queue_id', T.id, (c) => c.notNull().references('tel_queues.id'))
    .addColumn('extension_id', T.id, (c) => c.notNull())
    // The `queue_members.interface` written for this member (`PJSIP/<tenant>-<number>`).
    .addColumn('interface', 'varchar(80)', (c) => c.notNull())
    .addColumn('penalty', 'integer', (c) => c.notNull())
    .addColumn('paused', 'integer', (c) => c.notNull())
    .addColumn('pause_reason', 'varchar(80)')
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('tel_queue_members_pk', ['queue_id', 'extension_id'])
    .execute();
  await db.schema.createIndex('tel_queue_members_ext_idx').on('tel_queue_members').columns(['tenant_id', 'extension_id']).execute();

  const greetingColumns = <B extends { addColumn: (...a: any[]) => B }>(b: B): B =>
    b
      .addColumn('greeting_sha256', 'varchar(64)')
      .addColumn('greeting_content_type', 'varchar(40)')
      .addColumn('greeting_size', 'integer')
      .addColumn('greeting_file_name', T.name)
      .addColumn('greeting_uploaded_at', T.ts);

  await greetingColumns(
    db.schema
      .createTable('tel_ivr_menus')
      .addColumn('id', T.id, (c) => c.primaryKey())
      .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
      .addColumn('name', T.short, (c) => c.notNull())
      .addColumn('greeting_text', 'varchar(2000)')
      .addColumn('timeout_seconds', 'integer', (c) => c.notNull())
      .addColumn('repeat_count', 'integer', (c) => c.notNull()),
  )
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('tel_ivr_menus_tenant_name_uq', ['tenant_id', 'name'])
    .execute();
  if (notMysql) await sql`create unique index tel_ivr_menus_tenant_lower_name_uq on tel_ivr_menus (tenant_id, lower(name))`.execute(db);

  await greetingColumns(
    db.schema
      .createTable('tel_voicemail_boxes')
      .addColumn('id', T.id, (c) => c.primaryKey())
      .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
      .addColumn('mailbox', 'varchar(10)', (c) => c.notNull())
      .addColumn('name', 'varchar(80)', (c) => c.notNull())
      // The PIN Asterisk checks (its `voicemail.password` holds it in clear text too).
      .addColumn('pin', 'varchar(10)', (c) => c.notNull())
      .addColumn('email', 'varchar(80)')
      .addColumn('attach_audio', 'integer', (c) => c.notNull())
      .addColumn('delete_after_email', 'integer', (c) => c.notNull()),
  )
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('tel_voicemail_boxes_tenant_mailbox_uq', ['tenant_id', 'mailbox'])
    .execute();
}
