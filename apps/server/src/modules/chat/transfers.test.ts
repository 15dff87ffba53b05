import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../test/harness.js';
import { routeQueued } from './routing.js';
import { appendMessage } from './sessions.service.js';
import { agentRow, eventsOf, headSeq, makeAgent, makeWidget, queueSession, resetChat, sessionState, setAgent, type TestAgent } from './test-support.js';
import { expireTransfers } from './transfers.js';

const T = 'demo';

describeEachDb('chat transfers', (ctx) => {
  let a1: TestAgent;
  let a2: TestAgent;
  let a3: TestAgent;
  let widget = '';
  const ready = (c: TestContext, a: TestAgent, s: Parameters<typeof setAgent>[3] = {}) => setAgent(c.deps.db, T, a.id, { availability: 'online', present: true, ...s });

  beforeAll(async () => {
    const c = ctx();
    const login = (e: string) => c.login(e);
    a1 = await makeAgent(c.api, c.tokens.tenant_admin, login, 'Tess Sender');
    a2 = await makeAgent(c.api, c.tokens.tenant_admin, login, 'Rita Receiver');
    a3 = await makeAgent(c.api, c.tokens.tenant_admin, login, 'Theo Team');
    widget = await makeWidget(c.deps.db, T);
  });
  beforeEach(async () => {
    await resetChat(ctx().deps.db, T);
  });

  /** A chat the visitor opened with one message, routed to a1 (only a1 online). */
  const chatWithA1 = async (c: TestContext) => {
    await ready(c, a1);
    const s = await queueSession(c.deps.db, T, widget, 'Vera Visitor');
    await c.deps.db.transaction().execute((trx) => appendMessage(trx, T, s, { author_type: 'visitor', body: 'My invoice is wrong' }));
    await routeQueued(c.deps, T);
    expect(await sessionState(c.deps.db, s)).toMatchObject({ status: 'active', agent_id: a1.id });
    return s;
  };
  const transfer = (c: TestContext, s: string, token: string, body: Record<string, unknown>) => c.api('POST', `/api/v1/chat/sessions/${s}/transfers`, { token, body });

  describe('POST /api/v1/chat/sessions/:id/transfers', () => {
    it('agent → agent, accepted: the chat moves with its whole history, slots move, the visitor sees a system message', async () => {
      const c = ctx();
      const s = await chatWithA1(c);
      await ready(c, a2);
      const from = await headSeq(c.deps.db, T);
      const r = await transfer(c, s, a1.token, { to_user_id: a2.id, reason: 'Billing question' });
      expect(r.status, r.text).toBe(201);
      const t = r.body.data;
      expect(t).toMatchObject({ session_id: s, from_user_id: a1.id, to_user_id: a2.id, to_team_id: null, reason: 'Billing question', status: 'pending' });
      expect(Date.parse(t.expires_at) - Date.parse(t.created_at)).toBe(60_000);
      expect((await eventsOf(c.deps.db, T, 'chat.transfer.created', from)).map((e) => e.data.transfer.id)).toEqual([t.id]);
      // Until accepted it stays with the sender; a second request waits for the first.
      expect((await sessionState(c.deps.db, s)).agent_id).toBe(a1.id);
      expect((await transfer(c, s, a1.token, { to_user_id: a3.id })).status).toBe(409);
      expect((await c.api('GET', '/api/v1/chat/transfers', { token: a2.token })).body.data.map((x: { id: string }) => x.id)).toEqual([t.id]);
      expect((await c.api('GET', '/api/v1/chat/transfers?direction=outgoing', { token: a1.token })).body.data.map((x: { id: string }) => x.id)).toEqual([t.id]);
      // Only the addressee answers.
      expect((await c.api('POST', `/api/v1/chat/transfers/${t.id}/accept`, { token: a3.token })).status).toBe(404);
      expect((await c.api('POST', `/api/v1/chat/transfers/${t.id}/accept`, { token: c.other.token })).status).toBe(404);

      const ok = await c.api('POST', `/api/v1/chat/transfers/${t.id}/accept`, { token: a2.token });
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body.data).toMatchObject({ status: 'accepted', to_user_id: a2.id });
      expect(ok.body.data.resolved_at).toBeTruthy();
      expect(await sessionState(c.deps.db, s)).toMatchObject({ status: 'active', agent_id: a2.id });
      expect((await agentRow(c.deps.db, T, a1.id)).active_chats).toBe(0);
      expect((await agentRow(c.deps.db, T, a2.id)).active_chats).toBe(1);
      const msgs = await c.deps.db.selectFrom('chat_messages').select(['seq', 'author_type', 'body']).where('session_id', '=', s).orderBy('seq').execute();
      expect(msgs).toEqual([
        { seq: 1, author_type: 'visitor', body: 'My invoice is wrong' },
        { seq: 2, author_type: 'system', body: 'You are now chatting with Rita Receiver.' },
      ]);
      const assigned = await eventsOf(c.deps.db, T, 'chat.session.assigned', from);
      expect(assigned.at(-1)?.data).toMatchObject({ session: { id: s, agent_id: a2.id }, previous_agent_id: a1.id, via: 'transfer' });
      const sys = await eventsOf(c.deps.db, T, 'chat.message.created', from);
      expect(sys.at(-1)?.data).toMatchObject({ session_id: s, message: { seq: 2, author_type: 'system' } });
      // The receiver reads the whole conversation (same session).
      const detail = await c.api('GET', `/api/v1/chat/sessions/${s}`, { token: a2.token });
      expect(detail.status, detail.text).toBe(200);
      expect(detail.body.data.messages.map((m: { body: string }) => m.body)).toEqual(['My invoice is wrong', 'You are now chatting with Rita Receiver.']);
      expect((await c.api('GET', `/api/v1/chat/sessions/${s}/transfers`, { token: a2.token })).body.data.map((x: { status: string }) => x.status)).toEqual(['accepted']);
      expect((await c.api('POST', `/api/v1/chat/transfers/${t.id}/accept`, { token: a2.token })).status).toBe(409);
      const audit = await c.deps.db.selectFrom('audit_log').select('action').where('tenant_id', '=', T).where('entity_id', '=', t.id).orderBy('id').execute();
      expect(audit.map((x) => x.action)).toEqual(['chat.transfer.created', 'chat.transfer.accepted']);
    });

    it('the sender’s freed slot takes the oldest queued chat at once', async () => {
      const c = ctx();
      const s = await chatWithA1(c);
      await setAgent(c.deps.db, T, a1.id, { max_chats: 1 });
      await ready(c, a2, { availability: 'away' }); // receives transfers, gets no routed chats
      const waiting = await queueSession(c.deps.db, T, widget, 'Waiting');
      await routeQueued(c.deps, T);
      expect((await sessionState(c.deps.db, waiting)).status).toBe('queued');
      const t = (await transfer(c, s, a1.token, { to_user_id: a2.id })).body.data;
      expect((await c.api('POST', `/api/v1/chat/transfers/${t.id}/accept`, { token: a2.token })).status).toBe(200);
      expect(await sessionState(c.deps.db, waiting)).toMatchObject({ status: 'active', agent_id: a1.id });
    });

    it('rejected: the chat stays with the sender; cancelled by the sender likewise', async () => {
      const c = ctx();
      const s = await chatWithA1(c);
      const t = (await transfer(c, s, a1.token, { to_user_id: a2.id, reason: 'Try you' })).body.data;
      const r = await c.api('POST', `/api/v1/chat/transfers/${t.id}/reject`, { token: a2.token });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data.status).toBe('rejected');
      expect(await sessionState(c.deps.db, s)).toMatchObject({ status: 'active', agent_id: a1.id });
      expect((await agentRow(c.deps.db, T, a1.id)).active_chats).toBe(1);
      expect((await c.api('POST', `/api/v1/chat/transfers/${t.id}/accept`, { token: a2.token })).status).toBe(409);
      const t2 = (await transfer(c, s, a1.token, { to_user_id: a2.id })).body.data;
      expect((await c.api('POST', `/api/v1/chat/transfers/${t2.id}/cancel`, { token: a2.token })).status).toBe(403);
      const cancelled = await c.api('POST', `/api/v1/chat/transfers/${t2.id}/cancel`, { token: a1.token });
      expect(cancelled.body.data.status).toBe('cancelled');
      const msgs = await c.deps.db.selectFrom('chat_messages').select('author_type').where('session_id', '=', s).execute();
      expect(msgs.map((m) => m.author_type)).toEqual(['visitor']);
    });

    it('expired: after the timeout the sweep expires it and it can no longer be accepted', async () => {
      const c = ctx();
      const s = await chatWithA1(c);
      const t = (await transfer(c, s, a1.token, { to_user_id: a2.id, timeout_seconds: 10 })).body.data;
      expect(await expireTransfers(c.deps, new Date(Date.now() + 5_000))).toBe(0);
      const from = await headSeq(c.deps.db, T);
      expect(await expireTransfers(c.deps, new Date(Date.now() + 11_000))).toBe(1);
      expect(await expireTransfers(c.deps, new Date(Date.now() + 11_000))).toBe(0);
      expect((await eventsOf(c.deps.db, T, 'chat.transfer.expired', from)).map((e) => e.data.transfer.id)).toEqual([t.id]);
      const accept = await c.api('POST', `/api/v1/chat/transfers/${t.id}/accept`, { token: a2.token });
      expect(accept.status).toBe(409);
      expect(await sessionState(c.deps.db, s)).toMatchObject({ agent_id: a1.id });
      expect((await c.api('GET', `/api/v1/chat/sessions/${s}/transfers`, { token: a1.token })).body.data[0].status).toBe('expired');
    });

    it('agent → team: any member may accept (not the sender); the chat joins the team', async () => {
      const c = ctx();
      const team = await c.api('POST', '/api/v1/teams', { token: c.tokens.tenant_admin, body: { name: `Tier 2 ${Date.now()}` } });
      const teamId = team.body.data.id;
      for (const a of [a1, a3]) await c.api('POST', `/api/v1/teams/${teamId}/members`, { token: c.tokens.tenant_admin, body: { user_id: a.id } });
      const s = await chatWithA1(c);
      const t = (await transfer(c, s, a1.token, { to_team_id: teamId, reason: 'Needs tier 2' })).body.data;
      expect(t).toMatchObject({ to_team_id: teamId, to_user_id: null });
      expect((await c.api('GET', '/api/v1/chat/transfers', { token: a3.token })).body.data.map((x: { id: string }) => x.id)).toEqual([t.id]);
      expect((await c.api('GET', '/api/v1/chat/transfers', { token: a1.token })).body.data).toEqual([]);
      expect((await c.api('POST', `/api/v1/chat/transfers/${t.id}/accept`, { token: a2.token })).status).toBe(404); // not in the team
      expect((await c.api('POST', `/api/v1/chat/transfers/${t.id}/accept`, { token: a1.token })).status).toBe(404); // the sender
      const ok = await c.api('POST', `/api/v1/chat/transfers/${t.id}/accept`, { token: a3.token });
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body.data).toMatchObject({ status: 'accepted', to_user_id: a3.id, to_team_id: teamId });
      const row = await c.deps.db.selectFrom('chat_sessions').select(['agent_id', 'team_id']).where('id', '=', s).executeTakeFirstOrThrow();
      expect(row).toEqual({ agent_id: a3.id, team_id: teamId });
    });

    it('a receiver at max chats cannot accept (409) and nothing moves', async () => {
      const c = ctx();
      const s = await chatWithA1(c);
      await setAgent(c.deps.db, T, a2.id, { max_chats: 1, active_chats: 1 });
      const t = (await transfer(c, s, a1.token, { to_user_id: a2.id })).body.data;
      const r = await c.api('POST', `/api/v1/chat/transfers/${t.id}/accept`, { token: a2.token });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('limit_reached');
      expect(await sessionState(c.deps.db, s)).toMatchObject({ agent_id: a1.id });
      expect((await agentRow(c.deps.db, T, a2.id)).active_chats).toBe(1);
      expect((await c.api('GET', `/api/v1/chat/sessions/${s}/transfers`, { token: a1.token })).body.data[0].status).toBe('pending');
    });

    it('refuses bad requests and changes nothing', async () => {
      const c = ctx();
      const s = await chatWithA1(c);
      expect((await transfer(c, s, a1.token, { to_user_id: a2.id, to_team_id: a2.id })).status).toBe(400);
      expect((await transfer(c, s, a1.token, {})).status).toBe(400);
      expect((await transfer(c, s, a1.token, { to_user_id: a1.id })).status).toBe(400);
      expect((await transfer(c, s, a1.token, { to_user_id: a2.id, reason: 'x'.repeat(501) })).status).toBe(400);
      // Someone else's chat: only its agent or a supervisor.
      expect((await transfer(c, s, a2.token, { to_user_id: a3.id })).status).toBe(403);
      // A user who is not a chat agent (viewer), or of another tenant.
      const viewer = await c.deps.db.selectFrom('users').select('id').where('email', '=', 'viewer@demo.local').executeTakeFirstOrThrow();
      expect((await transfer(c, s, a1.token, { to_user_id: viewer.id })).status).toBe(404);
      const betaAdmin = await c.deps.db.selectFrom('users').select('id').where('email', '=', 'admin@beta.local').executeTakeFirstOrThrow();
      expect((await transfer(c, s, a1.token, { to_user_id: betaAdmin.id })).status).toBe(404);
      expect((await transfer(c, s, c.other.token, { to_user_id: a2.id })).status).toBe(404);
      expect((await transfer(c, s, c.tokens.viewer, { to_user_id: a2.id })).status).toBe(403);
      const queued = await queueSession(c.deps.db, T, widget);
      expect((await transfer(c, queued, c.tokens.supervisor, { to_user_id: a2.id })).status).toBe(409);
      expect(await c.deps.db.selectFrom('chat_transfers').select('id').where('session_id', 'in', [s, queued]).execute()).toEqual([]);
      // A supervisor may move any active chat.
      expect((await transfer(c, s, c.tokens.supervisor, { to_user_id: a2.id })).status).toBe(201);
    });
  });
});
