import type { Kysely } from 'kysely';
import { T } from '../migration-helpers.js';

/**
 * The outbox carries what threaded mail needs: its own sender (a helpdesk channel's address),
 * CC recipients, Message-ID / In-Reply-To / References, and extra headers (Auto-Submitted on
 * notifications). Null keeps the old behaviour (SMTP_FROM, no CC, a generated Message-ID).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('email_outbox').addColumn('from_address', T.name).execute();
  await db.schema.alterTable('email_outbox').addColumn('cc', 'text').execute();
  await db.schema.alterTable('email_outbox').addColumn('message_id', T.name).execute();
  await db.schema.alterTable('email_outbox').addColumn('in_reply_to', T.name).execute();
  await db.schema.alterTable('email_outbox').addColumn('references_ids', 'text').execute();
  await db.schema.alterTable('email_outbox').addColumn('headers', 'text').execute();
}
