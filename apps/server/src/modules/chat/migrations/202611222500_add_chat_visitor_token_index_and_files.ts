import type { Kysely } from 'kysely';
import { T } from '../../../db/migration-helpers.js';

/**
 * The visitor socket and the visitor REST calls find a session by the hash of its token alone
 * (the token is the visitor's only credential): one row per hash, found by index.
 *
 * Files sent in chats: one row per file, its bytes in the content-addressed file store
 * (`stored_files`, shared with ticket attachments: same bytes, one copy). A message carries at
 * most one file (`chat_messages.attachment_id`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('chat_sessions_visitor_token_uq').on('chat_sessions').column('visitor_token_hash').unique().execute();

  await db.schema
    .createTable('chat_files')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('session_id', T.id, (c) => c.notNull().references('chat_sessions.id').onDelete('cascade'))
    .addColumn('filename', T.name, (c) => c.notNull())
    .addColumn('content_type', T.short, (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    // visitor | agent
    .addColumn('uploaded_by', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_by', T.id, (c) => c.references('users.id'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chat_files_session_idx').on('chat_files').columns(['tenant_id', 'session_id']).execute();
  await db.schema.createIndex('chat_files_sha_idx').on('chat_files').column('sha256').execute();
}
