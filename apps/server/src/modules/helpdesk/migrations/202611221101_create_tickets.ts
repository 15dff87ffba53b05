import type { Kysely } from 'kysely';
import { T, bigText } from '../../../db/migration-helpers.js';

/** Tickets, their tags, and their threaded messages with the edit history of internal notes. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tickets')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('number', 'varchar(30)', (c) => c.notNull())
    .addColumn('subject', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('priority', 'varchar(20)', (c) => c.notNull())
    .addColumn('category', 'varchar(100)')
    .addColumn('requester_id', T.id, (c) => c.references('contacts.id'))
    .addColumn('assignee_id', T.id, (c) => c.references('users.id'))
    .addColumn('team_id', T.id, (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('due_at', T.ts)
    .addColumn('first_response_at', T.ts)
    .addColumn('resolved_at', T.ts)
    .addColumn('closed_at', T.ts)
    .addColumn('created_by', T.id, (c) => c.references('users.id'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addColumn('deleted_at', T.ts)
    .addUniqueConstraint('tickets_tenant_seq_uq', ['tenant_id', 'seq'])
    .execute();
  await db.schema.createIndex('tickets_tenant_status_idx').on('tickets').columns(['tenant_id', 'status']).execute();
  await db.schema.createIndex('tickets_tenant_created_idx').on('tickets').columns(['tenant_id', 'created_at']).execute();
  await db.schema.createIndex('tickets_tenant_updated_idx').on('tickets').columns(['tenant_id', 'updated_at']).execute();
  await db.schema.createIndex('tickets_tenant_assignee_idx').on('tickets').columns(['tenant_id', 'assignee_id']).execute();
  await db.schema.createIndex('tickets_tenant_team_idx').on('tickets').columns(['tenant_id', 'team_id']).execute();
  await db.schema.createIndex('tickets_tenant_requester_idx').on('tickets').columns(['tenant_id', 'requester_id']).execute();

  await db.schema
    .createTable('ticket_tags')
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('ticket_id', T.id, (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('tag_id', T.id, (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_tags_pk', ['ticket_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('ticket_tags_tag_idx').on('ticket_tags').column('tag_id').execute();

  await db.schema
    .createTable('ticket_messages')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('ticket_id', T.id, (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('author_user_id', T.id, (c) => c.references('users.id'))
    .addColumn('author_contact_id', T.id, (c) => c.references('contacts.id'))
    .addColumn('internal', 'integer', (c) => c.notNull())
    .addColumn('format', 'varchar(10)', (c) => c.notNull())
    .addColumn('body', bigText(db), (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addColumn('edited_at', T.ts)
    .execute();
  await db.schema.createIndex('ticket_messages_ticket_idx').on('ticket_messages').columns(['tenant_id', 'ticket_id', 'created_at']).execute();

  await db.schema
    .createTable('ticket_message_revisions')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('message_id', T.id, (c) => c.notNull().references('ticket_messages.id').onDelete('cascade'))
    .addColumn('format', 'varchar(10)', (c) => c.notNull())
    .addColumn('body', bigText(db), (c) => c.notNull())
    .addColumn('edited_by', T.id, (c) => c.references('users.id'))
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_message_revisions_msg_idx').on('ticket_message_revisions').columns(['message_id', 'created_at']).execute();
}
