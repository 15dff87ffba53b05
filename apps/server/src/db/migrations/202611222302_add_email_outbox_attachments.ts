import type { Kysely } from 'kysely';

/** Files sent with an outbox message: JSON `[{ filename, content_type, path }]` (helpdesk replies with attachments). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('email_outbox').addColumn('attachments', 'text').execute();
}
