import { ImapFlow } from 'imapflow';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type Dovecot, DOVECOT_BIN, startDovecot } from '../../test/dovecot.js';
import { type TestContext, describeEachDb } from '../../test/harness.js';
import { createEmailPoller, pollChannel } from './email-imap.js';
import { createChannel, mime, msgId, thread, ticketsLike } from './email-test-helpers.js';

// A real IMAP server: dovecot started by the test. Missing locally: skipped with a message; missing in CI: a failure.
if (!DOVECOT_BIN) {
  if (process.env.CI) throw new Error('dovecot is not installed: .ci/run installs dovecot-imapd for the IMAP tests');
  console.warn('dovecot is not installed (apt-get install dovecot-imapd): the IMAP email tests are skipped');
}
const dovecot: Dovecot | null = DOVECOT_BIN ? await startDovecot({ users: 15 }) : null;
afterAll(() => dovecot?.stop());

let nextBox = 0;
/** A fresh mailbox of the test server (one per test). */
function mailbox(): { user: string; password: string } {
  if (!dovecot) throw new Error('no dovecot');
  const user = dovecot.users[nextBox++];
  return { user, password: dovecot.password(user) };
}

/** APPEND messages to a mailbox, as a mail server's delivery would. */
async function deliver(box: { user: string; password: string }, ...messages: Buffer[]): Promise<void> {
  if (!dovecot) throw new Error('no dovecot');
  const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: box.user, pass: box.password }, logger: false });
  client.on('error', () => {});
  await client.connect();
  try {
    for (const m of messages) await client.append('INBOX', m);
  } finally {
    await client.logout();
  }
}

/** Flags of every message in the mailbox, by UID. */
async function flags(box: { user: string; password: string }): Promise<Map<number, string[]>> {
  if (!dovecot) throw new Error('no dovecot');
  const client = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: box.user, pass: box.password }, logger: false });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const out = new Map<number, string[]>();
    for (const m of await client.fetchAll('1:*', { uid: true, flags: true })) out.set(m.uid, [...(m.flags ?? [])]);
    return out;
  } finally {
    await client.logout();
  }
}

async function imapChannel(c: TestContext, box: { user: string; password: string }, extra: Record<string, unknown> = {}) {
  if (!dovecot) throw new Error('no dovecot');
  return createChannel(c, { imap_host: dovecot.host, imap_port: dovecot.port, imap_tls: false, imap_user: box.user, imap_password: box.password, ...extra });
}

const poll = async (c: TestContext, id: string) => {
  const r = await c.api('POST', `/api/v1/helpdesk/email-channels/${id}/poll`, { token: c.tokens.tenant_admin });
  expect(r.status, r.text).toBe(200);
  return r.body.data;
};

describe.skipIf(!dovecot)('helpdesk email in (IMAP, real dovecot)', () => {
  describeEachDb('IMAP poller', (ctx) => {
    it('reads new mail: a ticket, a threaded reply, an ignored auto-reply; each message once; UID and UIDVALIDITY kept', async () => {
      const c = ctx();
      const box = mailbox();
      const ch = await imapChannel(c, box);
      // "Test connection" logs in and opens the mailbox.
      const test = await c.api('POST', `/api/v1/helpdesk/email-channels/${ch.id}/test`, { token: c.tokens.tenant_admin });
      expect(test.body.data).toEqual({ ok: true, error: null, messages: 0 });

      const rootId = msgId('imap');
      await deliver(
        box,
        await mime({
          from: 'Margaret <margaret@customer.test>',
          to: ch.address,
          subject: 'Apollo guidance alarm',
          messageId: rootId,
          text: '1202 alarm during descent.',
          html: '<p><b>1202</b> alarm during descent.</p>',
          attachments: [{ filename: 'log.txt', content: 'P63 P64 1202 1201' }],
        }),
        await mime({ from: 'margaret@customer.test', to: ch.address, subject: 'Out of office', messageId: msgId(), headers: { 'Auto-Submitted': 'auto-replied' }, text: 'Away' }),
      );
      expect(await poll(c, ch.id)).toEqual({ fetched: 2, created: 1, threaded: 0, duplicates: 0, ignored: 1, ran: true, error: null });
      const [ticket] = await ticketsLike(c, 'Apollo guidance alarm');
      expect(ticket).toBeTruthy();
      const first = await thread(c, ticket.id);
      expect(first.map((m) => m.body)).toEqual(['1202 alarm during descent.']);
      expect((first[0] as unknown as { attachments: { filename: string }[] }).attachments.map((a) => a.filename)).toEqual(['log.txt']);
      expect(await ticketsLike(c, 'Out of office')).toEqual([]);
      const after = (await c.api('GET', `/api/v1/helpdesk/email-channels/${ch.id}`, { token: c.tokens.tenant_admin })).body.data;
      expect(after.imap_last_polled_at).toBeTruthy();
      expect(after.imap_last_error).toBeNull();
      // Read messages are marked \Seen and stay in the mailbox.
      const seen = await flags(box);
      expect([...seen.values()].every((f) => f.includes('\\Seen'))).toBe(true);
      expect(seen.size).toBe(2);

      // A reply arrives: only the new message is read, and it threads.
      await deliver(box, await mime({ from: 'margaret@customer.test', to: ch.address, subject: 'Re: Apollo guidance alarm', messageId: msgId(), inReplyTo: rootId, text: 'Landed anyway.' }));
      expect(await poll(c, ch.id)).toMatchObject({ fetched: 1, threaded: 1, created: 0 });
      expect((await thread(c, ticket.id)).map((m) => m.body)).toEqual(['1202 alarm during descent.', 'Landed anyway.']);
      expect(await poll(c, ch.id)).toMatchObject({ fetched: 0, ran: true });

      // The same message delivered twice to the mailbox is stored once.
      const dup = await mime({ from: 'neil@customer.test', to: ch.address, subject: 'Small step', messageId: msgId('dup'), text: 'One small step' });
      await deliver(box, dup, dup);
      expect(await poll(c, ch.id)).toMatchObject({ fetched: 2, created: 1, duplicates: 1 });
      expect(await ticketsLike(c, 'Small step')).toHaveLength(1);

      // The mailbox was rebuilt (another UIDVALIDITY): everything is read again, nothing is taken in twice.
      await c.deps.db.updateTable('hd_email_channels').set({ imap_uid_validity: '1' }).where('id', '=', ch.id).execute();
      expect(await poll(c, ch.id)).toEqual({ fetched: 5, created: 0, threaded: 0, duplicates: 5, ignored: 0, ran: true, error: null });
      expect(await ticketsLike(c, 'Apollo guidance alarm')).toHaveLength(1);
      expect(await thread(c, ticket.id)).toHaveLength(2);
    });

    it('two nodes polling at once take each message in once; a held lease is respected', async () => {
      const c = ctx();
      const box = mailbox();
      const ch = await imapChannel(c, box);
      const tag = `Race ${Math.random().toString(36).slice(2, 8)}`;
      await deliver(box, ...(await Promise.all([1, 2, 3, 4, 5].map((i) => mime({ from: `racer${i}@customer.test`, to: ch.address, subject: `${tag} ${i}`, messageId: msgId(), text: `n${i}` })))));
      const log = pino({ level: 'silent' });
      const [a, b] = await Promise.all([pollChannel(c.deps, ch.id, { owner: 'node-a', log }), pollChannel(c.deps, ch.id, { owner: 'node-b', log })]);
      expect(a.created + b.created).toBe(5);
      expect(a.fetched + b.fetched).toBe(5);
      expect(await ticketsLike(c, tag)).toHaveLength(5);

      // Another node holds the lease: this one does nothing until it expires.
      await deliver(box, await mime({ from: 'late@customer.test', to: ch.address, subject: `${tag} late`, messageId: msgId(), text: 'late' }));
      await c.deps.db
        .updateTable('hd_email_channels')
        .set({ poll_lease_owner: 'node-z', poll_lease_until: new Date(Date.now() + 60_000).toISOString() })
        .where('id', '=', ch.id)
        .execute();
      expect(await poll(c, ch.id)).toMatchObject({ ran: false, fetched: 0 });
      // An expired lease (its node died) is taken over.
      await c.deps.db.updateTable('hd_email_channels').set({ poll_lease_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', ch.id).execute();
      // The job does what "poll now" does, for every enabled IMAP channel.
      const poller = createEmailPoller(c.deps, log);
      await poller.tick();
      await poller.stop();
      expect(await ticketsLike(c, tag)).toHaveLength(6);
    });

    it('a refused login is reported by the test and kept on the channel by the poll; a disabled channel is not read', async () => {
      const c = ctx();
      const box = mailbox();
      const ch = await imapChannel(c, box, { imap_password: 'wrong-password' });
      const test = await c.api('POST', `/api/v1/helpdesk/email-channels/${ch.id}/test`, { token: c.tokens.tenant_admin });
      expect(test.body.data.ok).toBe(false);
      expect(test.body.data.error).toMatch(/login|auth/i);
      await deliver(box, await mime({ from: 'x@customer.test', to: ch.address, subject: 'Refused login probe', messageId: msgId(), text: 'x' }));
      const r = await poll(c, ch.id);
      expect(r).toMatchObject({ ran: true, fetched: 0 });
      expect(r.error).toMatch(/login|auth/i);
      const stored = (await c.api('GET', `/api/v1/helpdesk/email-channels/${ch.id}`, { token: c.tokens.tenant_admin })).body.data;
      expect(stored.imap_last_error).toMatch(/login|auth/i);
      // Fixed password: the next run reads the mail and clears the error.
      await c.api('PATCH', `/api/v1/helpdesk/email-channels/${ch.id}`, { token: c.tokens.tenant_admin, body: { imap_password: box.password } });
      expect(await poll(c, ch.id)).toMatchObject({ created: 1, error: null });
      expect((await c.api('GET', `/api/v1/helpdesk/email-channels/${ch.id}`, { token: c.tokens.tenant_admin })).body.data.imap_last_error).toBeNull();
      // Disabled: "poll now" says so, and the job skips it.
      await c.api('PATCH', `/api/v1/helpdesk/email-channels/${ch.id}`, { token: c.tokens.tenant_admin, body: { enabled: false } });
      await deliver(box, await mime({ from: 'x@customer.test', to: ch.address, subject: 'Disabled channel probe', messageId: msgId(), text: 'x' }));
      expect((await c.api('POST', `/api/v1/helpdesk/email-channels/${ch.id}/poll`, { token: c.tokens.tenant_admin })).status).toBe(409);
      expect((await pollChannel(c.deps, ch.id)).ran).toBe(false);
      expect(await ticketsLike(c, 'Disabled channel probe')).toEqual([]);
    });
  });
});
