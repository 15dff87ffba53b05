import type { EmailChannel } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import type { DB, HdEmailChannelsTable } from '../../db/schema.js';
import { conflict } from '../../http/errors.js';

export type ChannelRow = HdEmailChannelsTable;

/** Where the raw-MIME endpoint lives (one URL for every channel: the token says which). */
export const inboundUrl = (publicUrl: string) => `${publicUrl.replace(/\/+$/, '')}/api/v1/helpdesk/email-inbound`;

/** The API view of a channel: no password, no token. */
export function toChannel(r: ChannelRow, publicUrl: string): EmailChannel {
  return {
    id: r.id,
    name: r.name,
    address: r.address,
    from_name: r.from_name,
    enabled: Number(r.enabled) === 1,
    imap_host: r.imap_host,
    imap_port: r.imap_port === null ? null : Number(r.imap_port),
    imap_tls: Number(r.imap_tls) === 1,
    imap_user: r.imap_user,
    imap_mailbox: r.imap_mailbox,
    imap_password_set: !!r.imap_password,
    imap_last_polled_at: r.imap_last_polled_at,
    imap_last_error: r.imap_last_error,
    inbound_url: inboundUrl(publicUrl),
    inbound_token_hint: r.inbound_token_hint,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export async function getChannelRow(db: Kysely<DB>, tenantId: string, id: string): Promise<ChannelRow | undefined> {
  return db.selectFrom('hd_email_channels').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function listChannelRows(db: Kysely<DB>, tenantId: string, f: { page: number; page_size: number }) {
  const q = db.selectFrom('hd_email_channels').where('tenant_id', '=', tenantId);
  const [total, rows] = await Promise.all([
    q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    q
      .selectAll()
      .orderBy(sql`lower(${sql.ref('name')})`)
      .orderBy('id')
      .limit(f.page_size)
      .offset((f.page - 1) * f.page_size)
      .execute(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Every address the tenant sends from: mail from them is ours and is never taken in. */
export async function channelAddresses(db: Kysely<DB>, tenantId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('hd_email_channels').select('address').where('tenant_id', '=', tenantId).execute();
  return new Set(rows.map((r) => r.address.toLowerCase()));
}

/** 409 on the field that collides: names ignoring case, addresses exactly (they are stored lower case). */
export async function assertChannelFree(db: Kysely<DB>, tenantId: string, f: { name?: string; address?: string }, exceptId?: string): Promise<void> {
  const errors: { field: string; message: string }[] = [];
  if (f.name !== undefined) {
    let q = db
      .selectFrom('hd_email_channels')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where(sql<string>`lower(${sql.ref('name')})`, '=', f.name.toLowerCase());
    if (exceptId) q = q.where('id', '!=', exceptId);
    if (await q.executeTakeFirst()) errors.push({ field: 'name', message: 'already exists' });
  }
  if (f.address !== undefined) {
    let q = db.selectFrom('hd_email_channels').select('id').where('tenant_id', '=', tenantId).where('address', '=', f.address);
    if (exceptId) q = q.where('id', '!=', exceptId);
    if (await q.executeTakeFirst()) errors.push({ field: 'address', message: 'another channel uses this address' });
  }
  if (errors.length) throw conflict('An email channel with this name or address exists', errors);
}

export const channelTaken = () => conflict('An email channel with this name or address exists', [{ field: 'name', message: 'name or address already used' }]);
