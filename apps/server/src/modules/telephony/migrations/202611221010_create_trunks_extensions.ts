import type { Kysely } from 'kysely';
import { T } from '../../../db/migration-helpers.js';

/**
 * SIP trunks and extensions: Switchboard's source of truth for the PJSIP rows (`ps_endpoints`,
 * `ps_auths`, `ps_aors`, `ps_registrations`, `ps_endpoint_id_ips`) written from them in the same
 * transaction. Secrets are kept here too (Asterisk needs them in clear text in `ps_auths` anyway),
 * so that the Asterisk rows can always be rebuilt from these tables; the API never returns them
 * except an extension's generated password, once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tel_trunks')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('name', T.short, (c) => c.notNull())
    // `<tenant>-trunk-<name slug>`: the id of its ps_endpoints/ps_aors/ps_registrations rows.
    .addColumn('endpoint_id', T.short, (c) => c.notNull().unique())
    .addColumn('host', T.name, (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('transport', 'varchar(10)', (c) => c.notNull())
    .addColumn('register', 'integer', (c) => c.notNull())
    .addColumn('registration_expiration', 'integer', (c) => c.notNull())
    .addColumn('outbound_username', 'varchar(40)')
    .addColumn('outbound_secret', 'varchar(80)')
    .addColumn('inbound_auth', 'varchar(20)', (c) => c.notNull())
    // JSON array of IPs / CIDR blocks.
    .addColumn('inbound_ips', 'text', (c) => c.notNull())
    .addColumn('inbound_secret', 'varchar(80)')
    .addColumn('from_user', 'varchar(40)')
    .addColumn('from_domain', 'varchar(40)')
    // Comma-separated, in order of preference.
    .addColumn('codecs', 'varchar(200)', (c) => c.notNull())
    .addColumn('dtmf_mode', 'varchar(20)', (c) => c.notNull())
    .addColumn('rtp_symmetric', 'integer', (c) => c.notNull())
    .addColumn('force_rport', 'integer', (c) => c.notNull())
    .addColumn('rewrite_contact', 'integer', (c) => c.notNull())
    .addColumn('direct_media', 'integer', (c) => c.notNull())
    .addColumn('caller_id_number', 'varchar(32)')
    .addColumn('max_channels', 'integer')
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tel_trunks_tenant_idx').on('tel_trunks').column('tenant_id').execute();

  await db.schema
    .createTable('tel_extensions')
    .addColumn('id', T.id, (c) => c.primaryKey())
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('number', 'varchar(6)', (c) => c.notNull())
    // `<tenant>-<number>`: the id of its ps_endpoints/ps_auths/ps_aors rows and its SIP user name.
    .addColumn('endpoint_id', T.short, (c) => c.notNull().unique())
    .addColumn('display_name', T.short, (c) => c.notNull())
    .addColumn('user_id', T.id, (c) => c.references('users.id'))
    .addColumn('sip_password', 'varchar(80)', (c) => c.notNull())
    .addColumn('max_contacts', 'integer', (c) => c.notNull())
    .addColumn('webrtc', 'integer', (c) => c.notNull())
    .addColumn('recording', 'integer', (c) => c.notNull())
    .addColumn('voicemail_box_id', T.id)
    .addColumn('outbound_permission', 'varchar(20)', (c) => c.notNull())
    .addColumn('caller_id_number', 'varchar(32)')
    .addColumn('created_at', T.ts, (c) => c.notNull())
    .addColumn('updated_at', T.ts, (c) => c.notNull())
    .addUniqueConstraint('tel_extensions_tenant_number_uq', ['tenant_id', 'number'])
    // One extension per user in a tenant (NULLs, unlinked extensions, do not collide).
    .addUniqueConstraint('tel_extensions_tenant_user_uq', ['tenant_id', 'user_id'])
    .execute();
  await db.schema.createIndex('tel_extensions_voicemail_idx').on('tel_extensions').columns(['tenant_id', 'voicemail_box_id']).execute();
}
