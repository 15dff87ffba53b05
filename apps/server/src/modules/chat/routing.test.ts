import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../test/harness.js';
import { acceptOffer, declineOffer, expireOffers, releaseAgentSlot, routeQueued } from './routing.js';
import { agentRow, eventsOf, headSeq, makeAgent, makeWidget, queueSession, resetChat, sessionState, setAgent, type TestAgent } from './test-support.js';

const T = 'demo';

describeEachDb('chat routing', (ctx) => {
  let a1: TestAgent;
  let a2: TestAgent;
  let a3: TestAgent;
  const route = (c: TestContext) => routeQueued(c.deps, T);
  /** Online, present, free (or as given). */
  const ready = (c: TestContext, a: TestAgent, s: Parameters<typeof setAgent>[3] = {}) => setAgent(c.deps.db, T, a.id, { availability: 'online', present: true, ...s });

  beforeAll(async () => {
    const c = ctx();
    const login = (e: string) => c.login(e);
    a1 = await makeAgent(c.api, c.tokens.tenant_admin, login, 'Ann One');
    a2 = await makeAgent(c.api, c.tokens.tenant_admin, login, 'Bob Two');
    a3 = await makeAgent(c.api, c.tokens.tenant_admin, login, 'Cy Three');
  });
  beforeEach(async () => {
    await resetChat(ctx().deps.db, T);
  });

  describe('strategies', () => {
    it('least busy: the agent with the fewest active chats, then the one idle longest', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T, { strategy: 'least_busy' });
      await ready(c, a1, { active_chats: 2 });
      await ready(c, a2, { active_chats: 1, last_assigned_at: '2026-01-01T10:00:00.000Z' });
      await ready(c, a3, { active_chats: 1, last_assigned_at: '2026-01-01T09:00:00.000Z' });
      const s = await queueSession(c.deps.db, T, w);
      await route(c);
      expect(await sessionState(c.deps.db, s)).toMatchObject({ status: 'active', agent_id: a3.id });
      expect((await agentRow(c.deps.db, T, a3.id)).active_chats).toBe(2);
      // Now a2 (1 chat) is least busy.
      const s2 = await queueSession(c.deps.db, T, w);
      await route(c);
      expect((await sessionState(c.deps.db, s2)).agent_id).toBe(a2.id);
    });

    it('round robin: the agent who got a chat longest ago, whatever their load', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T, { strategy: 'round_robin' });
      await ready(c, a1, { active_chats: 0, last_assigned_at: '2026-01-01T12:00:00.000Z' });
      await ready(c, a2, { active_chats: 2, last_assigned_at: '2026-01-01T08:00:00.000Z' });
      await ready(c, a3, { active_chats: 0, last_assigned_at: '2026-01-01T10:00:00.000Z' });
      const ids = [await queueSession(c.deps.db, T, w), await queueSession(c.deps.db, T, w), await queueSession(c.deps.db, T, w)];
      await route(c);
      const agents = await Promise.all(ids.map(async (id) => (await sessionState(c.deps.db, id)).agent_id));
      expect(agents).toEqual([a2.id, a3.id, a1.id]);
    });

    it("team: only members of the widget's team, least busy among them", async () => {
      const c = ctx();
      const team = await c.api('POST', '/api/v1/teams', { token: c.tokens.tenant_admin, body: { name: `Billing ${Date.now()}` } });
      expect(team.status).toBe(201);
      for (const a of [a2, a3]) expect((await c.api('POST', `/api/v1/teams/${team.body.data.id}/members`, { token: c.tokens.tenant_admin, body: { user_id: a.id } })).status).toBe(200);
      const w = await makeWidget(c.deps.db, T, { strategy: 'team', default_team_id: team.body.data.id });
      await ready(c, a1, { active_chats: 0 });
      await ready(c, a2, { active_chats: 2 });
      await ready(c, a3, { active_chats: 1 });
      const s = await queueSession(c.deps.db, T, w);
      await route(c);
      expect((await sessionState(c.deps.db, s)).agent_id).toBe(a3.id);
      // With the team full, the chat waits rather than going to a1.
      await setAgent(c.deps.db, T, a2.id, { max_chats: 2 });
      await setAgent(c.deps.db, T, a3.id, { max_chats: 2 });
      const s2 = await queueSession(c.deps.db, T, w);
      await route(c);
      expect(await sessionState(c.deps.db, s2)).toMatchObject({ status: 'queued', agent_id: null });
    });

    it('skills: agents having every required skill, higher level first; nobody qualified → it waits', async () => {
      const c = ctx();
      const put = (a: TestAgent, skill: string, level: number) => c.api('POST', `/api/v1/chat/agents/${a.id}/skills`, { token: c.tokens.tenant_admin, body: { skill, level } });
      expect((await put(a1, 'billing', 5)).status).toBe(200);
      expect((await put(a2, 'billing', 2)).status).toBe(200);
      expect((await put(a2, 'german', 3)).status).toBe(200);
      expect((await put(a3, 'billing', 4)).status).toBe(200);
      expect((await put(a3, 'german', 4)).status).toBe(200);
      const w = await makeWidget(c.deps.db, T, { strategy: 'skills', required_skills: ['billing', 'german'] });
      for (const a of [a1, a2, a3]) await ready(c, a);
      const s1 = await queueSession(c.deps.db, T, w);
      const s2 = await queueSession(c.deps.db, T, w);
      await route(c);
      // a3 (4+4) before a2 (2+3); a1 lacks german.
      expect((await sessionState(c.deps.db, s1)).agent_id).toBe(a3.id);
      expect((await sessionState(c.deps.db, s2)).agent_id).toBe(a3.id);
      const dutch = await makeWidget(c.deps.db, T, { strategy: 'skills', required_skills: ['dutch'] });
      const s3 = await queueSession(c.deps.db, T, dutch);
      await route(c);
      expect((await sessionState(c.deps.db, s3)).status).toBe('queued');
    });

    it('the default assignee goes first when available, else the strategy decides', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T, { strategy: 'least_busy', default_assignee_id: a1.id });
      await ready(c, a1, { active_chats: 2 });
      await ready(c, a2);
      const s = await queueSession(c.deps.db, T, w);
      await route(c);
      expect((await sessionState(c.deps.db, s)).agent_id).toBe(a1.id);
      await setAgent(c.deps.db, T, a1.id, { availability: 'away' });
      const s2 = await queueSession(c.deps.db, T, w);
      await route(c);
      expect((await sessionState(c.deps.db, s2)).agent_id).toBe(a2.id);
    });

    it('a widget without auto-assign leaves chats in the queue for agents to pick up', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T, { auto_assign: false });
      await ready(c, a1);
      const s = await queueSession(c.deps.db, T, w);
      await route(c);
      expect((await sessionState(c.deps.db, s)).status).toBe('queued');
      const r = await c.api('POST', `/api/v1/chat/sessions/${s}/pickup`, { token: a1.token });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data).toMatchObject({ id: s, status: 'active', agent_id: a1.id });
      const again = await c.api('POST', `/api/v1/chat/sessions/${s}/pickup`, { token: a2.token });
      expect(again.status).toBe(409);
      expect((await agentRow(c.deps.db, T, a1.id)).active_chats).toBe(1);
      const beta = await c.api('POST', `/api/v1/chat/sessions/${s}/pickup`, { token: c.other.token });
      expect(beta.status).toBe(404);
    });
  });

  describe('eligibility and capacity', () => {
    it('never exceeds max chats; the rest wait, oldest first', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T);
      await ready(c, a1, { max_chats: 2 });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await queueSession(c.deps.db, T, w, `V${i}`));
      await route(c);
      const states = await Promise.all(ids.map((id) => sessionState(c.deps.db, id)));
      expect(states.map((s) => s.status)).toEqual(['active', 'active', 'queued', 'queued', 'queued']);
      expect((await agentRow(c.deps.db, T, a1.id)).active_chats).toBe(2);
    });

    it('skips agents who are offline, away, or whose heartbeat is stale (their node died)', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T);
      await setAgent(c.deps.db, T, a1.id, { availability: 'offline', present: true });
      await setAgent(c.deps.db, T, a2.id, { availability: 'away', present: true });
      await setAgent(c.deps.db, T, a3.id, { availability: 'online', present: 'stale' });
      const s = await queueSession(c.deps.db, T, w);
      await route(c);
      expect((await sessionState(c.deps.db, s)).status).toBe('queued');
      await setAgent(c.deps.db, T, a3.id, { present: false });
      await route(c);
      expect((await sessionState(c.deps.db, s)).status).toBe('queued');
      await setAgent(c.deps.db, T, a3.id, { present: true });
      await route(c);
      expect((await sessionState(c.deps.db, s)).agent_id).toBe(a3.id);
    });

    it('an agent going online takes the oldest queued chat at once', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T);
      const older = await queueSession(c.deps.db, T, w, 'Older');
      const newer = await queueSession(c.deps.db, T, w, 'Newer');
      await setAgent(c.deps.db, T, a1.id, { availability: 'offline', present: true, max_chats: 1 });
      const r = await c.api('PATCH', '/api/v1/chat/agents/me', { token: a1.token, body: { availability: 'online' } });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data).toMatchObject({ availability: 'online', present: true, active_chats: 1, max_chats: 1, accepting: false });
      expect((await sessionState(c.deps.db, older)).agent_id).toBe(a1.id);
      expect((await sessionState(c.deps.db, newer)).status).toBe('queued');
      // Raising max chats takes the next one at once too.
      const up = await c.api('PATCH', '/api/v1/chat/agents/me', { token: a1.token, body: { max_chats: 2 } });
      expect(up.body.data.active_chats).toBe(2);
      expect((await sessionState(c.deps.db, newer)).agent_id).toBe(a1.id);
    });

    it('a freed slot takes the oldest queued chat at once', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T);
      await ready(c, a1, { max_chats: 1 });
      const first = await queueSession(c.deps.db, T, w);
      await route(c);
      expect((await sessionState(c.deps.db, first)).agent_id).toBe(a1.id);
      const second = await queueSession(c.deps.db, T, w, 'Second');
      const third = await queueSession(c.deps.db, T, w, 'Third');
      await route(c);
      expect((await sessionState(c.deps.db, second)).status).toBe('queued');
      // The chat ends (as chat core does it): slot back in the same transaction, route after commit.
      await c.deps.db.transaction().execute(async (trx) => {
        await trx.updateTable('chat_sessions').set({ status: 'ended', ended_at: new Date().toISOString() }).where('id', '=', first).execute();
        await releaseAgentSlot(trx, T, a1.id);
      });
      await route(c);
      expect((await sessionState(c.deps.db, second)).agent_id).toBe(a1.id);
      expect((await sessionState(c.deps.db, third)).status).toBe('queued');
      expect((await agentRow(c.deps.db, T, a1.id)).active_chats).toBe(1);
    });

    it('assignment and queue events: chat.session.assigned (chat:read) and new queue positions', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T);
      const s1 = await queueSession(c.deps.db, T, w);
      const s2 = await queueSession(c.deps.db, T, w);
      const s3 = await queueSession(c.deps.db, T, w);
      const from = await headSeq(c.deps.db, T);
      await ready(c, a1, { max_chats: 1 });
      await route(c);
      const assigned = await eventsOf(c.deps.db, T, 'chat.session.assigned', from);
      expect(assigned).toHaveLength(1);
      expect(assigned[0].permission).toBe('chat:read');
      expect(assigned[0].data).toMatchObject({ session: { id: s1, status: 'active', agent_id: a1.id }, agent: { user_id: a1.id, name: 'Ann One' }, via: 'routing' });
      const queue = await eventsOf(c.deps.db, T, 'chat.queue.changed', from);
      expect(queue.at(-1)?.data).toEqual({ widget_id: w, positions: [{ session_id: s2, position: 1 }, { session_id: s3, position: 2 }] });
      const state = await eventsOf(c.deps.db, T, 'agent.state.changed', from);
      expect(state.at(-1)?.data.agent).toMatchObject({ user_id: a1.id, active_chats: 1, accepting: false });
    });
  });

  describe('offers (auto-accept off)', () => {
    it('offers the chat to one agent with the widget timeout; accepting makes it theirs', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T, { offer_timeout_seconds: 20 });
      await ready(c, a1, { auto_accept: false });
      const s = await queueSession(c.deps.db, T, w);
      const from = await headSeq(c.deps.db, T);
      await route(c);
      const st = await sessionState(c.deps.db, s);
      expect(st).toMatchObject({ status: 'queued', agent_id: null });
      expect(st.offer_id).toBeTruthy();
      const [created] = await eventsOf(c.deps.db, T, 'chat.offer.created', from);
      expect(created.user_id).toBe(a1.id);
      const offer = created.data.offer;
      expect(offer).toMatchObject({ session_id: s, user_id: a1.id, status: 'pending' });
      expect(Date.parse(offer.expires_at) - Date.parse(offer.created_at)).toBe(20_000);
      // The slot is held while the offer is out.
      expect((await agentRow(c.deps.db, T, a1.id)).active_chats).toBe(1);
      const mine = await c.api('GET', '/api/v1/chat/offers', { token: a1.token });
      expect(mine.body.data.map((o: { id: string }) => o.id)).toEqual([offer.id]);
      // Nobody else can accept it.
      expect((await c.api('POST', `/api/v1/chat/offers/${offer.id}/accept`, { token: a2.token })).status).toBe(404);
      expect((await c.api('POST', `/api/v1/chat/offers/${offer.id}/accept`, { token: c.other.token })).status).toBe(404);
      const r = await c.api('POST', `/api/v1/chat/offers/${offer.id}/accept`, { token: a1.token });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data).toMatchObject({ id: s, status: 'active', agent_id: a1.id });
      expect(await sessionState(c.deps.db, s)).toMatchObject({ status: 'active', agent_id: a1.id, offer_id: null });
      expect((await agentRow(c.deps.db, T, a1.id)).active_chats).toBe(1);
      expect((await c.api('POST', `/api/v1/chat/offers/${offer.id}/accept`, { token: a1.token })).status).toBe(409);
    });

    it('a declined offer goes to the next agent at once, never back to the one who declined', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T);
      await ready(c, a1, { auto_accept: false, last_assigned_at: '2026-01-01T00:00:00.000Z' });
      await ready(c, a2, { auto_accept: false, last_assigned_at: '2026-01-02T00:00:00.000Z' });
      const s = await queueSession(c.deps.db, T, w);
      await route(c);
      const first = (await c.api('GET', '/api/v1/chat/offers', { token: a1.token })).body.data[0];
      expect(first.session_id).toBe(s);
      const r = await c.api('POST', `/api/v1/chat/offers/${first.id}/decline`, { token: a1.token });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data.status).toBe('declined');
      expect((await agentRow(c.deps.db, T, a1.id)).active_chats).toBe(0);
      const second = (await c.api('GET', '/api/v1/chat/offers', { token: a2.token })).body.data[0];
      expect(second).toMatchObject({ session_id: s, status: 'pending' });
      await declineOffer(c.deps, T, second.id, a2.id);
      // Both declined: it waits in the queue (for a third agent or a pickup).
      expect(await sessionState(c.deps.db, s)).toMatchObject({ status: 'queued', offer_id: null });
      expect((await c.api('GET', '/api/v1/chat/offers', { token: a1.token })).body.data).toEqual([]);
      await ready(c, a3, { auto_accept: true });
      await route(c);
      expect((await sessionState(c.deps.db, s)).agent_id).toBe(a3.id);
    });

    it('an expired offer moves to the next agent (the sweep), and can no longer be accepted', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T, { offer_timeout_seconds: 10 });
      await ready(c, a1, { auto_accept: false, last_assigned_at: '2026-01-01T00:00:00.000Z' });
      await ready(c, a2, { auto_accept: true, last_assigned_at: '2026-01-02T00:00:00.000Z', active_chats: 1 });
      const s = await queueSession(c.deps.db, T, w);
      await route(c);
      const offer = (await c.api('GET', '/api/v1/chat/offers', { token: a1.token })).body.data[0];
      expect(await expireOffers(c.deps, new Date(Date.now() + 5_000))).toBe(0);
      const from = await headSeq(c.deps.db, T);
      expect(await expireOffers(c.deps, new Date(Date.now() + 11_000))).toBe(1);
      // Two nodes sweeping the same moment: the offer expires once.
      expect(await expireOffers(c.deps, new Date(Date.now() + 11_000))).toBe(0);
      const resolved = await eventsOf(c.deps.db, T, 'chat.offer.resolved', from);
      expect(resolved.map((e) => [e.user_id, e.data.offer.status])).toEqual([[a1.id, 'expired']]);
      expect(await sessionState(c.deps.db, s)).toMatchObject({ status: 'active', agent_id: a2.id });
      expect((await agentRow(c.deps.db, T, a1.id)).active_chats).toBe(0);
      await expect(acceptOffer(c.deps, T, offer.id, a1.id)).rejects.toMatchObject({ status: 409 });
    });

    it('an agent who goes away (or whose desk disconnects) loses their offers to the next agent at once', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T);
      await ready(c, a1, { auto_accept: false, last_assigned_at: '2026-01-01T00:00:00.000Z' });
      await ready(c, a2, { auto_accept: true, last_assigned_at: '2026-01-02T00:00:00.000Z' });
      const s = await queueSession(c.deps.db, T, w);
      await route(c);
      const offer = (await c.api('GET', '/api/v1/chat/offers', { token: a1.token })).body.data[0];
      expect(offer.session_id).toBe(s);
      const r = await c.api('PATCH', '/api/v1/chat/agents/me', { token: a1.token, body: { availability: 'away' } });
      expect(r.body.data).toMatchObject({ availability: 'away', active_chats: 0 });
      expect(await sessionState(c.deps.db, s)).toMatchObject({ status: 'active', agent_id: a2.id });
      const row = await c.deps.db.selectFrom('chat_offers').select('status').where('id', '=', offer.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('cancelled');
    });

    it('an offer whose visitor left is withdrawn and its slot given back', async () => {
      const c = ctx();
      const w = await makeWidget(c.deps.db, T);
      await ready(c, a1, { auto_accept: false });
      const s = await queueSession(c.deps.db, T, w);
      await route(c);
      const offer = (await c.api('GET', '/api/v1/chat/offers', { token: a1.token })).body.data[0];
      await c.deps.db.updateTable('chat_sessions').set({ status: 'abandoned' }).where('id', '=', s).execute();
      const r = await c.api('POST', `/api/v1/chat/offers/${offer.id}/accept`, { token: a1.token });
      expect(r.status).toBe(409);
      expect((await agentRow(c.deps.db, T, a1.id)).active_chats).toBe(0);
    });
  });
});
