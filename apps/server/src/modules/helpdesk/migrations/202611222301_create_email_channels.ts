import { type Kysely, sql } from 'kysely';
import { T, dialectOfDb } from '../../../db/migration-helpers.js';

/**
 * Helpdesk email: channels (support address, IMAP mailbox, inbound token), every email message
 * we took in or sent (threading by Message-ID, and the once-only guarantee: one row per
 * Message-ID per channel), and the CCs of tickets.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hd_email_channels')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('name', T.short, (c) => c.notNull())
    .addColumn('address', T.name, (c) => c.notNull())
    .addColumn('from_name', T.short)
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('imap_host', T.name)
    .addColumn('imap_port', 'integer')
    .addColumn('imap_tls', 'integer', (c) => c.notNull())
    .addColumn('imap_user', T.name)
    // AES-256-GCM with a key derived from JWT_SECRET (email-crypto.ts); never returned.
    .addColumn('imap_password', 'text')
    .addColumn('imap_mailbox', T.name, (c) => c.notNull())
    // Where the poller stopped: UIDs above imap_last_uid are new while UIDVALIDITY stays the same.
    .addColumn('imap_uid_validity', 'varchar(20)')
    .addColumn('imap_last_uid', 'bigint')
    .addColumn('imap_last_polled_at', T.ts)
    .addColumn('imap_last_error', 'text')
    // One node reads a mailbox at a time: a lease taken with a conditional UPDATE.
    .addColumn('poll_lease_owner', T.id)
    .addColumn('poll_lease_until', T.ts)
    // sha256 of the raw-MIME endpoint's token (the token itself is shown once).
    .addColumn('inbound_token_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('inbound_token_hint', 'varchar(8)', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('hd_email_channels_tenant_name_uq', ['tenant_id', 'name'])
    .addUniqueConstraint('hd_email_channels_tenant_address_uq', ['tenant_id', 'address'])
    .addUniqueConstraint('hd_email_channels_token_uq', ['inbound_token_hash'])
    .execute();
  if (dialectOfDb(db) !== 'mysql') await sql`create unique index hd_email_channels_tenant_lower_name_uq on hd_email_channels (tenant_id, lower(name))`.execute(db);

  await db.schema
    .createTable('hd_email_messages')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('channel_id', T.id, (c) => c.references('hd_email_channels.id').onDelete('set null'))
    .addColumn('ticket_id', T.id, (c) => c.references('tickets.id').onDelete('cascade'))
    .addColumn('ticket_message_id', T.id, (c) => c.references('ticket_messages.id').onDelete('cascade'))
    .addColumn('direction', 'varchar(3)', (c) => c.notNull())
    .addColumn('message_id', T.name, (c) => c.notNull())
    .addColumn('in_reply_to', T.name)
    .addColumn('from_address', T.name)
    .addColumn('subject', 'varchar(500)')
    .addColumn('outcome', 'varchar(20)', (c) => c.notNull())
    .addColumn('reason', T.name)
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('hd_email_messages_once_uq', ['tenant_id', 'channel_id', 'message_id'])
    .execute();
  await db.schema.createIndex('hd_email_messages_msgid_idx').on('hd_email_messages').columns(['tenant_id', 'message_id']).execute();
  await db.schema.createIndex('hd_email_messages_ticket_idx').on('hd_email_messages').columns(['tenant_id', 'ticket_id', 'created_at']).execute();

  await db.schema
    .createTable('hd_ticket_ccs')
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('ticket_id', T.id, (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('email', T.name, (c) => c.notNull())
    .addColumn('name', T.name)
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('hd_ticket_ccs_pk', ['ticket_id', 'email'])
    .execute();
}
