import type { Kysely } from 'kysely';
import { T, bigText } from '../../../db/migration-helpers.js';

/**
 * Live chat: widgets (what a website embeds), visitor sessions and their messages, agent
 * availability and skills, offers (auto-accept off) and transfers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('chat_widgets')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    // The public key in the embed snippet; globally unique, not guessable.
    .addColumn('key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', T.short, (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    // JSON: colors, position, welcome message, placeholder, avatar.
    .addColumn('appearance', 'text', (c) => c.notNull())
    // JSON: typing indicator, read receipts, file upload, emoji, require name/email, pre-chat fields.
    .addColumn('behaviour', 'text', (c) => c.notNull())
    .addColumn('default_team_id', T.id, (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('default_assignee_id', T.id, (c) => c.references('users.id'))
    .addColumn('auto_assign', 'integer', (c) => c.notNull())
    // least_busy | round_robin | team | skills
    .addColumn('strategy', 'varchar(20)', (c) => c.notNull())
    // JSON array of skill names an agent needs (strategy `skills`).
    .addColumn('required_skills', 'text', (c) => c.notNull())
    // Seconds an agent has to accept an offer when auto-accept is off.
    .addColumn('offer_timeout_seconds', 'integer', (c) => c.notNull())
    // Business hours: a telephony schedule (the one calendar model); null = always open.
    .addColumn('schedule_id', T.id, (c) => c.references('tel_schedules.id'))
    .addColumn('offline_message', 'text')
    // JSON arrays: allowed page domains (wildcards like *.example.com) and visitor IP allowlist (CIDR).
    .addColumn('allowed_domains', 'text', (c) => c.notNull())
    .addColumn('ip_allowlist', 'text', (c) => c.notNull())
    .addColumn('locale', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addColumn('deleted_at', T.ts)
    .execute();
  await db.schema.createIndex('chat_widgets_tenant_idx').on('chat_widgets').column('tenant_id').execute();

  await db.schema
    .createTable('chat_sessions')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('widget_id', T.id, (c) => c.notNull().references('chat_widgets.id'))
    // queued | active | ended | abandoned
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    // sha256 of the visitor token (the token reads only this session).
    .addColumn('visitor_token_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('visitor_name', T.name)
    .addColumn('visitor_email', T.name)
    .addColumn('visitor_phone', 'varchar(40)')
    .addColumn('visitor_ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(500)')
    .addColumn('referrer', 'varchar(2000)')
    .addColumn('current_url', 'varchar(2000)')
    // JSON: answers to the widget's pre-chat fields.
    .addColumn('prechat', 'text', (c) => c.notNull())
    .addColumn('contact_id', T.id, (c) => c.references('contacts.id'))
    .addColumn('agent_id', T.id, (c) => c.references('users.id'))
    .addColumn('team_id', T.id, (c) => c.references('teams.id').onDelete('set null'))
    // Messages so far: the per-session message sequence (bumped in the writing transaction).
    .addColumn('message_seq', 'integer', (c) => c.notNull())
    .addColumn('queued_at', T.ts, (c) => c.notNull())
    .addColumn('assigned_at', T.ts)
    .addColumn('first_response_at', T.ts)
    .addColumn('ended_at', T.ts)
    // visitor | agent | system (timeout, abandoned)
    .addColumn('ended_by', 'varchar(20)')
    .addColumn('rating', 'integer')
    .addColumn('rating_comment', 'text')
    .addColumn('ticket_id', T.id, (c) => c.references('tickets.id').onDelete('set null'))
    // Last message seq each side has read (read receipts).
    .addColumn('visitor_read_seq', 'integer', (c) => c.notNull())
    .addColumn('agent_read_seq', 'integer', (c) => c.notNull())
    .addColumn('last_visitor_activity_at', T.ts)
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chat_sessions_queue_idx').on('chat_sessions').columns(['tenant_id', 'status', 'queued_at']).execute();
  await db.schema.createIndex('chat_sessions_agent_idx').on('chat_sessions').columns(['tenant_id', 'agent_id', 'status']).execute();
  await db.schema.createIndex('chat_sessions_created_idx').on('chat_sessions').columns(['tenant_id', 'created_at']).execute();

  await db.schema
    .createTable('chat_messages')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('session_id', T.id, (c) => c.notNull().references('chat_sessions.id').onDelete('cascade'))
    // Gap-free per session: what a visitor resumes after.
    .addColumn('seq', 'integer', (c) => c.notNull())
    // visitor | agent | system
    .addColumn('author_type', 'varchar(10)', (c) => c.notNull())
    .addColumn('author_user_id', T.id, (c) => c.references('users.id'))
    // Plain text always (rendered as text on both sides).
    .addColumn('body', bigText(db), (c) => c.notNull())
    // Optional file: an id in the attachments store (helpdesk attachments service).
    .addColumn('attachment_id', T.id)
    // A client-chosen id so a resent message (after a reconnect) is stored once.
    .addColumn('client_id', 'varchar(64)')
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('chat_messages_session_seq_uq', ['session_id', 'seq'])
    .addUniqueConstraint('chat_messages_session_client_uq', ['session_id', 'client_id'])
    .execute();
  await db.schema.createIndex('chat_messages_tenant_idx').on('chat_messages').columns(['tenant_id', 'created_at']).execute();

  await db.schema
    .createTable('chat_agents')
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id'))
    // online | away | offline (what the agent chose)
    .addColumn('availability', 'varchar(10)', (c) => c.notNull())
    .addColumn('max_chats', 'integer', (c) => c.notNull())
    // Active chats now: taken and given back with conditional updates so capacity holds under races.
    .addColumn('active_chats', 'integer', (c) => c.notNull())
    .addColumn('auto_accept', 'integer', (c) => c.notNull())
    // Presence: refreshed by the node holding the agent's socket; stale = gone (node died).
    .addColumn('heartbeat_at', T.ts)
    // Round-robin: when this agent last got a chat.
    .addColumn('last_assigned_at', T.ts)
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_agents_pk', ['tenant_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('agent_skills')
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id'))
    .addColumn('skill', T.short, (c) => c.notNull())
    // 1 (basic) … 5 (expert)
    .addColumn('level', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('agent_skills_pk', ['tenant_id', 'user_id', 'skill'])
    .execute();
  await db.schema.createIndex('agent_skills_skill_idx').on('agent_skills').columns(['tenant_id', 'skill']).execute();

  await db.schema
    .createTable('chat_offers')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('session_id', T.id, (c) => c.notNull().references('chat_sessions.id').onDelete('cascade'))
    .addColumn('user_id', T.id, (c) => c.notNull().references('users.id'))
    // pending | accepted | declined | expired
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('expires_at', T.ts, (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('resolved_at', T.ts)
    .execute();
  await db.schema.createIndex('chat_offers_session_idx').on('chat_offers').columns(['tenant_id', 'session_id', 'status']).execute();
  await db.schema.createIndex('chat_offers_expiry_idx').on('chat_offers').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('chat_transfers')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('session_id', T.id, (c) => c.notNull().references('chat_sessions.id').onDelete('cascade'))
    .addColumn('from_user_id', T.id, (c) => c.references('users.id'))
    .addColumn('to_user_id', T.id, (c) => c.references('users.id'))
    .addColumn('to_team_id', T.id, (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('reason', 'varchar(500)')
    // pending | accepted | rejected | expired
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('expires_at', T.ts, (c) => c.notNull())
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('resolved_at', T.ts)
    .execute();
  await db.schema.createIndex('chat_transfers_session_idx').on('chat_transfers').columns(['tenant_id', 'session_id']).execute();
}
