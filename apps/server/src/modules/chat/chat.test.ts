/**
 * Live chat over real WebSockets: a visitor on the visitor socket, agents on the console socket,
 * the REST API beside them. The app listens on a random port; every dialect runs the suite.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../test/harness.js';
import { openSocket, type TestSocket, type WsMessage } from '../../test/ws-client.js';
import { sweepChat } from './jobs.js';

type Ev = { type: string; seq?: number; data: Record<string, any> };
const evOf = (m: WsMessage) => m.event as Ev;
const sessionIdOf = (e: Ev) => e.data.session_id ?? e.data.session?.id;
const isEvent = (type: string, sessionId?: string) => (m: WsMessage) => m.op === 'event' && evOf(m).type === type && (!sessionId || sessionIdOf(evOf(m)) === sessionId);
const isOp = (op: string, pred: (m: any) => boolean = () => true) => (m: WsMessage) => m.op === op && pred(m);
const msgOps = (s: TestSocket) => s.received.filter((m) => m.op === 'message').map((m) => m.message as { seq: number; body: string; author_type: string });

describeEachDb(
  'live chat',
  (ctx) => {
    let wsBase = '';
    const open: TestSocket[] = [];
    let agentWs: TestSocket;
    const users: Record<string, string> = {};
    let ipCount = 0;
    /** A fresh visitor address (limits count per address). */
    const nextIp = () => `198.51.${100 + Math.floor(ipCount / 250)}.${(ipCount++ % 250) + 1}`;

    const connectConsole = async (token: string) => {
      const s = await openSocket(`${wsBase}/api/v1/ws`);
      open.push(s);
      s.send({ op: 'auth', token });
      await s.next((m) => m.op === 'ready');
      return s;
    };
    /** Set the agent's availability and wait until routing may use them (presence written). */
    const setAgent = async (c: TestContext, token: string, body: Record<string, unknown>) => {
      const r = await c.api('PATCH', '/api/v1/chat/agents/me', { token, body });
      expect(r.status, r.text).toBe(200);
      const want = body.availability === 'online';
      for (let i = 0; i < 100; i++) {
        const me = await c.api('GET', '/api/v1/chat/agents/me', { token });
        if (!want || me.body.data.present) return me.body.data;
        await new Promise((res) => setTimeout(res, 20));
      }
      throw new Error('agent never became present');
    };
    const widget = async (c: TestContext, body: Record<string, unknown> = {}) => {
      const r = await c.api('POST', '/api/v1/chat/widgets', { token: c.tokens.tenant_admin, body: { name: `W ${Math.random().toString(36).slice(2, 8)}`, ...body } });
      expect(r.status, r.text).toBe(201);
      return r.body.data as { id: string; key: string };
    };
    const start = async (c: TestContext, key: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
      const r = await c.api('POST', `/api/v1/chat/public/widgets/${key}/sessions`, { body, headers: { 'x-forwarded-for': nextIp(), ...headers } });
      expect(r.status, r.text).toBe(201);
      return r.body.data as { token: string; session: { id: string; status: string; position: number | null; agent: { name: string } | null } };
    };
    const visitor = async (token: string, after?: number, headers: Record<string, string> = {}) => {
      const s = await openSocket(`${wsBase}/api/v1/chat/visitor/ws`, { headers: { 'x-forwarded-for': nextIp(), ...headers } });
      open.push(s);
      s.send({ op: 'auth', token, after });
      const ready = await s.next(isOp('ready'));
      return Object.assign(s, { ready: ready.session as Record<string, any> });
    };
    const agentSays = async (c: TestContext, sessionId: string, body: string, token = c.tokens.agent, clientId?: string) => {
      const r = await c.api('POST', `/api/v1/chat/sessions/${sessionId}/messages`, { token, body: { body, client_id: clientId } });
      return r;
    };
    const bodyOf = (m: WsMessage) => (m.message as { body: string }).body;

    beforeAll(async () => {
      const c = ctx();
      await c.app.listen({ port: 0, host: '127.0.0.1' });
      wsBase = `ws://127.0.0.1:${(c.app.server.address() as { port: number }).port}`;
      for (const role of ['agent', 'supervisor', 'tenant_admin'] as const)
        users[role] = (await c.api('GET', '/api/v1/auth/me', { token: c.tokens[role] })).body.data.user.id;
      agentWs = await connectConsole(c.tokens.agent);
      await setAgent(c, c.tokens.agent, { availability: 'online', max_chats: 10, auto_accept: true });
    });
    afterAll(() => {
      for (const s of open) s.close();
    });
    // Each test leaves no chat open: a supervisor ends what is left, so the agent's capacity starts empty.
    afterEach(async () => {
      const c = ctx();
      for (const status of ['active', 'queued']) {
        const list = await c.api('GET', `/api/v1/chat/sessions?status=${status}&page_size=100`, { token: c.tokens.supervisor });
        for (const s of list.body.data) await c.api('POST', `/api/v1/chat/sessions/${s.id}/end`, { token: c.tokens.supervisor });
      }
    });

    describe('visitor ↔ agent', () => {
      it('messages both ways in order, typing, read receipts, end and rating', async () => {
        const c = ctx();
        const w = await widget(c);
        const { token, session } = await start(c, w.key, { name: 'Vera Visitor', email: 'vera@example.com', current_url: 'https://shop.test/cart' });
        // Routing gave it to the online agent at once.
        expect(session).toMatchObject({ status: 'active', position: null, agent: { name: 'Alex Agent' } });
        expect(evOf(await agentWs.next(isEvent('chat.session.queued', session.id))).data.session).toMatchObject({
          status: 'queued',
          visitor: { name: 'Vera Visitor', email: 'vera@example.com', current_url: 'https://shop.test/cart' },
        });
        await agentWs.next(isEvent('chat.session.assigned', session.id));

        const v = await visitor(token);
        expect(v.ready).toMatchObject({ id: session.id, status: 'active', last_seq: 0, agent: { name: 'Alex Agent' } });

        // Visitor → agent: stored as typed (plain text, never interpreted), acknowledged with its seq.
        v.send({ op: 'message', client_id: 'm1', body: '<b>Hello</b> & <script>x()</script>' });
        expect(await v.next(isOp('ack'))).toEqual({ op: 'ack', client_id: 'm1', seq: 1 });
        expect((await v.next(isOp('message'))).message).toMatchObject({ seq: 1, author_type: 'visitor', body: '<b>Hello</b> & <script>x()</script>', client_id: 'm1' });
        const created = evOf(await agentWs.next(isEvent('chat.message.created', session.id)));
        expect(created.data.message).toMatchObject({ seq: 1, author_type: 'visitor', author_name: 'Vera Visitor', body: '<b>Hello</b> & <script>x()</script>' });
        expect(created.seq).toBeGreaterThan(0);

        // Agent → visitor.
        const reply = await agentSays(c, session.id, 'Hi Vera, how can I help?');
        expect(reply.status, reply.text).toBe(201);
        expect(reply.body.data).toMatchObject({ seq: 2, author_type: 'agent', author_user_id: users.agent, author_name: 'Alex Agent' });
        expect((await v.next(isOp('message'))).message).toEqual({
          seq: 2,
          author_type: 'agent',
          author_name: 'Alex Agent',
          body: 'Hi Vera, how can I help?',
          attachment: null,
          client_id: null,
          created_at: reply.body.data.created_at,
        });

        // Typing both ways (ephemeral: no seq).
        v.send({ op: 'typing', typing: true });
        const typing = evOf(await agentWs.next(isEvent('chat.typing', session.id)));
        expect(typing.data).toEqual({ session_id: session.id, author_type: 'visitor', user_id: null, typing: true });
        expect(typing.seq).toBeUndefined();
        expect((await c.api('POST', `/api/v1/chat/sessions/${session.id}/typing`, { token: c.tokens.agent, body: { typing: true } })).status).toBe(204);
        expect(await v.next(isOp('typing'))).toEqual({ op: 'typing', typing: true });

        // Read receipts: the visitor read the reply; the agent reads the visitor's next message.
        v.send({ op: 'read', seq: 2 });
        expect(evOf(await agentWs.next(isEvent('chat.read', session.id))).data).toEqual({ session_id: session.id, reader: 'visitor', user_id: null, seq: 2 });
        v.send({ op: 'message', client_id: 'm2', body: 'My parcel is late' });
        await v.next(isOp('ack', (m) => m.client_id === 'm2'));
        const mine = await c.api('GET', '/api/v1/chat/sessions?mine=true&status=active', { token: c.tokens.agent });
        expect(mine.body.data.find((s: { id: string }) => s.id === session.id)).toMatchObject({ unread: 1, last_seq: 3, agent_read_seq: 2 });
        const read = await c.api('POST', `/api/v1/chat/sessions/${session.id}/read`, { token: c.tokens.agent, body: { seq: 99 } });
        expect(read.status, read.text).toBe(200);
        expect(read.body.data).toMatchObject({ unread: 0, agent_read_seq: 3 });
        expect(await v.next(isOp('read'))).toEqual({ op: 'read', seq: 3 });

        // Only the agent handling it writes in it.
        const notMine = await agentSays(c, session.id, 'Supervisor here', c.tokens.supervisor);
        expect(notMine.status).toBe(409);
        expect(notMine.body.code).toBe('not_assigned');

        // The visitor ends it; then no one writes; the visitor rates once.
        v.send({ op: 'end' });
        expect((await v.next(isOp('session'))).session).toMatchObject({ status: 'ended' });
        expect(evOf(await agentWs.next(isEvent('chat.session.ended', session.id))).data.session).toMatchObject({ status: 'ended', ended_by: 'visitor' });
        v.send({ op: 'message', client_id: 'late', body: 'one more thing' });
        expect(await v.next(isOp('error'))).toMatchObject({ code: 'session_ended', client_id: 'late' });
        const late = await agentSays(c, session.id, 'Bye');
        expect(late.status).toBe(409);
        expect(late.body.code).toBe('session_ended');
        v.send({ op: 'rate', rating: 4, comment: 'Quick help' });
        expect((await v.next(isOp('session', (m) => m.session.rating !== null))).session).toMatchObject({ rating: 4, rating_comment: 'Quick help' });
        v.send({ op: 'rate', rating: 1 });
        expect(await v.next(isOp('error'))).toMatchObject({ code: 'already_rated' });

        const got = await c.api('GET', `/api/v1/chat/sessions/${session.id}`, { token: c.tokens.viewer });
        expect(got.status).toBe(200);
        expect(got.body.data).toMatchObject({ status: 'ended', ended_by: 'visitor', rating: 4, rating_comment: 'Quick help', agent_id: users.agent, agent_name: 'Alex Agent' });
        expect(got.body.data.messages.map((m: { seq: number; body: string }) => [m.seq, m.body])).toEqual([
          [1, '<b>Hello</b> & <script>x()</script>'],
          [2, 'Hi Vera, how can I help?'],
          [3, 'My parcel is late'],
        ]);
        const { metrics } = got.body.data;
        expect(metrics.wait_seconds).toBeGreaterThanOrEqual(0);
        expect(metrics.first_response_seconds).toBeGreaterThanOrEqual(metrics.wait_seconds);
        expect(metrics.duration_seconds).toBeGreaterThanOrEqual(0);
        // The agent's slot came back.
        expect((await c.api('GET', '/api/v1/chat/agents/me', { token: c.tokens.agent })).body.data.active_chats).toBe(0);
      });

      it('a visitor who reconnects after the last seq it saw gets every message sent meanwhile, in order, once; a reload gets the whole history', async () => {
        const c = ctx();
        const w = await widget(c);
        const { token, session } = await start(c, w.key, { name: 'Rita Reconnect' });
        const first = await visitor(token);
        await agentSays(c, session.id, 'one');
        expect(bodyOf(await first.next(isOp('message')))).toBe('one');
        first.close();
        await first.closed;
        for (const text of ['two', 'three', 'four']) expect((await agentSays(c, session.id, text)).status).toBe(201);
        const again = await visitor(token, 1);
        expect(again.ready.last_seq).toBe(4);
        for (const text of ['two', 'three', 'four']) expect(bodyOf(await again.next(isOp('message')))).toBe(text);
        await agentSays(c, session.id, 'five');
        expect(bodyOf(await again.next(isOp('message')))).toBe('five');
        expect(msgOps(again).map((m) => m.seq)).toEqual([2, 3, 4, 5]);

        const reload = await visitor(token, 0);
        for (let i = 0; i < 5; i++) await reload.next(isOp('message'));
        expect(msgOps(reload).map((m) => m.body)).toEqual(['one', 'two', 'three', 'four', 'five']);
        // A client ahead of the session (bad storage) is caught up from where the session is.
        const ahead = await visitor(token, 50);
        await agentSays(c, session.id, 'six');
        expect((await ahead.next(isOp('message'))).message).toMatchObject({ seq: 6, body: 'six' });
      });

      it('a message resent with the same client id (same socket, after a reconnect, or by an agent) is stored once', async () => {
        const c = ctx();
        const w = await widget(c);
        const { token, session } = await start(c, w.key);
        const v = await visitor(token);
        v.send({ op: 'message', client_id: 'dup-1', body: 'only once' });
        v.send({ op: 'message', client_id: 'dup-1', body: 'only once' });
        const a1 = await v.next(isOp('ack'));
        const a2 = await v.next(isOp('ack'));
        expect(a1).toEqual({ op: 'ack', client_id: 'dup-1', seq: 1 });
        expect(a2).toEqual(a1);
        v.close();
        const again = await visitor(token, 1);
        again.send({ op: 'message', client_id: 'dup-1', body: 'only once' });
        expect(await again.next(isOp('ack'))).toEqual(a1);
        const first = await agentSays(c, session.id, 'agent once', c.tokens.agent, 'a-1');
        const second = await agentSays(c, session.id, 'agent once', c.tokens.agent, 'a-1');
        expect(first.status).toBe(201);
        expect(second.status).toBe(200);
        expect(second.body.data).toEqual(first.body.data);
        const got = await c.api('GET', `/api/v1/chat/sessions/${session.id}`, { token: c.tokens.agent });
        expect(got.body.data.messages.map((m: { body: string }) => m.body)).toEqual(['only once', 'agent once']);
        expect(got.body.data.last_seq).toBe(2);
        // The reconnected visitor saw the agent's message and no second copy of its own.
        await again.next(isOp('message', (m) => m.message.body === 'agent once'));
        expect(msgOps(again).map((m) => m.seq)).toEqual([2]);
      });
    });

    describe('queue', () => {
      it('shows queued visitors their place and moves them up as chats end; a visitor leaving the queue abandons the chat', async () => {
        const c = ctx();
        await setAgent(c, c.tokens.agent, { max_chats: 1 });
        try {
          const w = await widget(c);
          const s1 = await start(c, w.key, { name: 'First' });
          const s2 = await start(c, w.key, { name: 'Second' });
          const s3 = await start(c, w.key, { name: 'Third' });
          expect([s1.session.status, s2.session.status, s3.session.status]).toEqual(['active', 'queued', 'queued']);
          expect([s2.session.position, s3.session.position]).toEqual([1, 2]);
          const v2 = await visitor(s2.token);
          const v3 = await visitor(s3.token);
          expect(v2.ready).toMatchObject({ status: 'queued', position: 1, agent: null });
          expect(v3.ready).toMatchObject({ status: 'queued', position: 2 });
          // A queued visitor may already write; the agent reads it once the chat is theirs.
          v2.send({ op: 'message', client_id: 'q1', body: 'Anyone there?' });
          await v2.next(isOp('ack'));

          const ended = await c.api('POST', `/api/v1/chat/sessions/${s1.session.id}/end`, { token: c.tokens.agent });
          expect(ended.status, ended.text).toBe(200);
          expect(ended.body.data).toMatchObject({ status: 'ended', ended_by: 'agent' });
          // The freed slot takes the oldest queued chat at once; the next visitor moves up.
          expect((await v2.next(isOp('session'))).session).toMatchObject({ status: 'active', position: null, agent: { name: 'Alex Agent' } });
          expect(await v3.next(isOp('queue'))).toEqual({ op: 'queue', position: 1 });
          const s2view = await c.api('GET', `/api/v1/chat/sessions/${s2.session.id}`, { token: c.tokens.agent });
          expect(s2view.body.data).toMatchObject({ status: 'active', unread: 1 });

          v3.send({ op: 'end' });
          expect((await v3.next(isOp('session'))).session).toMatchObject({ status: 'abandoned' });
          expect(evOf(await agentWs.next(isEvent('chat.session.ended', s3.session.id))).data.session).toMatchObject({ status: 'abandoned', ended_by: 'visitor', agent_id: null });
        } finally {
          await setAgent(c, c.tokens.agent, { max_chats: 10 });
        }
      });
    });

    describe('visitors who leave', () => {
      it('a queued chat whose visitor stopped showing signs of life is abandoned by the chat sweep; one with a connected visitor is not', async () => {
        const c = ctx();
        await setAgent(c, c.tokens.agent, { max_chats: 1 });
        try {
          const w = await widget(c);
          await start(c, w.key, { name: 'Busy' });
          const gone = await start(c, w.key, { name: 'Gone' });
          const here = await start(c, w.key, { name: 'Here' });
          const v = await visitor(here.token);
          expect(v.ready.position).toBe(2);
          // The visitor who closed the page: last seen three minutes ago. The connected one was just seen (auth).
          const old = new Date(Date.now() - 3 * 60_000).toISOString();
          await c.deps.db.updateTable('chat_sessions').set({ last_visitor_activity_at: old }).where('id', '=', gone.session.id).execute();
          const swept = await sweepChat(c.deps);
          expect(swept.abandoned).toBe(1);
          const g = await c.api('GET', `/api/v1/chat/sessions/${gone.session.id}`, { token: c.tokens.agent });
          expect(g.body.data).toMatchObject({ status: 'abandoned', ended_by: 'system', agent_id: null });
          expect(await v.next(isOp('queue'))).toEqual({ op: 'queue', position: 1 });
          expect((await c.api('GET', `/api/v1/chat/sessions/${here.session.id}`, { token: c.tokens.agent })).body.data.status).toBe('queued');
          expect((await sweepChat(c.deps)).abandoned).toBe(0);
        } finally {
          await setAgent(c, c.tokens.agent, { max_chats: 10 });
        }
      });
    });

    describe('offline', () => {
      it('with no agent online the widget is offline; the offline form becomes a ticket of the visitor’s contact', async () => {
        const c = ctx();
        const w = await widget(c, { offline_message: 'We are away' });
        await setAgent(c, c.tokens.agent, { availability: 'offline' });
        try {
          const cfg = await c.api('GET', `/api/v1/chat/public/widgets/${w.key}`);
          expect(cfg.status).toBe(200);
          expect(cfg.body.data).toMatchObject({ key: w.key, online: false, offline_reason: 'no_agents', offline_message: 'We are away' });
          expect(cfg.body.data).not.toHaveProperty('allowed_domains');
          const refused = await c.api('POST', `/api/v1/chat/public/widgets/${w.key}/sessions`, { body: { name: 'Late' }, headers: { 'x-forwarded-for': nextIp() } });
          expect(refused.status).toBe(409);
          expect(refused.body.code).toBe('chat_offline');

          const bad = await c.api('POST', `/api/v1/chat/public/widgets/${w.key}/offline`, { body: { name: 'Olga', email: 'not-an-email', message: 'x' }, headers: { 'x-forwarded-for': nextIp() } });
          expect(bad.status).toBe(400);
          const r = await c.api('POST', `/api/v1/chat/public/widgets/${w.key}/offline`, {
            body: { name: 'Olga Offline', email: 'Olga@Example.com', phone: '+49 30 1234567', message: 'Please call me back <b>today</b>', current_url: 'https://shop.test/help' },
            headers: { 'x-forwarded-for': nextIp() },
          });
          expect(r.status, r.text).toBe(201);
          expect(r.body.data.reference).toMatch(/^[A-Z0-9]+-\d{5}$/);
          const ticket = await c.deps.db.selectFrom('tickets').selectAll().where('tenant_id', '=', 'demo').where('number', '=', r.body.data.reference).executeTakeFirstOrThrow();
          expect(ticket.subject).toBe('Offline chat message from Olga Offline');
          expect(ticket.description).toContain('Please call me back <b>today</b>');
          expect(ticket.description).toContain('Page: https://shop.test/help');
          const contact = await c.api('GET', `/api/v1/contacts/${ticket.requester_id}`, { token: c.tokens.agent });
          expect(contact.body.data).toMatchObject({ email: 'olga@example.com', first_name: 'Olga', last_name: 'Offline', phone: '+49 30 1234567' });
          // A second message from the same address reuses the contact.
          const again = await c.api('POST', `/api/v1/chat/public/widgets/${w.key}/offline`, { body: { name: 'Olga', email: 'olga@example.com', message: 'Still waiting' }, headers: { 'x-forwarded-for': nextIp() } });
          const t2 = await c.deps.db.selectFrom('tickets').select('requester_id').where('number', '=', again.body.data.reference).executeTakeFirstOrThrow();
          expect(t2.requester_id).toBe(ticket.requester_id);
        } finally {
          await setAgent(c, c.tokens.agent, { availability: 'online' });
        }
      });

      it('outside the widget’s business hours it is closed even with agents online', async () => {
        const c = ctx();
        const sched = await c.api('POST', '/api/v1/telephony/schedules', { token: c.tokens.tenant_admin, body: { name: 'Chat never open', timezone: 'UTC' } });
        expect(sched.status, sched.text).toBe(201);
        const w = await widget(c, { schedule_id: sched.body.data.id });
        const cfg = await c.api('GET', `/api/v1/chat/public/widgets/${w.key}`);
        expect(cfg.body.data).toMatchObject({ online: false, offline_reason: 'closed' });
        const refused = await c.api('POST', `/api/v1/chat/public/widgets/${w.key}/sessions`, { body: {}, headers: { 'x-forwarded-for': nextIp() } });
        expect(refused.body.code).toBe('chat_offline');
        const always = await c.api('POST', '/api/v1/telephony/schedules', {
          token: c.tokens.tenant_admin,
          body: { name: 'Chat always open', timezone: 'UTC', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])) },
        });
        expect(always.status, always.text).toBe(201);
        await c.api('PATCH', `/api/v1/chat/widgets/${w.id}`, { token: c.tokens.tenant_admin, body: { schedule_id: always.body.data.id } });
        expect((await c.api('GET', `/api/v1/chat/public/widgets/${w.key}`)).body.data).toMatchObject({ online: true, offline_reason: null });
        // A schedule a widget opens on cannot be deleted (409 naming the widget); once the widget is gone it can.
        const inUse = await c.api('DELETE', `/api/v1/telephony/schedules/${always.body.data.id}`, { token: c.tokens.tenant_admin });
        expect(inUse.status).toBe(409);
        expect(inUse.body.errors.map((e: { field: string }) => e.field)).toEqual([`chat_widget:${w.id}`]);
        expect((await c.api('DELETE', `/api/v1/chat/widgets/${w.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
        expect((await c.api('DELETE', `/api/v1/telephony/schedules/${always.body.data.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
      });

      it('checks the pre-chat form: required name and email, field types, select options, unknown fields', async () => {
        const c = ctx();
        const w = await widget(c, {
          behaviour: {
            require_name: true,
            require_email: true,
            prechat_fields: [
              { key: 'plan', label: 'Plan', type: 'select', required: true, options: ['Basic', 'Pro'] },
              { key: 'terms', label: 'I agree', type: 'checkbox', required: true },
              { key: 'callback', label: 'Callback number', type: 'phone', required: false },
            ],
          },
        });
        const url = `/api/v1/chat/public/widgets/${w.key}/sessions`;
        const r = await c.api('POST', url, { body: { prechat: { plan: 'Gold', callback: 'call me', other: 'x' } }, headers: { 'x-forwarded-for': nextIp() } });
        expect(r.status).toBe(400);
        expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'name', 'prechat.callback', 'prechat.other', 'prechat.plan', 'prechat.terms']);
        const ok = await start(c, w.key, { name: 'Paula', email: 'paula@example.com', prechat: { plan: 'Pro', terms: true } });
        const got = await c.api('GET', `/api/v1/chat/sessions/${ok.session.id}`, { token: c.tokens.agent });
        expect(got.body.data.prechat).toEqual({ plan: 'Pro', terms: true });
      });
    });

    describe('access', () => {
      it('refuses pages (Origin) and addresses the widget does not allow, over REST and on the socket; answers CORS', async () => {
        const c = ctx();
        const w = await widget(c, { allowed_domains: ['*.example.com'], ip_allowlist: ['203.0.113.0/24'] });
        const good = { origin: 'https://shop.example.com', 'x-forwarded-for': '203.0.113.9' };
        const cfg = await c.api('GET', `/api/v1/chat/public/widgets/${w.key}`, { headers: good });
        expect(cfg.status, cfg.text).toBe(200);
        expect(cfg.headers['access-control-allow-origin']).toBe('https://shop.example.com');
        for (const [headers, code] of [
          [{ ...good, origin: 'https://evil.test' }, 'origin_not_allowed'],
          [{ ...good, origin: 'https://example.com' }, 'origin_not_allowed'],
          [{ 'x-forwarded-for': '203.0.113.9' }, 'origin_not_allowed'],
          [{ ...good, 'x-forwarded-for': '198.51.100.200' }, 'ip_not_allowed'],
        ] as const) {
          const r = await c.api('GET', `/api/v1/chat/public/widgets/${w.key}`, { headers });
          expect(r.status, JSON.stringify(headers)).toBe(403);
          expect(r.body.code).toBe(code);
        }
        const refused = await c.api('POST', `/api/v1/chat/public/widgets/${w.key}/sessions`, { body: { name: 'Eve' }, headers: { ...good, origin: 'https://evil.test' } });
        expect(refused.status).toBe(403);
        const offline = await c.api('POST', `/api/v1/chat/public/widgets/${w.key}/offline`, { body: { name: 'Eve', email: 'eve@evil.test', message: 'hi' }, headers: { ...good, origin: 'https://evil.test' } });
        expect(offline.status).toBe(403);
        const count = await c.deps.db.selectFrom('chat_sessions').select((e) => e.fn.countAll().as('n')).where('widget_id', '=', w.id).executeTakeFirstOrThrow();
        expect(Number(count.n)).toBe(0);

        const preflight = await c.app.inject({
          method: 'OPTIONS',
          url: `/api/v1/chat/public/widgets/${w.key}/sessions`,
          headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
        });
        expect(preflight.statusCode).toBe(204);
        expect(preflight.headers['access-control-allow-origin']).toBe('https://shop.example.com');
        expect(String(preflight.headers['access-control-allow-headers'])).toContain('x-visitor-token');

        const { token } = await start(c, w.key, { name: 'Good' }, good);
        const evil = await openSocket(`${wsBase}/api/v1/chat/visitor/ws`, { headers: { ...good, origin: 'https://evil.test' } });
        open.push(evil);
        evil.send({ op: 'auth', token });
        expect(await evil.closed).toBe(4003);
        const elsewhere = await openSocket(`${wsBase}/api/v1/chat/visitor/ws`, { headers: { ...good, 'x-forwarded-for': '198.51.100.201' } });
        open.push(elsewhere);
        elsewhere.send({ op: 'auth', token });
        expect(await elsewhere.closed).toBe(4003);
        const ok = await visitor(token, 0, good);
        expect(ok.ready.status).toBe('active');
      });

      it('a visitor token reads only its own session: another session’s messages never reach it; bad tokens are refused', async () => {
        const c = ctx();
        const w = await widget(c);
        const a = await start(c, w.key, { name: 'Anna' });
        const b = await start(c, w.key, { name: 'Ben' });
        const va = await visitor(a.token);
        const vb = await visitor(b.token);
        expect(va.ready.id).toBe(a.session.id);
        expect(vb.ready.id).toBe(b.session.id);
        await agentSays(c, b.session.id, 'secret for Ben');
        vb.send({ op: 'typing', typing: true });
        await c.api('POST', `/api/v1/chat/sessions/${b.session.id}/typing`, { token: c.tokens.agent, body: { typing: true } });
        await vb.next(isOp('message', (m) => m.message.body === 'secret for Ben'));
        await vb.next(isOp('typing'));
        await agentSays(c, a.session.id, 'for Anna');
        await va.next(isOp('message', (m) => m.message.body === 'for Anna'));
        expect(va.received.filter((m) => m.op === 'message').map(bodyOf)).toEqual(['for Anna']);
        expect(va.received.some((m) => m.op === 'typing')).toBe(false);
        // Reading and ending act on the token's own session only.
        va.send({ op: 'end' });
        await va.next(isOp('session'));
        expect((await c.api('GET', `/api/v1/chat/sessions/${b.session.id}`, { token: c.tokens.agent })).body.data.status).toBe('active');
        const rate = await c.api('POST', '/api/v1/chat/public/session/rating', { body: { rating: 5 }, headers: { 'x-visitor-token': a.token } });
        expect(rate.status, rate.text).toBe(200);
        expect(rate.body.data).toMatchObject({ id: a.session.id, rating: 5 });
        expect((await c.api('GET', `/api/v1/chat/sessions/${b.session.id}`, { token: c.tokens.agent })).body.data.rating).toBeNull();

        expect((await c.api('POST', '/api/v1/chat/public/session/rating', { body: { rating: 5 }, headers: { 'x-visitor-token': 'forged' } })).status).toBe(401);
        expect((await c.api('POST', '/api/v1/chat/public/session/rating', { body: { rating: 5 } })).status).toBe(401);
        const forged = await openSocket(`${wsBase}/api/v1/chat/visitor/ws`);
        open.push(forged);
        forged.send({ op: 'auth', token: `${a.token.slice(0, -2)}xx` });
        expect(await forged.closed).toBe(4001);
        const early = await openSocket(`${wsBase}/api/v1/chat/visitor/ws`);
        open.push(early);
        early.send({ op: 'message', client_id: 'x', body: 'no auth' });
        expect(await early.closed).toBe(4001);
        const junk = await openSocket(`${wsBase}/api/v1/chat/visitor/ws`);
        open.push(junk);
        junk.send('hello');
        expect(await junk.closed).toBe(4400);
      });

      it("another tenant's agents get 404 for every chat route of this tenant's session and list none of it", async () => {
        const c = ctx();
        const w = await widget(c);
        const { session } = await start(c, w.key, { name: 'Private' });
        const beta = c.other.token;
        expect((await c.api('GET', `/api/v1/chat/sessions/${session.id}`, { token: beta })).status).toBe(404);
        for (const [path, body] of [
          ['messages', { body: 'hi' }],
          ['typing', { typing: true }],
          ['read', { seq: 1 }],
          ['end', undefined],
          ['ticket', {}],
        ] as const) {
          const r = await c.api('POST', `/api/v1/chat/sessions/${session.id}/${path}`, { token: beta, body });
          expect(r.status, `${path}: ${r.text}`).toBe(404);
        }
        const list = await c.api('GET', '/api/v1/chat/sessions?page_size=100', { token: beta });
        expect(list.body.data.map((s: { id: string }) => s.id)).not.toContain(session.id);
        expect((await c.api('GET', `/api/v1/chat/sessions/${session.id}`, { token: c.tokens.agent })).body.data.status).toBe('active');
      });
    });

    describe('files', () => {
      /** A multipart body with an optional client_id field and one file. */
      const multipart = (filename: string, type: string, data: Buffer, clientId?: string) => {
        const boundary = `sbt-${Math.random().toString(36).slice(2)}`;
        const parts: Buffer[] = [];
        if (clientId) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="client_id"\r\n\r\n${clientId}\r\n`));
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`));
        return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
      };
      // A 1×1 PNG.
      const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
      const upload = async (c: TestContext, url: string, headers: Record<string, string>, body: ReturnType<typeof multipart>) => {
        const r = await c.app.inject({ method: 'POST', url, headers: { ...headers, ...body.headers }, payload: body.payload });
        return { status: r.statusCode, body: JSON.parse(r.body) };
      };

      it('visitor and agent send files as messages (types sniffed, size limited, resend stored once); each side downloads; a token opens only its own chat’s files', async () => {
        const c = ctx();
        const w = await widget(c);
        const a = await start(c, w.key, { name: 'Fiona File' });
        const b = await start(c, w.key, { name: 'Other' });
        const v = await visitor(a.token);
        const ip = { 'x-forwarded-for': nextIp() };

        const sent = await upload(c, '/api/v1/chat/public/session/files', { 'x-visitor-token': a.token, ...ip }, multipart('pixel.png', 'image/png', PNG, 'f1'));
        expect(sent.status, JSON.stringify(sent.body)).toBe(201);
        expect(sent.body.data).toMatchObject({ seq: 1, author_type: 'visitor', body: '', client_id: 'f1', attachment: { filename: 'pixel.png', content_type: 'image/png', size: PNG.length } });
        const fileId = sent.body.data.attachment.id as string;
        expect(((await v.next(isOp('message'))).message as { attachment: unknown }).attachment).toMatchObject({ id: fileId, filename: 'pixel.png' });
        expect(evOf(await agentWs.next(isEvent('chat.message.created', a.session.id))).data.message.attachment).toMatchObject({ id: fileId, content_type: 'image/png' });
        const again = await upload(c, '/api/v1/chat/public/session/files', { 'x-visitor-token': a.token, ...ip }, multipart('pixel.png', 'image/png', PNG, 'f1'));
        expect(again.status).toBe(200);
        expect(again.body.data.seq).toBe(1);

        // The agent downloads it; images may be shown inline.
        const dl = await c.app.inject({ method: 'GET', url: `/api/v1/chat/sessions/${a.session.id}/files/${fileId}?inline=1`, headers: { authorization: `Bearer ${c.tokens.agent}` } });
        expect(dl.statusCode).toBe(200);
        expect(dl.rawPayload.equals(PNG)).toBe(true);
        expect(dl.headers['content-type']).toBe('image/png');
        expect(String(dl.headers['content-disposition'])).toMatch(/^inline; filename="pixel.png"/);
        expect(dl.headers['x-content-type-options']).toBe('nosniff');

        // A program is refused whatever it is called; a file over the tenant's limit too; nothing is stored.
        const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
        const refused = await upload(c, '/api/v1/chat/public/session/files', { 'x-visitor-token': a.token, ...ip }, multipart('invoice.pdf.exe', 'application/pdf', exe));
        expect(refused.status).toBe(415);
        expect(refused.body.code).toBe('attachment_type_refused');
        const { settings } = await c.deps.db.selectFrom('tenants').select('settings').where('id', '=', 'demo').executeTakeFirstOrThrow();
        await c.deps.db.updateTable('tenants').set({ settings: JSON.stringify({ ...JSON.parse(settings), max_attachment_mb: 1 }) }).where('id', '=', 'demo').execute();
        try {
          expect((await c.api('GET', `/api/v1/chat/public/widgets/${w.key}`)).body.data.max_file_bytes).toBe(1024 * 1024);
          const big = await upload(c, '/api/v1/chat/public/session/files', { 'x-visitor-token': a.token, ...ip }, multipart('big.txt', 'text/plain', Buffer.alloc(1024 * 1024 + 10, 0x61)));
          expect(big.status).toBe(413);
          expect(big.body.code).toBe('attachment_too_large');
        } finally {
          await c.deps.db.updateTable('tenants').set({ settings }).where('id', '=', 'demo').execute();
        }
        expect((await c.api('GET', `/api/v1/chat/sessions/${a.session.id}`, { token: c.tokens.agent })).body.data.last_seq).toBe(1);

        // The agent sends a text file; the visitor downloads it as an attachment.
        const agentFile = await upload(c, `/api/v1/chat/sessions/${a.session.id}/files`, { authorization: `Bearer ${c.tokens.agent}` }, multipart('notes.txt', 'text/plain', Buffer.from('Your tracking number is 42')));
        expect(agentFile.status, JSON.stringify(agentFile.body)).toBe(201);
        expect(agentFile.body.data).toMatchObject({ seq: 2, author_type: 'agent', attachment: { filename: 'notes.txt', content_type: 'text/plain' } });
        const pushed = (await v.next(isOp('message', (m) => m.message.seq === 2))).message as { attachment: { id: string } };
        const mine = await c.app.inject({ method: 'GET', url: `/api/v1/chat/public/session/files/${pushed.attachment.id}`, headers: { 'x-visitor-token': a.token } });
        expect(mine.statusCode).toBe(200);
        expect(mine.body).toBe('Your tracking number is 42');
        expect(String(mine.headers['content-disposition'])).toMatch(/^attachment; filename="notes.txt"/);
        // Another visitor's token, another tenant, another chat: 404.
        const foreign = await c.app.inject({ method: 'GET', url: `/api/v1/chat/public/session/files/${fileId}`, headers: { 'x-visitor-token': b.token } });
        expect(foreign.statusCode).toBe(404);
        expect((await c.app.inject({ method: 'GET', url: `/api/v1/chat/sessions/${b.session.id}/files/${fileId}`, headers: { authorization: `Bearer ${c.tokens.agent}` } })).statusCode).toBe(404);
        expect((await c.app.inject({ method: 'GET', url: `/api/v1/chat/sessions/${a.session.id}/files/${fileId}`, headers: { authorization: `Bearer ${c.other.token}` } })).statusCode).toBe(404);
        // Only the agent handling the chat sends files.
        const notMine = await upload(c, `/api/v1/chat/sessions/${a.session.id}/files`, { authorization: `Bearer ${c.tokens.supervisor}` }, multipart('x.txt', 'text/plain', Buffer.from('x')));
        expect(notMine.status).toBe(409);

        // A widget that takes no files refuses them.
        await c.api('PATCH', `/api/v1/chat/widgets/${w.id}`, { token: c.tokens.tenant_admin, body: { behaviour: { file_upload: false } } });
        const off = await upload(c, '/api/v1/chat/public/session/files', { 'x-visitor-token': a.token, ...ip }, multipart('pixel.png', 'image/png', PNG));
        expect(off.status).toBe(403);
        expect(off.body.code).toBe('file_upload_disabled');
      });
    });

    describe('history and tickets', () => {
      it('turns a chat into a ticket with the transcript as its first message (once), and finds chats by text, visitor, agent and date', async () => {
        const c = ctx();
        const w = await widget(c);
        const { token, session } = await start(c, w.key, { name: 'Tom Ticket', email: 'tom@example.com' });
        const v = await visitor(token);
        v.send({ op: 'message', client_id: 't1', body: 'Order 4711 never arrived' });
        await v.next(isOp('ack'));
        await agentSays(c, session.id, 'Sorry Tom, I will check');
        await c.api('POST', `/api/v1/chat/sessions/${session.id}/end`, { token: c.tokens.agent });

        const t = await c.api('POST', `/api/v1/chat/sessions/${session.id}/ticket`, { token: c.tokens.agent, body: { priority: 'high' } });
        expect(t.status, t.text).toBe(201);
        expect(t.body.data).toMatchObject({ subject: 'Chat with Tom Ticket', priority: 'high', description: 'Order 4711 never arrived' });
        const requester = await c.api('GET', `/api/v1/contacts/${t.body.data.requester_id}`, { token: c.tokens.agent });
        expect(requester.body.data.email).toBe('tom@example.com');
        const thread = await c.api('GET', `/api/v1/tickets/${t.body.data.id}/messages`, { token: c.tokens.agent });
        expect(thread.body.data).toHaveLength(1);
        const transcript = thread.body.data[0].body as string;
        expect(thread.body.data[0]).toMatchObject({ format: 'text', internal: false, author_contact_id: t.body.data.requester_id });
        expect(transcript).toContain('Visitor: Tom Ticket <tom@example.com>');
        expect(transcript.indexOf('Tom Ticket: Order 4711 never arrived')).toBeGreaterThan(0);
        expect(transcript.indexOf('Alex Agent: Sorry Tom, I will check')).toBeGreaterThan(transcript.indexOf('Order 4711'));
        const again = await c.api('POST', `/api/v1/chat/sessions/${session.id}/ticket`, { token: c.tokens.agent, body: {} });
        expect(again.status).toBe(409);
        const chat = await c.api('GET', `/api/v1/chat/sessions/${session.id}`, { token: c.tokens.agent });
        expect(chat.body.data).toMatchObject({ ticket_id: t.body.data.id, contact_id: t.body.data.requester_id });
        expect((await c.api('POST', `/api/v1/chat/sessions/${session.id}/ticket`, { token: c.tokens.viewer, body: {} })).status).toBe(403);

        const ids = async (q: string) => (await c.api('GET', `/api/v1/chat/sessions?${q}`, { token: c.tokens.viewer })).body.data.map((s: { id: string }) => s.id);
        expect(await ids('q=4711')).toEqual([session.id]);
        expect(await ids('q=ORDER%204711')).toEqual([session.id]);
        expect(await ids('visitor=tom%20tick')).toEqual([session.id]);
        expect(await ids(`visitor=tom@example&agent_id=${users.agent}&status=ended`)).toEqual([session.id]);
        expect(await ids(`q=4711&agent_id=${users.supervisor}`)).toEqual([]);
        const today = new Date().toISOString().slice(0, 10);
        const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
        expect(await ids(`q=4711&from=${today}&to=${today}`)).toEqual([session.id]);
        expect(await ids(`q=4711&from=${tomorrow}`)).toEqual([]);
        expect(await ids(`q=4711&to=2020-01-01`)).toEqual([]);
        const found = (await c.api('GET', '/api/v1/chat/sessions?q=4711', { token: c.tokens.viewer })).body.data[0];
        expect(found.metrics).toEqual({
          wait_seconds: expect.any(Number),
          first_response_seconds: expect.any(Number),
          duration_seconds: expect.any(Number),
        });
      });
    });

    describe('rate limits', () => {
      it('limits chats started per visitor address and per widget, and messages per address; refused attempts store nothing', async () => {
        const c = ctx();
        const w = await widget(c);
        const ip = nextIp();
        for (let i = 0; i < 4; i++) await start(c, w.key, {}, { 'x-forwarded-for': ip });
        const limited = await c.api('POST', `/api/v1/chat/public/widgets/${w.key}/sessions`, { body: {}, headers: { 'x-forwarded-for': ip } });
        expect(limited.status).toBe(429);
        expect(limited.body.code).toBe('rate_limited');
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        const offline = await c.api('POST', `/api/v1/chat/public/widgets/${w.key}/offline`, { body: { name: 'Spam', email: 'spam@example.com', message: 'x' }, headers: { 'x-forwarded-for': ip } });
        expect(offline.status).toBe(429);
        const count = async (widgetId: string) =>
          Number((await c.deps.db.selectFrom('chat_sessions').select((e) => e.fn.countAll().as('n')).where('widget_id', '=', widgetId).executeTakeFirstOrThrow()).n);
        expect(await count(w.id)).toBe(4);
        // Another address may still start one; the widget's own limit (6 per hour) then stops everyone.
        await start(c, w.key, {}, { 'x-forwarded-for': nextIp() });
        await start(c, w.key, {}, { 'x-forwarded-for': nextIp() });
        const widgetLimited = await c.api('POST', `/api/v1/chat/public/widgets/${w.key}/sessions`, { body: {}, headers: { 'x-forwarded-for': nextIp() } });
        expect(widgetLimited.status).toBe(429);
        expect(await count(w.id)).toBe(6);

        const other = await widget(c);
        const { token, session } = await start(c, other.key);
        const vip = nextIp();
        const v = await visitor(token, 0, { 'x-forwarded-for': vip });
        for (let i = 0; i < 10; i++) v.send({ op: 'message', client_id: `r${i}`, body: `message ${i}` });
        for (let i = 0; i < 10; i++) await v.next(isOp('ack', (m) => m.client_id === `r${i}`));
        v.send({ op: 'message', client_id: 'r10', body: 'one too many' });
        expect(await v.next(isOp('error'))).toMatchObject({ code: 'rate_limited', client_id: 'r10' });
        const got = await c.api('GET', `/api/v1/chat/sessions/${session.id}`, { token: c.tokens.agent });
        expect(got.body.data.last_seq).toBe(10);
        // The limit is the address's: another visitor of the same widget still writes.
        const { token: t2 } = await start(c, other.key);
        const v2 = await visitor(t2, 0, { 'x-forwarded-for': nextIp() });
        v2.send({ op: 'message', client_id: 'ok', body: 'fine' });
        expect(await v2.next(isOp('ack'))).toMatchObject({ client_id: 'ok', seq: 1 });
      });
    });
  },
  { config: { CHAT_SESSIONS_PER_IP: '4', CHAT_SESSIONS_PER_WIDGET: '6', CHAT_MESSAGES_PER_IP: '10', CHAT_MESSAGES_PER_WIDGET: '100' } },
);
