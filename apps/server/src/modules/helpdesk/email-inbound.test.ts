import { describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../test/harness.js';
import { type TestChannel, createChannel, mime, msgId, postRaw, thread, ticketsLike } from './email-test-helpers.js';

const contactOf = async (c: TestContext, id: string) => (await c.api('GET', `/api/v1/contacts/${id}`, { token: c.tokens.agent })).body.data;
const ticketOf = async (c: TestContext, id: string) => (await c.api('GET', `/api/v1/tickets/${id}`, { token: c.tokens.agent })).body.data;
const ccsOf = async (c: TestContext, id: string) => (await c.api('GET', `/api/v1/tickets/${id}/ccs`, { token: c.tokens.agent })).body.data.map((x: { email: string }) => x.email);
const countTickets = async (c: TestContext) => Number((await c.deps.db.selectFrom('tickets').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describeEachDb('helpdesk email in (raw MIME)', (ctx) => {
  let ch: TestChannel;
  const channel = async () => {
    ch ??= await createChannel(ctx());
    return ch;
  };

  describe('POST /api/v1/helpdesk/email-inbound', () => {
    it('a new multipart email (text + HTML alternative, an attachment, CCs) opens a ticket for a new contact', async () => {
      const c = ctx();
      const { inbound_token, address } = await channel();
      const id = msgId('new');
      const raw = await mime({
        from: '"Ada Lovelace" <Ada.Lovelace@Customer.test>',
        to: [address, 'colleague@customer.test'],
        cc: 'Boss Person <boss@customer.test>',
        subject: 'Engine will not start',
        messageId: id,
        text: 'Hello,\n\nthe analytical engine will not start.\n\nAda',
        html: '<p>Hello,</p><p>the <b>analytical engine</b> will not start.</p><p>Ada</p>',
        attachments: [
          { filename: 'notes.txt', content: 'gear 7 is stuck\n' },
          // A program under an innocent name: refused by its bytes, named in the message instead.
          { filename: 'invoice.pdf', content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126), Buffer.from('PE\0\0'), Buffer.alloc(200)]), contentType: 'application/pdf' },
        ],
      });
      const r = await postRaw(c, inbound_token, raw);
      expect(r.status, r.text).toBe(201);
      expect(r.body.data).toMatchObject({ outcome: 'created', reason: null });
      expect(r.body.data.ticket_number).toMatch(/^DEMO-\d{5}$/);
      const t = await ticketOf(c, r.body.data.ticket_id);
      expect(t).toMatchObject({ subject: 'Engine will not start', status: 'open', created_by: null, number: r.body.data.ticket_number });
      // The text alternative, not the HTML source.
      expect(t.description).toBe('Hello,\n\nthe analytical engine will not start.\n\nAda');
      const contact = await contactOf(c, t.requester_id);
      expect(contact).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada.lovelace@customer.test' });
      const msgs = await thread(c, t.id);
      expect(msgs).toHaveLength(1);
      expect(msgs[0]).toMatchObject({ internal: false, author_contact_id: contact.id, author_user_id: null });
      expect(msgs[0].body).toContain('analytical engine will not start');
      expect(msgs[0].body).not.toContain('<b>');
      // The attachment is kept with the message and downloads as sent; the disguised program is not kept.
      const files = (msgs[0] as unknown as { attachments: { id: string; filename: string; content_type: string }[] }).attachments;
      expect(files.map((f) => [f.filename, f.content_type])).toEqual([['notes.txt', 'text/plain']]);
      const download = await c.app.inject({ method: 'GET', url: `/api/v1/tickets/${t.id}/attachments/${files[0].id}`, headers: { authorization: `Bearer ${c.tokens.agent}` } });
      expect(download.statusCode).toBe(200);
      expect(download.body).toBe('gear 7 is stuck\n');
      expect(msgs[0].body).toMatch(/Attachment not kept: invoice\.pdf/);
      // Everyone else on To and Cc is a CC of the ticket (not us, not the sender).
      expect((await ccsOf(c, t.id)).sort()).toEqual(['boss@customer.test', 'colleague@customer.test']);
      // The audit trail says who: the sender, by email.
      const audit = await c.api('GET', `/api/v1/audit?entity_id=${t.id}`, { token: c.tokens.tenant_admin });
      expect(audit.body.data.map((a: { action: string; actor_email: string }) => [a.action, a.actor_email])).toContainEqual(['ticket.created', 'ada.lovelace@customer.test']);

      // A second email from the same address reuses the contact.
      const again = await postRaw(c, inbound_token, await mime({ from: 'ada.lovelace@customer.test', to: address, subject: 'Another thing', messageId: msgId(), text: 'x' }));
      expect(again.status).toBe(201);
      expect((await ticketOf(c, again.body.data.ticket_id)).requester_id).toBe(contact.id);
    });

    it('the same message delivered twice (or concurrently) is stored once', async () => {
      const c = ctx();
      const { inbound_token, address } = await channel();
      const raw = await mime({ from: 'dup@customer.test', to: address, subject: 'Duplicate delivery', messageId: msgId('dup'), text: 'once please' });
      const before = await countTickets(c);
      const first = await postRaw(c, inbound_token, raw);
      expect(first.status).toBe(201);
      const second = await postRaw(c, inbound_token, raw);
      expect(second.status).toBe(200);
      expect(second.body.data).toMatchObject({ outcome: 'duplicate', ticket_id: first.body.data.ticket_id, ticket_number: first.body.data.ticket_number });
      // Concurrent deliveries of one new message: one ticket, the others are duplicates.
      const raw2 = await mime({ from: 'dup@customer.test', to: address, subject: 'Concurrent delivery', messageId: msgId('race'), text: 'race' });
      const results = await Promise.all([1, 2, 3, 4].map(() => postRaw(c, inbound_token, raw2)));
      expect(results.map((x) => x.body.data.outcome).sort()).toEqual(['created', 'duplicate', 'duplicate', 'duplicate']);
      expect(new Set(results.map((x) => x.body.data.ticket_id)).size).toBe(1);
      expect(await countTickets(c)).toBe(before + 2);
      expect(await ticketsLike(c, 'Concurrent delivery')).toHaveLength(1);
      expect(await thread(c, results[0].body.data.ticket_id)).toHaveLength(1);
      // Ticket numbers stay gap-free: the losers gave theirs back.
      const next = await c.api('POST', '/api/v1/tickets', { token: c.tokens.agent, body: { subject: 'after race' } });
      const seq = (s: string) => Number(s.split('-')[1]);
      expect(seq(next.body.data.number)).toBe(seq(results.find((x) => x.body.data.outcome === 'created')?.body.data.ticket_number) + 1);
      // A message without a Message-ID is recognised by its bytes.
      const noId = Buffer.from(`From: noid@customer.test\r\nTo: ${address}\r\nSubject: No id\r\n\r\nbody\r\n`);
      expect((await postRaw(c, inbound_token, noId)).body.data.outcome).toBe('created');
      expect((await postRaw(c, inbound_token, noId)).body.data.outcome).toBe('duplicate');
    });

    it('threads replies by In-Reply-To / References, from the requester or a CC; quoted text is trimmed', async () => {
      const c = ctx();
      const { inbound_token, address } = await channel();
      const rootId = msgId('root');
      const root = await postRaw(
        c,
        inbound_token,
        await mime({ from: 'Grace <grace@customer.test>', to: address, cc: 'linus@customer.test', subject: 'Compiler bug', messageId: rootId, text: 'It crashes.' }),
      );
      const ticketId = root.body.data.ticket_id;
      // The requester answers, quoting the original under an "On … wrote:" line.
      const replyId = msgId('reply');
      const r1 = await postRaw(
        c,
        inbound_token,
        await mime({
          from: 'grace@customer.test',
          to: address,
          subject: 'Re: Compiler bug',
          messageId: replyId,
          inReplyTo: rootId,
          references: [rootId],
          text: 'It happens on Tuesdays only.\n\nOn Mon, 23 Nov 2026 at 10:00, Support <support@demo.test> wrote:\n> It crashes.\n>\n',
        }),
      );
      expect(r1.status, r1.text).toBe(201);
      expect(r1.body.data).toMatchObject({ outcome: 'threaded', ticket_id: ticketId });
      // A CC answers with only References (a client that drops In-Reply-To), pointing at the reply.
      const r2 = await postRaw(
        c,
        inbound_token,
        await mime({ from: 'Linus <LINUS@customer.test>', to: address, subject: 'Re: Compiler bug', messageId: msgId('cc'), references: [rootId, replyId], text: 'Confirmed here.' }),
      );
      expect(r2.body.data).toMatchObject({ outcome: 'threaded', ticket_id: ticketId });
      const msgs = await thread(c, ticketId);
      expect(msgs.map((m) => m.body)).toEqual(['It crashes.', 'It happens on Tuesdays only.', 'Confirmed here.']);
      // Consoles hear of it like of an agent's message.
      const ev = await c.deps.db.selectFrom('events').select(['data', 'permission']).where('tenant_id', '=', 'demo').where('type', '=', 'ticket.message.created').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(JSON.parse(ev.data)).toMatchObject({ ticket_id: ticketId, message: { id: msgs[2].id, body: 'Confirmed here.', internal: false, attachments: [] } });
      expect(ev.permission).toBe('tickets:read');
      // Someone else answering the same thread gets a ticket of their own.
      const r3 = await postRaw(
        c,
        inbound_token,
        await mime({ from: 'stranger@elsewhere.test', to: address, subject: 'Re: Compiler bug', messageId: msgId('x'), inReplyTo: replyId, references: [rootId, replyId], text: 'Me too' }),
      );
      expect(r3.body.data.outcome).toBe('created');
      expect(r3.body.data.ticket_id).not.toBe(ticketId);
      expect(await thread(c, ticketId)).toHaveLength(3);
    });

    it('falls back to the ticket number in the subject, for the requester only', async () => {
      const c = ctx();
      const { inbound_token, address } = await channel();
      const root = await postRaw(c, inbound_token, await mime({ from: 'hedy@customer.test', to: address, subject: 'Radio interference', messageId: msgId(), text: 'Noise.' }));
      const { ticket_id, ticket_number } = root.body.data;
      // No thread headers (a new mail typed by hand), the number in the subject.
      const r = await postRaw(c, inbound_token, await mime({ from: 'hedy@customer.test', to: address, subject: `Re: [${ticket_number}] Radio interference`, messageId: msgId(), text: 'Still noisy.' }));
      expect(r.body.data).toMatchObject({ outcome: 'threaded', ticket_id });
      // A bare number works too, ignoring case.
      const bare = await postRaw(c, inbound_token, await mime({ from: 'hedy@customer.test', to: address, subject: `about ${ticket_number.toLowerCase()}`, messageId: msgId(), text: 'And now?' }));
      expect(bare.body.data).toMatchObject({ outcome: 'threaded', ticket_id });
      // The same subject from someone else is a new ticket: a number is easy to guess.
      const other = await postRaw(c, inbound_token, await mime({ from: 'mallory@evil.test', to: address, subject: `Re: [${ticket_number}] Radio interference`, messageId: msgId(), text: 'Let me in' }));
      expect(other.body.data.outcome).toBe('created');
      expect((await thread(c, ticket_id)).map((m) => m.body)).toEqual(['Noise.', 'Still noisy.', 'And now?']);
      // Headers win over the subject: a reply to ticket A naming ticket B in its subject goes to A.
      const b = await postRaw(c, inbound_token, await mime({ from: 'hedy@customer.test', to: address, subject: 'Second issue', messageId: msgId(), text: 'B' }));
      const aRoot = (await c.deps.db.selectFrom('hd_email_messages').select('message_id').where('ticket_id', '=', ticket_id).orderBy('created_at').executeTakeFirstOrThrow()).message_id;
      const mixed = await postRaw(
        c,
        inbound_token,
        await mime({ from: 'hedy@customer.test', to: address, subject: `Re: [${b.body.data.ticket_number}]`, messageId: msgId(), inReplyTo: `<${aRoot}>`, text: 'for A' }),
      );
      expect(mixed.body.data.ticket_id).toBe(ticket_id);
    });

    it("a requester's reply reopens a resolved ticket; a reply to a closed ticket opens a new one", async () => {
      const c = ctx();
      const { inbound_token, address } = await channel();
      const rootId = msgId('lc');
      const root = await postRaw(c, inbound_token, await mime({ from: 'alan@customer.test', to: address, subject: 'Halting problem', messageId: rootId, text: 'Does it halt?' }));
      const id = root.body.data.ticket_id;
      expect((await c.api('PATCH', `/api/v1/tickets/${id}`, { token: c.tokens.agent, body: { status: 'resolved' } })).status).toBe(200);
      const reopen = await postRaw(c, inbound_token, await mime({ from: 'alan@customer.test', to: address, subject: 'Re: Halting problem', messageId: msgId(), inReplyTo: rootId, text: 'No, it does not.' }));
      expect(reopen.body.data).toMatchObject({ outcome: 'threaded', ticket_id: id });
      const reopened = await ticketOf(c, id);
      expect(reopened).toMatchObject({ status: 'open', resolved_at: null });
      // Pending (waiting on the customer) goes back to work when the customer answers.
      await c.api('PATCH', `/api/v1/tickets/${id}`, { token: c.tokens.agent, body: { status: 'pending' } });
      await postRaw(c, inbound_token, await mime({ from: 'alan@customer.test', to: address, subject: 'Re: Halting problem', messageId: msgId(), inReplyTo: rootId, text: 'Here is more.' }));
      expect((await ticketOf(c, id)).status).toBe('in_progress');

      expect((await c.api('PATCH', `/api/v1/tickets/${id}`, { token: c.tokens.agent, body: { status: 'closed' } })).status).toBe(200);
      const late = await postRaw(c, inbound_token, await mime({ from: 'alan@customer.test', to: address, subject: 'Re: Halting problem', messageId: msgId(), inReplyTo: rootId, text: 'One more thing' }));
      expect(late.body.data.outcome).toBe('created');
      expect(late.body.data.ticket_id).not.toBe(id);
      expect((await ticketOf(c, id)).status).toBe('closed');
      expect(await thread(c, id)).toHaveLength(3);
      expect((await ticketOf(c, late.body.data.ticket_id)).requester_id).toBe(reopened.requester_id);
    });

    it('auto-replies, bounces and our own mail never open or touch a ticket', async () => {
      const c = ctx();
      const { inbound_token, address } = await channel();
      const root = await postRaw(c, inbound_token, await mime({ from: 'kath@customer.test', to: address, subject: 'Loops', messageId: msgId('loop'), text: 'hi' }));
      const rootId = (await c.deps.db.selectFrom('hd_email_messages').select('message_id').where('ticket_id', '=', root.body.data.ticket_id).executeTakeFirstOrThrow()).message_id;
      const before = await countTickets(c);
      const reply = { from: 'kath@customer.test', to: address, subject: 'Re: Loops', inReplyTo: `<${rootId}>`, text: 'I am out of office' };
      const cases: [string, Buffer, RegExp][] = [
        ['Auto-Submitted', await mime({ ...reply, messageId: msgId(), headers: { 'Auto-Submitted': 'auto-replied' } }), /Auto-Submitted/],
        ['Auto-Submitted generated', await mime({ ...reply, messageId: msgId(), headers: { 'Auto-Submitted': 'auto-generated; owner-email="x@y"' } }), /Auto-Submitted/],
        ['Precedence bulk', await mime({ ...reply, messageId: msgId(), headers: { Precedence: 'bulk' } }), /Precedence/],
        ['Precedence junk', await mime({ ...reply, messageId: msgId(), headers: { Precedence: 'junk' } }), /Precedence/],
        ['Precedence auto_reply', await mime({ ...reply, messageId: msgId(), headers: { Precedence: 'auto_reply' } }), /Precedence/],
        ['X-Autoreply', await mime({ ...reply, messageId: msgId(), headers: { 'X-Autoreply': 'yes' } }), /x-autoreply/i],
        ['X-Autorespond', await mime({ ...reply, messageId: msgId(), headers: { 'X-Autorespond': 'Out of office' } }), /x-autorespond/i],
        ['MAILER-DAEMON', await mime({ from: 'MAILER-DAEMON@mx.customer.test', to: address, subject: 'Undelivered Mail Returned to Sender', messageId: msgId(), text: 'failed' }), /bounce/],
        ['postmaster', await mime({ from: 'postmaster@customer.test', to: address, subject: 'Delivery failure', messageId: msgId(), text: 'failed' }), /bounce/],
        ['own address', await mime({ from: address, to: address, subject: `Re: [${root.body.data.ticket_number}] Loops`, messageId: msgId(), text: 'echo' }), /own channel address/],
      ];
      // A real delivery status notification: multipart/report from the recipient's MTA.
      const boundary = 'dsn-boundary-1';
      const dsn = Buffer.from(
        [
          'From: Mail Delivery System <bounces@mx.customer.test>',
          `To: ${address}`,
          'Subject: Delivery Status Notification (Failure)',
          `Message-ID: ${msgId('dsn')}`,
          'MIME-Version: 1.0',
          `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
          '',
          `--${boundary}`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Your message could not be delivered.',
          `--${boundary}`,
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.customer.test',
          '',
          'Final-Recipient: rfc822; nobody@customer.test',
          'Action: failed',
          'Status: 5.1.1',
          `--${boundary}--`,
          '',
        ].join('\r\n'),
      );
      cases.push(['multipart/report', dsn, /multipart\/report/]);
      // The null sender of a bounce that looks like an ordinary message otherwise.
      cases.push(['Return-Path <>', Buffer.from(`Return-Path: <>\r\nFrom: kath@customer.test\r\nTo: ${address}\r\nSubject: Re: Loops\r\nMessage-ID: ${msgId()}\r\n\r\nreturned\r\n`), /Return-Path/]);
      for (const [name, raw, why] of cases) {
        const r = await postRaw(c, inbound_token, raw);
        expect(r.status, `${name}: ${r.text}`).toBe(200);
        expect(r.body.data, name).toMatchObject({ outcome: 'ignored', ticket_id: null });
        expect(r.body.data.reason, name).toMatch(why);
      }
      expect(await countTickets(c)).toBe(before);
      expect(await thread(c, root.body.data.ticket_id)).toHaveLength(1);
      // An ignored message is remembered too: delivered again, it is a duplicate.
      expect((await postRaw(c, inbound_token, cases[0][1])).body.data.outcome).toBe('duplicate');
      // `Auto-Submitted: no` is a person writing: it threads.
      const human = await postRaw(c, inbound_token, await mime({ ...reply, text: 'back now', messageId: msgId(), headers: { 'Auto-Submitted': 'no' } }));
      expect(human.body.data.outcome).toBe('threaded');
      // Nothing was sent in answer to any of it.
      expect((await c.outbox()).filter((m) => m.to_address === 'kath@customer.test' || m.to_address.includes('mailer-daemon'))).toEqual([]);
    });

    it('authenticates by the channel token: 401 without or with a wrong one, 403 disabled, 415/400 for bad bodies; nothing stored', async () => {
      const c = ctx();
      const own = await createChannel(c);
      const raw = await mime({ from: 'auth@customer.test', to: own.address, subject: 'Auth probe', messageId: msgId(), text: 'x' });
      expect((await postRaw(c, null, raw)).status).toBe(401);
      expect((await postRaw(c, 'sbin_wrong', raw)).status).toBe(401);
      // The token also works as a query parameter (hooks that only take a URL).
      const viaQuery = await c.app.inject({ method: 'POST', url: `/api/v1/helpdesk/email-inbound?token=${own.inbound_token}`, headers: { 'content-type': 'message/rfc822' }, payload: raw });
      expect(viaQuery.statusCode, viaQuery.body).toBe(201);
      const raw2 = await mime({ from: 'auth@customer.test', to: own.address, subject: 'Auth probe 2', messageId: msgId(), text: 'x' });
      expect((await postRaw(c, own.inbound_token, '{"a":1}', 'application/json')).status).toBe(415);
      expect((await postRaw(c, own.inbound_token, Buffer.alloc(0))).status).toBe(400);
      // Rotating the token retires the old one.
      const rotated = await c.api('POST', `/api/v1/helpdesk/email-channels/${own.id}/rotate-token`, { token: c.tokens.tenant_admin });
      expect(rotated.status).toBe(200);
      expect((await postRaw(c, own.inbound_token, raw2)).status).toBe(401);
      // A disabled channel takes nothing.
      await c.api('PATCH', `/api/v1/helpdesk/email-channels/${own.id}`, { token: c.tokens.tenant_admin, body: { enabled: false } });
      const disabled = await postRaw(c, rotated.body.data.inbound_token, raw2);
      expect(disabled.status).toBe(403);
      expect(disabled.body.code).toBe('channel_disabled');
      expect((await ticketsLike(c, 'Auth probe 2')).map((t) => t.subject)).toEqual([]);
    });

    it("another tenant's token files the message in that tenant, never in this one", async () => {
      const c = ctx();
      const beta = await createChannel(c, { address: 'help@beta.test' }, c.other.token);
      const r = await postRaw(c, beta.inbound_token, await mime({ from: 'cust@beta-customer.test', to: 'help@beta.test', subject: 'Beta only', messageId: msgId(), text: 'x' }));
      expect(r.status).toBe(201);
      expect(r.body.data.ticket_number).toMatch(/^BETA-/);
      expect(await ticketsLike(c, 'Beta only')).toEqual([]);
      expect((await c.api('GET', `/api/v1/tickets/${r.body.data.ticket_id}`, { token: c.tokens.agent })).status).toBe(404);
      // Threading never crosses tenants: a demo reply naming beta's message id is a new demo ticket.
      const { inbound_token, address } = await channel();
      const betaId = (await c.deps.db.selectFrom('hd_email_messages').select('message_id').where('ticket_id', '=', r.body.data.ticket_id).executeTakeFirstOrThrow()).message_id;
      const cross = await postRaw(c, inbound_token, await mime({ from: 'cust@beta-customer.test', to: address, subject: 'Re: Beta only', messageId: msgId(), inReplyTo: `<${betaId}>`, text: 'y' }));
      expect(cross.body.data.outcome).toBe('created');
      expect(cross.body.data.ticket_number).toMatch(/^DEMO-/);
    });
  });
});
