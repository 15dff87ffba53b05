import { describe, expect, it } from 'vitest';
import { createDb } from '../../db/index.js';
import { type TestContext, describeEachDb } from '../../test/harness.js';
import { listTickets } from './tickets.repo.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);
type T = { id: string; number: string; status: string; resolved_at: string | null; closed_at: string | null; tags: { id: string }[] };

async function createTicket(c: TestContext, body: Record<string, unknown>, token = c.tokens.agent): Promise<T> {
  const r = await c.api('POST', '/api/v1/tickets', { token, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data;
}

async function userId(c: TestContext, email: string): Promise<string> {
  const r = await c.api('GET', `/api/v1/users?q=${encodeURIComponent(email)}`, { token: c.tokens.tenant_admin });
  return r.body.data.find((x: { email: string }) => x.email === email).id;
}

const setStatus = (c: TestContext, id: string, status: string) => c.api('PATCH', `/api/v1/tickets/${id}`, { token: c.tokens.agent, body: { status } });

describeEachDb('tickets', (ctx) => {
  describe('POST /api/v1/tickets', () => {
    it('numbers 50 concurrent creates 1..50 exactly once, with the tenant prefix', async () => {
      const c = ctx();
      // A fresh tenant: its counter starts at nothing, so the first creates also race on creating it.
      const t = await c.api('POST', '/api/v1/tenants', {
        token: c.tokens.superadmin,
        body: { id: 'gamma', name: 'Gamma', admin: { name: 'Gam Admin', email: 'admin@gamma.local', password: 'Test-password-1' } },
      });
      expect(t.status, t.text).toBe(201);
      const token = (await c.login('admin@gamma.local')).access_token;
      const results = await Promise.all(Array.from({ length: 50 }, (_v, i) => c.api('POST', '/api/v1/tickets', { token, body: { subject: `Load ${i}` } })));
      for (const r of results) expect(r.status, r.text).toBe(201);
      const numbers = results.map((r) => r.body.data.number as string).sort();
      expect(numbers).toEqual(Array.from({ length: 50 }, (_v, i) => `GAMMA-${String(i + 1).padStart(5, '0')}`));
      // The prefix follows the tenant setting.
      const set = await c.api('PATCH', '/api/v1/tenant', { token, body: { settings: { ticket_prefix: 'GX' } } });
      expect(set.status, set.text).toBe(200);
      expect((await c.api('POST', '/api/v1/tickets', { token, body: { subject: 'Next' } })).body.data.number).toBe('GX-00051');
    });

    it('creates with requester, assignee, team, tags and due date; 400 on unknown or foreign references', async () => {
      const c = ctx();
      const contact = (await c.api('POST', '/api/v1/contacts', { token: c.tokens.agent, body: { first_name: 'Req' } })).body.data;
      const tag = (await c.api('POST', '/api/v1/tags', { token: c.tokens.supervisor, body: { name: 'Tk Urgent' } })).body.data;
      const team = (await c.api('POST', '/api/v1/teams', { token: c.tokens.tenant_admin, body: { name: 'Tk Team' } })).body.data;
      const agent = await userId(c, 'agent@demo.local');
      const t = await createTicket(c, {
        subject: ' Printer on fire ',
        description: 'Smoke',
        priority: 'high',
        category: 'hardware',
        requester_id: contact.id,
        assignee_id: agent,
        team_id: team.id,
        tag_ids: [tag.id],
        due_at: '2026-12-01T10:00:00+01:00',
      });
      expect(t).toMatchObject({ subject: 'Printer on fire', status: 'open', priority: 'high', requester_id: contact.id, assignee_id: agent, team_id: team.id, due_at: '2026-12-01T09:00:00.000Z' });
      expect(t.number).toMatch(/^DEMO-\d{5}$/);
      expect(t.tags.map((x) => x.id)).toEqual([tag.id]);
      expect((await c.api('GET', `/api/v1/tickets/${t.id}`, { token: c.tokens.viewer })).body.data).toEqual(t);

      const before = (await c.api('GET', '/api/v1/tickets?page_size=1', { token: c.tokens.viewer })).body.meta.total;
      const betaContact = (await c.api('POST', '/api/v1/contacts', { token: c.other.token, body: { first_name: 'Beta' } })).body.data;
      const bad = await c.api('POST', '/api/v1/tickets', { token: c.tokens.agent, body: { subject: 'x', requester_id: betaContact.id, team_id: 'nope', tag_ids: ['nope'] } });
      expect(bad.status).toBe(400);
      expect(fields(bad).sort()).toEqual(['requester_id', 'tag_ids', 'team_id']);
      const invalid = await c.api('POST', '/api/v1/tickets', { token: c.tokens.agent, body: { subject: '', priority: 'urgent', due_at: 'tomorrow' } });
      expect(invalid.status).toBe(400);
      expect(fields(invalid).sort()).toEqual(['due_at', 'priority', 'subject']);
      expect((await c.api('POST', '/api/v1/tickets', { body: { subject: 'x' } })).status).toBe(401);
      expect((await c.api('POST', '/api/v1/tickets', { token: c.tokens.viewer, body: { subject: 'x' } })).status).toBe(403);
      expect((await c.api('GET', '/api/v1/tickets?page_size=1', { token: c.tokens.viewer })).body.meta.total).toBe(before);
    });
  });

  describe('PATCH /api/v1/tickets/:id', () => {
    it('enforces the status transitions and stamps resolved and closed', async () => {
      const c = ctx();
      const t = await createTicket(c, { subject: 'Lifecycle' });
      expect((await setStatus(c, t.id, 'in_progress')).body.data.status).toBe('in_progress');
      const back = await setStatus(c, t.id, 'open');
      expect(back.status).toBe(409);
      expect(back.body.code).toBe('invalid_transition');
      expect(back.body.errors[0]).toMatchObject({ field: 'status' });
      expect(back.body.errors[0].message).toContain('pending, resolved, closed');
      expect((await setStatus(c, t.id, 'pending')).body.data.status).toBe('pending');
      const resolved = await setStatus(c, t.id, 'resolved');
      expect(resolved.body.data.resolved_at).toBeTruthy();
      const reopened = await setStatus(c, t.id, 'open');
      expect(reopened.body.data).toMatchObject({ status: 'open', resolved_at: null });
      await setStatus(c, t.id, 'resolved');
      const closed = await setStatus(c, t.id, 'closed');
      expect(closed.body.data.closed_at).toBeTruthy();
      for (const s of ['open', 'in_progress', 'resolved']) {
        const r = await setStatus(c, t.id, s);
        expect(r.status).toBe(409);
        expect(r.body.code).toBe('invalid_transition');
      }
      expect((await c.api('GET', `/api/v1/tickets/${t.id}`, { token: c.tokens.viewer })).body.data.status).toBe('closed');
      const bad = await c.api('PATCH', `/api/v1/tickets/${t.id}`, { token: c.tokens.agent, body: { status: 'done' } });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['status']);
    });

    it("updates fields and tags; another tenant gets 404 and changes nothing", async () => {
      const c = ctx();
      const t = await createTicket(c, { subject: 'Editable' });
      const tag = (await c.api('POST', '/api/v1/tags', { token: c.tokens.supervisor, body: { name: 'Tk Edit' } })).body.data;
      const r = await c.api('PATCH', `/api/v1/tickets/${t.id}`, { token: c.tokens.agent, body: { subject: 'Edited', priority: 'critical', tag_ids: [tag.id] } });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data).toMatchObject({ subject: 'Edited', priority: 'critical', number: t.number });
      expect(r.body.data.tags.map((x: { id: string }) => x.id)).toEqual([tag.id]);
      expect((await c.api('PATCH', `/api/v1/tickets/${t.id}`, { token: c.other.token, body: { subject: 'Hijack' } })).status).toBe(404);
      expect((await c.api('DELETE', `/api/v1/tickets/${t.id}`, { token: c.other.token })).status).toBe(404);
      expect((await c.api('GET', `/api/v1/tickets/${t.id}`, { token: c.other.token })).status).toBe(404);
      expect((await c.api('GET', `/api/v1/tickets/${t.id}`, { token: c.tokens.viewer })).body.data.subject).toBe('Edited');
      const audit = await c.api('GET', `/api/v1/audit?entity_id=${t.id}`, { token: c.tokens.tenant_admin });
      expect(audit.body.data.map((a: { action: string }) => a.action).sort()).toEqual(['ticket.created', 'ticket.updated']);
    });
  });

  describe('DELETE /api/v1/tickets/:id', () => {
    it('soft-deletes to the trash and restores', async () => {
      const c = ctx();
      const t = await createTicket(c, { subject: 'Trash me' });
      expect((await c.api('DELETE', `/api/v1/tickets/${t.id}`, { token: c.tokens.agent })).status).toBe(204);
      expect((await c.api('GET', `/api/v1/tickets/${t.id}`, { token: c.tokens.agent })).status).toBe(404);
      const trash = await c.api('GET', '/api/v1/tickets?deleted=true&q=trash%20me', { token: c.tokens.agent });
      expect(trash.body.data.map((x: T) => x.id)).toEqual([t.id]);
      expect((await c.api('POST', `/api/v1/tickets/${t.id}/restore`, { token: c.other.token })).status).toBe(404);
      const restored = await c.api('POST', `/api/v1/tickets/${t.id}/restore`, { token: c.tokens.agent });
      expect(restored.status).toBe(200);
      expect(restored.body.data).toMatchObject({ id: t.id, number: t.number, deleted_at: null });
      expect((await c.api('POST', `/api/v1/tickets/${t.id}/restore`, { token: c.tokens.agent })).status).toBe(409);
    });
  });

  describe('GET /api/v1/tickets', () => {
    it('filters, sorts and paginates', async () => {
      const c = ctx();
      const tag = (await c.api('POST', '/api/v1/tags', { token: c.tokens.supervisor, body: { name: 'Tk List' } })).body.data;
      const agent = await userId(c, 'agent@demo.local');
      const a = await createTicket(c, { subject: 'Zlist alpha', priority: 'low', tag_ids: [tag.id] });
      const b = await createTicket(c, { subject: 'Zlist bravo', priority: 'critical', assignee_id: agent });
      const d = await createTicket(c, { subject: 'Zlist delta', priority: 'medium' });
      await setStatus(c, d.id, 'pending');
      const get = async (qs: string) => (await c.api('GET', `/api/v1/tickets?q=zlist&${qs}`, { token: c.tokens.viewer })).body.data.map((x: T) => x.id);
      expect(await get('sort=priority')).toEqual([a.id, d.id, b.id]);
      expect(await get('sort=-priority')).toEqual([b.id, d.id, a.id]);
      expect(await get('sort=number')).toEqual([a.id, b.id, d.id]);
      expect(await get(`tag_id=${tag.id}`)).toEqual([a.id]);
      expect(await get(`assignee_id=${agent}`)).toEqual([b.id]);
      expect(await get('status=pending')).toEqual([d.id]);
      expect(await get('status=open,pending&priority=medium')).toEqual([d.id]);
      const p2 = await c.api('GET', '/api/v1/tickets?q=zlist&sort=number&page=2&page_size=2', { token: c.tokens.viewer });
      expect(p2.body.data.map((x: T) => x.id)).toEqual([d.id]);
      expect(p2.body.meta).toEqual({ page: 2, page_size: 2, total: 3 });
      const bad = await c.api('GET', '/api/v1/tickets?status=nope&sort=x', { token: c.tokens.viewer });
      expect(bad.status).toBe(400);
      expect(fields(bad).sort()).toEqual(['sort', 'status']);
      expect((await c.api('GET', '/api/v1/tickets')).status).toBe(401);
      expect((await c.api('GET', '/api/v1/tickets?q=zlist', { token: c.other.token })).body.data).toEqual([]);
    });

    it('issues the same number of SQL queries for a page of 1 and of 60 tickets', async () => {
      const c = ctx();
      const tag = (await c.api('POST', '/api/v1/tags', { token: c.tokens.supervisor, body: { name: 'Tk Count' } })).body.data;
      for (let i = 0; i < 60; i++) await createTicket(c, { subject: `Qcount ${i}`, tag_ids: [tag.id] });
      const queries: string[] = [];
      const h = createDb(c.config.databaseUrl, { poolMax: 2, onQuery: (s) => queries.push(s) });
      try {
        const count = async (page_size: number) => {
          queries.length = 0;
          const r = await listTickets(h.db, 'demo', { q: 'qcount', sort: '-created_at', page: 1, page_size });
          expect(r.rows).toHaveLength(page_size);
          expect(r.rows.every((t) => t.tags.length === 1)).toBe(true);
          return queries.length;
        };
        const one = await count(1);
        expect(await count(60)).toBe(one);
        expect(one).toBe(3);
      } finally {
        await h.close();
      }
    });
  });
});
