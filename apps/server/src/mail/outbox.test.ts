import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { client, describeEachDb, startApp, testConfig } from '../test/harness.js';

interface Received {
  from: string;
  to: string[];
  headers: Record<string, string>;
  text: string;
}

/** Decode the body of a single-part message (nodemailer picks 7bit, quoted-printable or base64). */
function parseMessage(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let text = body;
  if (encoding === 'quoted-printable') {
    const bytes = Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
      'latin1',
    );
    text = bytes.toString('utf8');
  } else if (encoding === 'base64') {
    text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return { headers, text: text.replace(/\r\n/g, '\n') };
}

/** A real SMTP server in this process; it can be stopped and started again on the same port. */
class TestSmtp {
  received: Received[] = [];
  /** While set, the server holds each message before accepting it. */
  gate: Promise<void> | null = null;
  port = 0;
  private server: SMTPServer | null = null;

  async start(port = this.port): Promise<void> {
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          await this.gate;
          const { headers, text } = parseMessage(Buffer.concat(chunks).toString('utf8'));
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            headers,
            text,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const smtp = new TestSmtp();
await smtp.start(0);
afterAll(() => smtp.stop());

async function waitFor<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeEachDb(
  'email outbox',
  (ctx) => {
    /** The newest outbox row to an address. */
    const latestTo = (to: string) =>
      ctx().deps.db.selectFrom('email_outbox').selectAll().where('to_address', '=', to).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();

    beforeEach(async () => {
      smtp.gate = null;
      smtp.received = [];
    });

    it('delivers the reset email over SMTP to the right recipient, with a link that works, and marks the row sent', async () => {
      const { api, deps, config, login } = ctx();
      const r = await api('POST', '/api/v1/auth/forgot-password', { body: { email: 'Agent@Demo.local' } });
      expect(r.status).toBe(202);
      await deps.mailer.flush();
      const row = await waitFor(
        'sent row',
        () => latestTo('agent@demo.local'),
        (x) => x?.status === 'sent',
      );
      expect(row?.sent_at).toBeTruthy();
      expect(row?.last_error).toBeNull();
      expect(row?.attempts).toBe(1);

      expect(smtp.received).toHaveLength(1);
      const [msg] = smtp.received;
      expect(msg.to).toEqual(['agent@demo.local']);
      expect(msg.headers.to).toContain('agent@demo.local');
      expect(msg.from).toBe('no-reply@switchboard.local');
      expect(msg.headers.subject).toMatch(/password/i);
      const link = new RegExp(`${config.publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/reset-password\\?token=([A-Za-z0-9_-]+)`).exec(msg.text);
      expect(link, msg.text).toBeTruthy();

      // The delivered link is the one that resets the password.
      const reset = await api('POST', '/api/v1/auth/reset-password', { body: { token: link?.[1], password: 'Brand-new-password-1' } });
      expect(reset.status).toBe(200);
      expect((await login('agent@demo.local', 'Brand-new-password-1')).access_token).toBeTruthy();

      // Nothing is sent for an unknown address.
      expect((await api('POST', '/api/v1/auth/forgot-password', { body: { email: 'ghost@demo.local' } })).status).toBe(202);
      await deps.mailer.flush();
      expect(smtp.received).toHaveLength(1);
    });

    it('keeps the message for retry while the SMTP server is down and delivers it once it is back', async () => {
      const { api, deps } = ctx();
      const port = smtp.port;
      let attempts = 0;
      await smtp.stop();
      try {
        expect((await api('POST', '/api/v1/auth/forgot-password', { body: { email: 'viewer@demo.local' } })).status).toBe(202);
        await deps.mailer.flush();
        const failed = await waitFor(
          'retry row',
          () => latestTo('viewer@demo.local'),
          (x) => x?.status === 'retry',
        );
        expect(failed?.last_error).toMatch(/ECONNREFUSED|connect/i);
        expect(failed?.attempts).toBeGreaterThanOrEqual(1);
        expect(failed?.sent_at).toBeNull();
        attempts = failed?.attempts ?? 0;
        // Still down: another attempt is counted, the row stays for retry.
        await deps.mailer.flush();
        expect(await latestTo('viewer@demo.local')).toMatchObject({ status: 'retry', attempts: attempts + 1 });
      } finally {
        await smtp.start(port);
      }
      expect(smtp.received).toHaveLength(0);
      await deps.mailer.flush();
      const sent = await latestTo('viewer@demo.local');
      expect(sent).toMatchObject({ status: 'sent', attempts: attempts + 2, last_error: null });
      expect(sent?.sent_at).toBeTruthy();
      expect(smtp.received.map((m) => m.to)).toEqual([['viewer@demo.local']]);
      expect(smtp.received[0].text).toContain('/reset-password?token=');
    });

    it('a flush asked for while one is under way also sends what was queued meanwhile', async () => {
      const { api, deps } = ctx();
      let release = () => {};
      smtp.gate = new Promise<void>((r) => {
        release = r;
      });
      try {
        // The first message is held by the server, so its flush is still running...
        expect((await api('POST', '/api/v1/auth/forgot-password', { body: { email: 'supervisor@demo.local' } })).status).toBe(202);
        await waitFor(
          'first message in flight',
          () => latestTo('supervisor@demo.local'),
          (x) => x?.status === 'sending',
        );
        // ...when a second one is queued and a flush is asked for.
        expect((await api('POST', '/api/v1/auth/forgot-password', { body: { email: 'admin@demo.local' } })).status).toBe(202);
        const flushed = deps.mailer.flush();
        release();
        await flushed;
      } finally {
        release();
      }
      expect((await latestTo('supervisor@demo.local'))?.status).toBe('sent');
      expect((await latestTo('admin@demo.local'))?.status).toBe('sent');
      expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['admin@demo.local', 'supervisor@demo.local']);
    });

    it('without SMTP_URL the message is only logged and kept in the outbox as `logged`', async () => {
      const { config } = ctx();
      const plain = await startApp(testConfig(config.databaseUrl));
      try {
        expect(plain.deps.config.smtpUrl).toBeUndefined();
        const r = await client(plain.app)('POST', '/api/v1/auth/forgot-password', { body: { email: 'superadmin@switchboard.local' } });
        expect(r.status).toBe(202);
        await plain.deps.mailer.flush();
        const row = await waitFor(
          'logged row',
          () => latestTo('superadmin@switchboard.local'),
          (x) => x?.status === 'logged',
        );
        expect(row?.sent_at).toBeTruthy();
        expect(row?.body_text).toContain('/reset-password?token=');
        expect(smtp.received).toHaveLength(0);
      } finally {
        await plain.close();
      }
    });

    it('takes over a message whose sender crashed mid-send, but not one being sent right now', async () => {
      const { deps } = ctx();
      const base = { tenant_id: null, subject: 'Crash test', body_text: 'hello', body_html: null, attempts: 1, last_error: null, sent_at: null };
      await deps.db
        .insertInto('email_outbox')
        .values([
          { ...base, id: 'crashed-1', to_address: 'crashed@demo.local', status: 'sending', claimed_at: new Date(Date.now() - 3_600_000).toISOString(), created_at: new Date().toISOString() },
          { ...base, id: 'in-flight-1', to_address: 'inflight@demo.local', status: 'sending', claimed_at: new Date().toISOString(), created_at: new Date().toISOString() },
        ])
        .execute();
      await deps.mailer.flush();
      const rows = await deps.db.selectFrom('email_outbox').select(['id', 'status', 'attempts']).where('id', 'in', ['crashed-1', 'in-flight-1']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'crashed-1', status: 'sent', attempts: 2 },
        { id: 'in-flight-1', status: 'sending', attempts: 1 },
      ]);
      expect(smtp.received.some((m) => m.to.includes('crashed@demo.local'))).toBe(true);
      expect(smtp.received.some((m) => m.to.includes('inflight@demo.local'))).toBe(false);
    });
  },
  { config: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } },
);

describe('email outbox test server', () => {
  it('decodes quoted-printable bodies with soft line breaks', () => {
    const raw = 'Content-Transfer-Encoding: quoted-printable\r\nSubject: x\r\n\r\nhttp://a/reset-password?token=3Dabc=\r\ndef =C3=A9\r\n';
    expect(parseMessage(raw).text).toBe('http://a/reset-password?token=abcdef é\n');
  });
});
