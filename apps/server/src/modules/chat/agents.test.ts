import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDb } from '../../test/harness.js';
import { openSocket, type TestSocket } from '../../test/ws-client.js';
import { sweepChat } from './jobs.js';
import { expirePresence, presenceOf } from './presence.js';
import { agentRow, eventsOf, headSeq, makeAgent, makeWidget, queueSession, resetChat, sessionState, setAgent, type TestAgent } from './test-support.js';

const T = 'demo';

describeEachDb('chat agents', (ctx) => {
  let a1: TestAgent;
  let url = '';
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    const c = ctx();
    a1 = await makeAgent(c.api, c.tokens.tenant_admin, (e) => c.login(e), 'Paula Present');
    await c.app.listen({ port: 0, host: '127.0.0.1' });
    url = `ws://127.0.0.1:${(c.app.server.address() as { port: number }).port}/api/v1/ws`;
  });
  afterAll(() => {
    for (const s of sockets) s.close();
  });
  beforeEach(async () => {
    await resetChat(ctx().deps.db, T);
  });
  const connect = async (token: string) => {
    const s = await openSocket(url);
    sockets.push(s);
    s.send({ op: 'auth', token });
    await s.next((m) => m.op === 'ready');
    return s;
  };
  const waitFor = async (check: () => Promise<boolean>, ms = 5000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('condition not reached');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  describe('GET/PATCH /api/v1/chat/agents/me', () => {
    it('starts offline with 3 chats and auto-accept; the agent sets availability, capacity and auto-accept (audited, evented)', async () => {
      const c = ctx();
      const me = await c.api('GET', '/api/v1/chat/agents/me', { token: a1.token });
      expect(me.status, me.text).toBe(200);
      expect(me.body.data).toMatchObject({ user_id: a1.id, name: 'Paula Present', availability: 'offline', present: false, accepting: false, max_chats: 3, active_chats: 0, auto_accept: true, skills: [] });
      const from = await headSeq(c.deps.db, T);
      const r = await c.api('PATCH', '/api/v1/chat/agents/me', { token: a1.token, body: { availability: 'away', max_chats: 5, auto_accept: false } });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data).toMatchObject({ availability: 'away', max_chats: 5, auto_accept: false });
      const ev = await eventsOf(c.deps.db, T, 'agent.state.changed', from);
      expect(ev.at(-1)).toMatchObject({ permission: 'chat:read', data: { agent: { user_id: a1.id, availability: 'away', max_chats: 5 } } });
      const audit = await c.deps.db.selectFrom('audit_log').select(['action', 'after']).where('tenant_id', '=', T).where('entity_id', '=', a1.id).where('action', '=', 'chat_agent.updated').execute();
      expect(audit).toHaveLength(1);
    });

    it('refuses bad input and changes nothing; viewers are not agents', async () => {
      const c = ctx();
      for (const body of [{ max_chats: 0 }, { max_chats: 51 }, { availability: 'busy' }, { auto_accept: 'yes' }, { nickname: 'x' }]) {
        const r = await c.api('PATCH', '/api/v1/chat/agents/me', { token: a1.token, body });
        expect(r.status, JSON.stringify(body)).toBe(400);
      }
      expect(await agentRow(c.deps.db, T, a1.id)).toMatchObject({ availability: 'offline', max_chats: 3 });
      expect((await c.api('PATCH', '/api/v1/chat/agents/me', { token: c.tokens.viewer, body: { availability: 'online' } })).status).toBe(403);
      expect((await c.api('GET', '/api/v1/chat/agents/me')).status).toBe(401);
    });
  });

  describe('GET/PATCH /api/v1/chat/agents/:user_id', () => {
    it('lists the tenant’s chat agents with live state; supervisors set others’ capacity', async () => {
      const c = ctx();
      await setAgent(c.deps.db, T, a1.id, { availability: 'online', present: true, active_chats: 1 });
      const list = await c.api('GET', '/api/v1/chat/agents', { token: c.tokens.viewer });
      expect(list.status).toBe(200);
      const emails = list.body.data.map((a: { email: string }) => a.email);
      expect(emails).toEqual(expect.arrayContaining(['admin@demo.local', 'supervisor@demo.local', 'agent@demo.local', a1.email]));
      expect(emails).not.toContain('viewer@demo.local');
      expect(emails).not.toContain('admin@beta.local');
      expect(list.body.data.find((a: { user_id: string }) => a.user_id === a1.id)).toMatchObject({ availability: 'online', present: true, accepting: true, active_chats: 1 });
      const accepting = await c.api('GET', '/api/v1/chat/agents?accepting=true', { token: c.tokens.agent });
      expect(accepting.body.data.map((a: { user_id: string }) => a.user_id)).toEqual([a1.id]);

      const r = await c.api('PATCH', `/api/v1/chat/agents/${a1.id}`, { token: c.tokens.supervisor, body: { max_chats: 8 } });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data.max_chats).toBe(8);
      expect((await c.api('PATCH', `/api/v1/chat/agents/${a1.id}`, { token: c.tokens.agent, body: { max_chats: 1 } })).status).toBe(403);
      expect((await c.api('PATCH', `/api/v1/chat/agents/${a1.id}`, { token: c.other.token, body: { max_chats: 1 } })).status).toBe(404);
      expect((await c.api('GET', `/api/v1/chat/agents/${a1.id}`, { token: c.other.token })).status).toBe(404);
      const viewer = await c.deps.db.selectFrom('users').select('id').where('email', '=', 'viewer@demo.local').executeTakeFirstOrThrow();
      expect((await c.api('PATCH', `/api/v1/chat/agents/${viewer.id}`, { token: c.tokens.supervisor, body: { max_chats: 1 } })).status).toBe(404);
      expect((await agentRow(c.deps.db, T, a1.id)).max_chats).toBe(8);
    });
  });

  describe('/api/v1/chat/agents/:user_id/skills', () => {
    it('admins and supervisors give, change, replace and remove skills (rows, not JSON)', async () => {
      const c = ctx();
      const base = `/api/v1/chat/agents/${a1.id}/skills`;
      expect((await c.api('POST', base, { token: c.tokens.tenant_admin, body: { skill: 'Billing', level: 3 } })).body.data).toEqual([{ skill: 'billing', level: 3 }]);
      expect((await c.api('POST', base, { token: c.tokens.supervisor, body: { skill: 'billing', level: 5 } })).body.data).toEqual([{ skill: 'billing', level: 5 }]);
      await c.api('POST', base, { token: c.tokens.tenant_admin, body: { skill: 'german', level: 2 } });
      expect((await c.api('GET', base, { token: c.tokens.agent })).body.data).toEqual([
        { skill: 'billing', level: 5 },
        { skill: 'german', level: 2 },
      ]);
      const rows = await c.deps.db.selectFrom('agent_skills').select(['skill', 'level']).where('tenant_id', '=', T).where('user_id', '=', a1.id).orderBy('skill').execute();
      expect(rows.map((r) => [r.skill, Number(r.level)])).toEqual([
        ['billing', 5],
        ['german', 2],
      ]);
      expect((await c.api('GET', '/api/v1/chat/skills', { token: c.tokens.agent })).body.data).toEqual(expect.arrayContaining([{ skill: 'billing', agents: 1 }]));
      const replaced = await c.api('PUT', base, { token: c.tokens.tenant_admin, body: { skills: [{ skill: 'french', level: 4 }] } });
      expect(replaced.body.data).toEqual([{ skill: 'french', level: 4 }]);
      expect((await c.api('DELETE', `${base}/french`, { token: c.tokens.tenant_admin })).status).toBe(204);
      expect((await c.api('DELETE', `${base}/french`, { token: c.tokens.tenant_admin })).status).toBe(404);
      expect((await c.api('GET', base, { token: c.tokens.agent })).body.data).toEqual([]);
    });

    it('refuses bad input, agents, and other tenants; nothing changes', async () => {
      const c = ctx();
      const base = `/api/v1/chat/agents/${a1.id}/skills`;
      expect((await c.api('POST', base, { token: c.tokens.tenant_admin, body: { skill: 'bad name', level: 3 } })).status).toBe(400);
      expect((await c.api('POST', base, { token: c.tokens.tenant_admin, body: { skill: 'billing', level: 6 } })).status).toBe(400);
      expect((await c.api('PUT', base, { token: c.tokens.tenant_admin, body: { skills: [{ skill: 'a', level: 1 }, { skill: 'a', level: 2 }] } })).status).toBe(400);
      expect((await c.api('POST', base, { token: c.tokens.agent, body: { skill: 'billing', level: 3 } })).status).toBe(403);
      expect((await c.api('POST', base, { token: c.other.token, body: { skill: 'billing', level: 3 } })).status).toBe(404);
      expect((await c.api('GET', base, { token: c.other.token })).status).toBe(404);
      expect(await c.deps.db.selectFrom('agent_skills').select('skill').where('user_id', '=', a1.id).execute()).toEqual([]);
    });
  });

  describe('presence over the console socket', () => {
    it('an agent is present while a node holds their socket; an online agent connecting takes the oldest queued chat', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T);
      await setAgent(c.deps.db, T, a1.id, { availability: 'online', present: false });
      const s = await queueSession(c.deps.db, T, w);
      const from = await headSeq(c.deps.db, T);
      const sock = await connect(a1.token);
      await waitFor(async () => (await sessionState(c.deps.db, s)).agent_id === a1.id);
      expect((await agentRow(c.deps.db, T, a1.id)).heartbeat_at).toBeTruthy();
      const states = await eventsOf(c.deps.db, T, 'agent.state.changed', from);
      expect(states[0].data.agent).toMatchObject({ user_id: a1.id, present: true });
      // The node refreshes the heartbeat while it holds the socket.
      await c.deps.db.updateTable('chat_agents').set({ heartbeat_at: '2026-01-01T00:00:00.000Z' }).where('user_id', '=', a1.id).execute();
      await presenceOf(c.deps)?.beat();
      expect(((await agentRow(c.deps.db, T, a1.id)).heartbeat_at ?? '') > new Date(Date.now() - 5000).toISOString()).toBe(true);
      // Closing the last socket makes the agent absent at once.
      sock.close();
      await waitFor(async () => (await agentRow(c.deps.db, T, a1.id)).heartbeat_at === null);
      const me = await c.api('GET', '/api/v1/chat/agents/me', { token: a1.token });
      expect(me.body.data).toMatchObject({ present: false, accepting: false, availability: 'online' });
    });

    it('viewers’ sockets do not make anyone present', async () => {
      const c = ctx();
      const viewer = await c.deps.db.selectFrom('users').select('id').where('email', '=', 'viewer@demo.local').executeTakeFirstOrThrow();
      const sock = await connect(c.tokens.viewer);
      await new Promise((r) => setTimeout(r, 100));
      expect(await c.deps.db.selectFrom('chat_agents').select('user_id').where('user_id', '=', viewer.id).execute()).toEqual([]);
      sock.close();
    });

    it('a node that dies stops the heartbeat: after ~30 s the agent is gone for routing, and the sweep says so once', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T);
      // As a crashed node leaves it: online, heartbeat 31 s old.
      await setAgent(c.deps.db, T, a1.id, { availability: 'online' });
      await c.deps.db.updateTable('chat_agents').set({ heartbeat_at: new Date(Date.now() - 31_000).toISOString() }).where('user_id', '=', a1.id).execute();
      const s = await queueSession(c.deps.db, T, w);
      const from = await headSeq(c.deps.db, T);
      const swept = await sweepChat(c.deps, { routeAll: true });
      expect(swept.presence).toBe(1);
      expect(await expirePresence(c.deps)).toBe(0);
      expect((await sessionState(c.deps.db, s)).status).toBe('queued');
      const ev = await eventsOf(c.deps.db, T, 'agent.state.changed', from);
      expect(ev.map((e) => [e.data.agent.user_id, e.data.agent.present])).toEqual([[a1.id, false]]);
      // A heartbeat 20 s old is still present.
      await c.deps.db.updateTable('chat_agents').set({ heartbeat_at: new Date(Date.now() - 20_000).toISOString() }).where('user_id', '=', a1.id).execute();
      expect(await expirePresence(c.deps)).toBe(0);
      await sweepChat(c.deps, { routeAll: true });
      expect((await sessionState(c.deps.db, s)).agent_id).toBe(a1.id);
    });
  });
});
