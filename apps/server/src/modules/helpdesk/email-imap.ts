import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { ImapFlow } from 'imapflow';
import type { Kysely } from 'kysely';
import { num } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { now } from '../../http/pagination.js';
import type { ChannelRow } from './email-channels.repo.js';
import { decryptSecret } from './email-crypto.js';
import { type IngestDeps, UnreadableEmail, ingestEmail, tenantTakesEmail } from './email-in.js';

/**
 * IMAP in: a poll job per enabled channel with an IMAP host. Each run reads the messages whose
 * UID is above the last one taken in (remembered with the mailbox's UIDVALIDITY: when that
 * changes, the mailbox was rebuilt and is read from the start again; the once-only record per
 * Message-ID keeps that from duplicating tickets). Messages stay in the mailbox, marked \Seen.
 *
 * Two server nodes: a run first takes the channel's lease with a conditional UPDATE (free or
 * expired), so one node reads a mailbox at a time; the lease is renewed per message and expires by
 * itself if the node dies. The unique Message-ID record is the backstop.
 */

export interface ImapSettings {
  host: string;
  port: number;
  tls: boolean;
  user: string;
  password: string;
  mailbox: string;
}

/** Connection settings of a channel, or why it cannot connect. */
export function imapSettingsOf(c: ChannelRow, secret: string): ImapSettings | { error: string } {
  if (!c.imap_host || !c.imap_user) return { error: 'No IMAP host and user are set' };
  if (!c.imap_password) return { error: 'No IMAP password is set' };
  const password = decryptSecret(secret, c.imap_password);
  if (password === null) return { error: 'The stored IMAP password cannot be read (JWT_SECRET changed?); enter it again' };
  const tls = Number(c.imap_tls) === 1;
  return { host: c.imap_host, port: c.imap_port ? Number(c.imap_port) : tls ? 993 : 143, tls, user: c.imap_user, password, mailbox: c.imap_mailbox || 'INBOX' };
}

function clientOf(s: ImapSettings): ImapFlow {
  const client = new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.tls,
    auth: { user: s.user, pass: s.password },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
    disableAutoIdle: true,
  });
  // A dropped connection is reported here; the run that uses the client sees its command fail.
  client.on('error', () => {});
  return client;
}

/** Words a person can act on, from imapflow's errors (which carry the server's answer). */
function describe(err: unknown): string {
  const e = err as { message?: string; responseText?: string; authenticationFailed?: boolean; code?: string };
  if (e?.authenticationFailed) return `Login refused by the server${e.responseText ? `: ${e.responseText}` : ''}`;
  const text = [e?.message, e?.responseText && e.responseText !== e.message ? e.responseText : null, e?.code].filter(Boolean).join(' — ');
  return (text || String(err)).slice(0, 1000);
}

/** Log in and open the mailbox: the channel page's "test connection". */
export async function testImap(s: ImapSettings): Promise<{ ok: boolean; error: string | null; messages: number | null }> {
  const client = clientOf(s);
  try {
    await client.connect();
    const box = await client.mailboxOpen(s.mailbox, { readOnly: true });
    return { ok: true, error: null, messages: box.exists };
  } catch (err) {
    return { ok: false, error: describe(err), messages: null };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export interface PollResult {
  fetched: number;
  created: number;
  threaded: number;
  duplicates: number;
  ignored: number;
  ran: boolean;
}

const LEASE_MS = 5 * 60_000;
/** Messages per run: a big backlog is worked through over several runs. */
const BATCH = 50;

const leaseUntil = () => new Date(Date.now() + LEASE_MS).toISOString();

/** Take the channel's poll lease: true when this node may read the mailbox now. */
async function takeLease(db: Kysely<DB>, channelId: string, owner: string): Promise<boolean> {
  const r = await db
    .updateTable('hd_email_channels')
    .set({ poll_lease_owner: owner, poll_lease_until: leaseUntil() })
    .where('id', '=', channelId)
    .where('enabled', '=', 1)
    .where('imap_host', 'is not', null)
    .where((e) => e.or([e('poll_lease_until', 'is', null), e('poll_lease_until', '<', now())]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Read one channel's mailbox once (if no other node is reading it). Errors of the IMAP server are
 * kept on the channel (`imap_last_error`) and returned as a run with `ran: true`; only database
 * errors throw.
 */
export async function pollChannel(deps: IngestDeps, channelId: string, opts: { owner?: string; log?: FastifyBaseLogger } = {}): Promise<PollResult & { error: string | null }> {
  const { db } = deps;
  const owner = opts.owner ?? randomUUID();
  const out: PollResult & { error: string | null } = { fetched: 0, created: 0, threaded: 0, duplicates: 0, ignored: 0, ran: false, error: null };
  if (!(await takeLease(db, channelId, owner))) return out;
  out.ran = true;
  let client: ImapFlow | null = null;
  try {
    const channel = await db.selectFrom('hd_email_channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
    const settings = imapSettingsOf(channel, deps.config.jwtSecret);
    if ('error' in settings) throw new Error(settings.error);
    if (!(await tenantTakesEmail(db, channel.tenant_id))) return out;
    client = clientOf(settings);
    await client.connect();
    const box = await client.mailboxOpen(settings.mailbox);
    const validity = String(box.uidValidity);
    let lastUid = channel.imap_uid_validity === validity ? num(channel.imap_last_uid ?? 0) : 0;
    if (channel.imap_uid_validity !== validity)
      await db.updateTable('hd_email_channels').set({ imap_uid_validity: validity, imap_last_uid: 0 }).where('id', '=', channelId).where('poll_lease_owner', '=', owner).execute();
    if (box.exists === 0 || box.uidNext <= lastUid + 1) return out;
    const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
    // `N:*` always matches the highest UID, even one below N: keep only the new ones.
    const uids = (found || [])
      .filter((u) => u > lastUid)
      .sort((a, b) => a - b)
      .slice(0, BATCH);
    for (const uid of uids) {
      const msg = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      const source = msg ? msg.source : undefined;
      if (source) {
        out.fetched++;
        try {
          const r = await ingestEmail(deps, channel, source);
          if (r.outcome === 'created') out.created++;
          else if (r.outcome === 'threaded') out.threaded++;
          else if (r.outcome === 'duplicate') out.duplicates++;
          else out.ignored++;
        } catch (err) {
          // A message that cannot be parsed at all is skipped (it would block the mailbox forever).
          if (!(err instanceof UnreadableEmail)) throw err;
          opts.log?.warn({ err, channel_id: channelId, uid }, 'unreadable email skipped');
          out.ignored++;
        }
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true }).catch(() => false);
      }
      lastUid = uid;
      // Progress is saved per message: a crash re-reads at most one, which the once-only record absorbs.
      await db
        .updateTable('hd_email_channels')
        .set({ imap_last_uid: uid, poll_lease_until: leaseUntil() })
        .where('id', '=', channelId)
        .where('poll_lease_owner', '=', owner)
        .execute();
    }
    return out;
  } catch (err) {
    out.error = describe(err);
    opts.log?.warn({ err, channel_id: channelId }, 'imap poll failed');
    return out;
  } finally {
    if (client) await client.logout().catch(() => client?.close());
    await db
      .updateTable('hd_email_channels')
      .set({ poll_lease_owner: null, poll_lease_until: null, imap_last_polled_at: now(), imap_last_error: out.error })
      .where('id', '=', channelId)
      .where('poll_lease_owner', '=', owner)
      .execute();
  }
}

/** Channels whose mailbox is read: enabled, with an IMAP host. */
async function pollableChannels(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('hd_email_channels').select('id').where('enabled', '=', 1).where('imap_host', 'is not', null).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** The node's IMAP poll job: every `intervalMs`, each pollable channel once (leased, see above). */
export function createEmailPoller(deps: IngestDeps, log: FastifyBaseLogger, opts: { intervalMs?: number } = {}) {
  const owner = `${process.pid}-${randomUUID()}`;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function runOnce(): Promise<void> {
    for (const id of await pollableChannels(deps.db)) {
      if (stopped) return;
      await pollChannel(deps, id, { owner, log });
    }
  }

  function tick(): Promise<void> {
    running ??= runOnce()
      .catch((err) => log.error({ err }, 'email poll failed'))
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    /** Run one round now (tests; "check now"). */
    tick,
    start() {
      timer = setInterval(() => void tick(), opts.intervalMs ?? 60_000);
      timer.unref();
      void tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
export type EmailPoller = ReturnType<typeof createEmailPoller>;
