import type { Kysely } from 'kysely';
import { T } from '../../../db/migration-helpers.js';

/**
 * Ticket attachments, and the content-addressed files behind them. A file is stored once by its
 * SHA-256 whoever uploads it; its `stored_files` row is the lock that uploads and purges take on
 * that hash, so a purge never deletes a file that a concurrent upload is about to reference.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stored_files')
    .addColumn('sha256', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('last_used_at', T.ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ticket_attachments')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    // No cascades: rows go with the ticket's purge, which also releases their files.
    .addColumn('ticket_id', T.id, (c) => c.notNull().references('tickets.id'))
    .addColumn('message_id', T.id, (c) => c.references('ticket_messages.id'))
    .addColumn('filename', T.name, (c) => c.notNull())
    .addColumn('content_type', T.short, (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull().references('stored_files.sha256'))
    .addColumn('created_by', T.id, (c) => c.references('users.id'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_attachments_ticket_idx').on('ticket_attachments').columns(['tenant_id', 'ticket_id', 'created_at']).execute();
  await db.schema.createIndex('ticket_attachments_message_idx').on('ticket_attachments').column('message_id').execute();
  await db.schema.createIndex('ticket_attachments_sha_idx').on('ticket_attachments').column('sha256').execute();
}
