import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../test/harness.js';
import { createChannel, mime, msgId, postRaw, thread } from './email-test-helpers.js';

interface Received {
  mailFrom: string;
  rcptTo: string[];
  mail: ParsedMail;
  raw: string;
}

/** A real SMTP server in this process; every message is parsed back with mailparser. */
const received: Received[] = [];
const smtp = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', async () => {
      const raw = Buffer.concat(chunks);
      received.push({
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
        mail: await simpleParser(raw),
        raw: raw.toString('utf8'),
      });
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
const port = (smtp.server.address() as AddressInfo).port;
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

const header = (m: ParsedMail, name: string) => {
  const v = m.headers.get(name);
  return typeof v === 'string' ? v : v === undefined ? undefined : JSON.stringify(v);
};
const addresses = (v: ParsedMail['to']) => (Array.isArray(v) ? v : v ? [v] : []).flatMap((a) => a.value.map((x) => x.address));
const refs = (m: ParsedMail) => (Array.isArray(m.references) ? m.references : m.references ? [m.references] : []);

/** The Message-ID we stored for a ticket message (or for the ticket's latest outbound mail). */
async function storedId(c: TestContext, ticketMessageId: string): Promise<string> {
  const r = await c.deps.db.selectFrom('hd_email_messages').select('message_id').where('ticket_message_id', '=', ticketMessageId).executeTakeFirstOrThrow();
  return `<${r.message_id}>`;
}

const reply = (c: TestContext, ticketId: string, body: Record<string, unknown>) => c.api('POST', `/api/v1/tickets/${ticketId}/messages`, { token: c.tokens.agent, body });

describeEachDb(
  'helpdesk email out (SMTP)',
  (ctx) => {
    beforeEach(() => {
      received.length = 0;
    });

    describe('POST /api/v1/tickets/:id/messages', () => {
      it('emails a public reply to the requester and CCs from the channel address, threaded; internal notes never leave', async () => {
        const c = ctx();
        const ch = await createChannel(c, { from_name: 'Demo Support' });
        const rootId = msgId('root');
        const inbound = await postRaw(
          c,
          ch.inbound_token,
          await mime({ from: 'Barbara <barbara@customer.test>', to: ch.address, cc: 'fran@customer.test', subject: 'Printer jam', messageId: rootId, text: 'It jams.' }),
        );
        const ticket = inbound.body.data;
        // An internal note first: nothing goes out.
        const note = await reply(c, ticket.ticket_id, { body: 'Secret: the printer is older than the customer.', internal: true });
        expect(note.status).toBe(201);
        await c.deps.mailer.flush();
        expect(received).toHaveLength(0);

        const r1 = await reply(c, ticket.ticket_id, { body: 'We are on it.\nA technician comes tomorrow.' });
        expect(r1.status, r1.text).toBe(201);
        await c.deps.mailer.flush();
        expect(received).toHaveLength(1);
        const [out] = received;
        expect(out.mailFrom).toBe(ch.address);
        expect(out.rcptTo.sort()).toEqual(['barbara@customer.test', 'fran@customer.test']);
        expect(out.mail.from?.value[0]).toMatchObject({ address: ch.address, name: 'Demo Support' });
        expect(addresses(out.mail.to)).toEqual(['barbara@customer.test']);
        expect(addresses(out.mail.cc)).toEqual(['fran@customer.test']);
        expect(out.mail.subject).toBe(`Re: [${ticket.ticket_number}] Printer jam`);
        // Our Message-ID is the one stored with the ticket message; it answers the customer's mail.
        const firstOut = await storedId(c, r1.body.data.id);
        expect(out.mail.messageId).toBe(firstOut);
        expect(firstOut).toMatch(new RegExp(`@${ch.address.split('@')[1]}>$`));
        expect(out.mail.inReplyTo).toBe(rootId);
        expect(refs(out.mail)).toEqual([rootId]);
        expect(out.mail.text).toContain('We are on it.\nA technician comes tomorrow.');
        expect(out.mail.html).toContain('We are on it.<br>A technician comes tomorrow.');
        expect(out.raw).not.toContain('Secret');
        expect(header(out.mail, 'auto-submitted')).toBeUndefined();

        // The customer answers our mail in their client: it threads into the ticket by In-Reply-To.
        const answerId = msgId('answer');
        const answer = await postRaw(
          c,
          ch.inbound_token,
          await mime({
            from: 'barbara@customer.test',
            to: ch.address,
            subject: out.mail.subject,
            messageId: answerId,
            inReplyTo: firstOut,
            references: [rootId, firstOut],
            text: `Tomorrow is fine.\n\nOn Tue, 24 Nov 2026, Demo Support wrote:\n> ${out.mail.text?.split('\n').join('\n> ')}`,
          }),
        );
        expect(answer.body.data).toMatchObject({ outcome: 'threaded', ticket_id: ticket.ticket_id });
        expect((await thread(c, ticket.ticket_id)).at(-1)?.body).toBe('Tomorrow is fine.');

        // The next reply carries the whole thread and answers the customer's latest mail; an HTML reply has a text part
        // too, and the file sent with it is attached.
        const boundary = 'sbt-email-out-boundary';
        const upload = await c.app.inject({
          method: 'POST',
          url: `/api/v1/tickets/${ticket.ticket_id}/attachments`,
          headers: { authorization: `Bearer ${c.tokens.agent}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload: Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="route.txt"\r\nContent-Type: text/plain\r\n\r\nTake the A train.\n\r\n--${boundary}--\r\n`,
          ),
        });
        expect(upload.statusCode, upload.body).toBe(201);
        const attachmentId = JSON.parse(upload.body).data[0].id;
        const r2 = await reply(c, ticket.ticket_id, { body: '<p>See you <b>tomorrow</b> &amp; thanks!</p>', format: 'html', attachment_ids: [attachmentId] });
        expect(r2.status, r2.text).toBe(201);
        await c.deps.mailer.flush();
        expect(received).toHaveLength(2);
        const second = received[1].mail;
        expect(second.messageId).toBe(await storedId(c, r2.body.data.id));
        expect(second.inReplyTo).toBe(answerId);
        expect(refs(second)).toEqual([rootId, firstOut, answerId]);
        expect(second.html).toContain('<b>tomorrow</b>');
        expect(second.text).toContain('See you tomorrow & thanks!');
        expect(second.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([['route.txt', 'text/plain', 'Take the A train.\n']]);

        // Notes after that stay inside too, in the outbox as well as on the wire.
        await reply(c, ticket.ticket_id, { body: 'Another secret note', internal: true, format: 'text' });
        await c.deps.mailer.flush();
        expect(received).toHaveLength(2);
        const outbox = await c.outbox();
        expect(outbox.some((m) => m.body_text.includes('secret') || m.body_text.includes('Secret'))).toBe(false);
      });

      it('sends nothing without a channel or without a requester address', async () => {
        const c = ctx();
        // Tenant beta has no email channel.
        const contact = await c.api('POST', '/api/v1/contacts', { token: c.other.token, body: { first_name: 'Nomail', email: 'nochannel@customer.test' } });
        const t = await c.api('POST', '/api/v1/tickets', { token: c.other.token, body: { subject: 'No channel', requester_id: contact.body.data.id } });
        expect((await c.api('POST', `/api/v1/tickets/${t.body.data.id}/messages`, { token: c.other.token, body: { body: 'hello' } })).status).toBe(201);
        // A demo ticket whose requester has no email.
        await createChannel(c);
        const bare = await c.api('POST', '/api/v1/contacts', { token: c.tokens.agent, body: { first_name: 'Phone only' } });
        const t2 = await c.api('POST', '/api/v1/tickets', { token: c.tokens.agent, body: { subject: 'No address', requester_id: bare.body.data.id } });
        expect((await reply(c, t2.body.data.id, { body: 'hello' })).status).toBe(201);
        await c.deps.mailer.flush();
        expect(received).toEqual([]);
        expect((await c.outbox()).filter((m) => m.to_address === 'nochannel@customer.test')).toEqual([]);
      });
    });

    describe('PATCH /api/v1/tickets/:id (status notifications)', () => {
      it('tells the requester when the ticket is resolved, marked Auto-Submitted, on the thread', async () => {
        const c = ctx();
        const ch = await createChannel(c);
        const rootId = msgId('res');
        const inbound = await postRaw(c, ch.inbound_token, await mime({ from: 'ken@customer.test', to: ch.address, subject: 'Unix question', messageId: rootId, text: 'Why?' }));
        const id = inbound.body.data.ticket_id;
        expect((await c.api('PATCH', `/api/v1/tickets/${id}`, { token: c.tokens.agent, body: { status: 'in_progress' } })).status).toBe(200);
        await c.deps.mailer.flush();
        expect(received).toHaveLength(0);
        expect((await c.api('PATCH', `/api/v1/tickets/${id}`, { token: c.tokens.agent, body: { status: 'resolved' } })).status).toBe(200);
        await c.deps.mailer.flush();
        expect(received).toHaveLength(1);
        const m = received[0].mail;
        expect(addresses(m.to)).toEqual(['ken@customer.test']);
        expect(m.subject).toContain(`[${inbound.body.data.ticket_number}]`);
        expect(m.subject).toMatch(/resolved/i);
        expect(header(m, 'auto-submitted')).toBe('auto-generated');
        expect(m.inReplyTo).toBe(rootId);
        expect(m.text).toMatch(/resolved/);
        // Replying to the notification reopens the ticket (and threads by the notification's Message-ID).
        const back = await postRaw(
          c,
          ch.inbound_token,
          await mime({ from: 'ken@customer.test', to: ch.address, subject: `Re: ${m.subject}`, messageId: msgId(), inReplyTo: m.messageId, text: 'Not fixed' }),
        );
        expect(back.body.data).toMatchObject({ outcome: 'threaded', ticket_id: id });
        expect((await c.api('GET', `/api/v1/tickets/${id}`, { token: c.tokens.agent })).body.data.status).toBe('open');
        // Closing sends nothing.
        await c.api('PATCH', `/api/v1/tickets/${id}`, { token: c.tokens.agent, body: { status: 'closed' } });
        await c.deps.mailer.flush();
        expect(received).toHaveLength(1);
      });
    });

    describe('PUT /api/v1/tickets/:id/ccs', () => {
      it('agents set the CCs replies go to; our own address is refused; 403/404 as usual, nothing changed', async () => {
        const c = ctx();
        const ch = await createChannel(c);
        const inbound = await postRaw(c, ch.inbound_token, await mime({ from: 'dennis@customer.test', to: ch.address, cc: 'old@customer.test', subject: 'C question', messageId: msgId(), text: 'Pointers?' }));
        const id = inbound.body.data.ticket_id;
        const url = `/api/v1/tickets/${id}/ccs`;
        const set = await c.api('PUT', url, { token: c.tokens.agent, body: { ccs: [{ email: ' Brian@Customer.test ', name: 'Brian' }, { email: 'ritchie@customer.test' }, { email: 'brian@customer.test' }] } });
        expect(set.status, set.text).toBe(200);
        expect(set.body.data.map((x: { email: string; name: string | null }) => [x.email, x.name])).toEqual([
          ['brian@customer.test', 'Brian'],
          ['ritchie@customer.test', null],
        ]);
        const bad = await c.api('PUT', url, { token: c.tokens.agent, body: { ccs: [{ email: 'ok@customer.test' }, { email: ch.address }] } });
        expect(bad.status).toBe(400);
        expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['ccs.1.email']);
        expect((await c.api('PUT', url, { token: c.tokens.agent, body: { ccs: [{ email: 'not an address' }] } })).status).toBe(400);
        expect((await c.api('PUT', url, { token: c.tokens.viewer, body: { ccs: [] } })).status).toBe(403);
        expect((await c.api('PUT', url, { token: c.other.token, body: { ccs: [] } })).status).toBe(404);
        expect((await c.api('GET', url, { token: c.other.token })).status).toBe(404);
        expect((await c.api('GET', url, { token: c.tokens.viewer })).body.data.map((x: { email: string }) => x.email)).toEqual(['brian@customer.test', 'ritchie@customer.test']);

        await reply(c, id, { body: 'Use them carefully.' });
        await c.deps.mailer.flush();
        expect(received).toHaveLength(1);
        expect(addresses(received[0].mail.cc).sort()).toEqual(['brian@customer.test', 'ritchie@customer.test']);
        expect(received[0].rcptTo.sort()).toEqual(['brian@customer.test', 'dennis@customer.test', 'ritchie@customer.test']);
        // A CC's reply threads (and a CC removed since then would start a new ticket).
        const ccReply = await postRaw(c, ch.inbound_token, await mime({ from: 'ritchie@customer.test', to: ch.address, subject: 'Re: C question', messageId: msgId(), inReplyTo: received[0].mail.messageId, text: 'Indeed.' }));
        expect(ccReply.body.data).toMatchObject({ outcome: 'threaded', ticket_id: id });
        const oldCc = await postRaw(c, ch.inbound_token, await mime({ from: 'old@customer.test', to: ch.address, subject: 'Re: C question', messageId: msgId(), inReplyTo: received[0].mail.messageId, text: 'Me?' }));
        expect(oldCc.body.data.outcome).toBe('created');
      });
    });
  },
  { config: { SMTP_URL: `smtp://127.0.0.1:${port}` } },
);
