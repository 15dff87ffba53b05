import { describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../test/harness.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);

async function createTeam(c: TestContext, body: Record<string, unknown>, token = c.tokens.tenant_admin) {
  const r = await c.api('POST', '/api/v1/teams', { token, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data as { id: string; name: string; description: string | null; member_count: number };
}

async function userId(c: TestContext, email: string, token = c.tokens.tenant_admin): Promise<string> {
  const r = await c.api('GET', `/api/v1/users?q=${encodeURIComponent(email)}`, { token });
  const u = r.body.data.find((x: { email: string }) => x.email === email);
  if (!u) throw new Error(`no user ${email}: ${r.text}`);
  return u.id;
}

describeEachDb('teams', (ctx) => {
  describe('POST /api/v1/teams', () => {
    it('creates, gets, lists, renames and deletes a team', async () => {
      const c = ctx();
      const t = await createTeam(c, { name: '  Tier One ', description: 'First line' });
      expect(t).toMatchObject({ name: 'Tier One', description: 'First line', member_count: 0 });
      await createTeam(c, { name: 'billing' });
      const got = await c.api('GET', `/api/v1/teams/${t.id}`, { token: c.tokens.viewer });
      expect(got.status).toBe(200);
      expect(got.body.data).toEqual(t);
      const list = await c.api('GET', '/api/v1/teams?page_size=1', { token: c.tokens.supervisor });
      expect(list.status).toBe(200);
      expect(list.body.data.map((x: { name: string }) => x.name)).toEqual(['billing']);
      expect(list.body.meta).toEqual({ page: 1, page_size: 1, total: 2 });
      const q = await c.api('GET', '/api/v1/teams?q=tier', { token: c.tokens.viewer });
      expect(q.body.data.map((x: { id: string }) => x.id)).toEqual([t.id]);
      const renamed = await c.api('PATCH', `/api/v1/teams/${t.id}`, { token: c.tokens.tenant_admin, body: { name: 'Tier 1' } });
      expect(renamed.status).toBe(200);
      expect(renamed.body.data).toMatchObject({ name: 'Tier 1', description: 'First line' });
      const audit = await c.api('GET', `/api/v1/audit?entity_id=${t.id}`, { token: c.tokens.tenant_admin });
      expect(audit.body.data.map((a: { action: string }) => a.action).sort()).toEqual(['team.created', 'team.updated']);
      expect((await c.api('DELETE', `/api/v1/teams/${t.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
      expect((await c.api('GET', `/api/v1/teams/${t.id}`, { token: c.tokens.viewer })).status).toBe(404);
    });

    it('keeps names unique per tenant ignoring case (409 on name); another tenant may reuse one', async () => {
      const c = ctx();
      const t = await createTeam(c, { name: 'Escalations' });
      for (const name of ['Escalations', 'ESCALATIONS']) {
        const r = await c.api('POST', '/api/v1/teams', { token: c.tokens.tenant_admin, body: { name } });
        expect(r.status).toBe(409);
        expect(fields(r)).toEqual(['name']);
      }
      const other = await createTeam(c, { name: 'Other' });
      const clash = await c.api('PATCH', `/api/v1/teams/${other.id}`, { token: c.tokens.tenant_admin, body: { name: 'escalations' } });
      expect(clash.status).toBe(409);
      expect((await c.api('GET', `/api/v1/teams/${other.id}`, { token: c.tokens.viewer })).body.data.name).toBe('Other');
      const beta = await c.api('POST', '/api/v1/teams', { token: c.other.token, body: { name: 'Escalations' } });
      expect(beta.status).toBe(201);
      expect(beta.body.data.id).not.toBe(t.id);
    });

    it('400 with field errors, 401 without a sign-in, 403 without users:write; nothing created', async () => {
      const c = ctx();
      const before = (await c.api('GET', '/api/v1/teams?page_size=1', { token: c.tokens.viewer })).body.meta.total;
      const bad = await c.api('POST', '/api/v1/teams', { token: c.tokens.tenant_admin, body: { name: ' ', description: 'x'.repeat(1001) } });
      expect(bad.status).toBe(400);
      expect(fields(bad).sort()).toEqual(['description', 'name']);
      expect((await c.api('POST', '/api/v1/teams', { body: { name: 'Nope' } })).status).toBe(401);
      expect((await c.api('POST', '/api/v1/teams', { token: c.tokens.supervisor, body: { name: 'Nope' } })).status).toBe(403);
      expect((await c.api('GET', '/api/v1/teams', { token: c.tokens.agent })).status).toBe(403);
      expect((await c.api('GET', '/api/v1/teams?page_size=1', { token: c.tokens.viewer })).body.meta.total).toBe(before);
    });
  });

  describe('POST /api/v1/teams/:id/members', () => {
    it('adds (idempotently), lists and removes members of this tenant', async () => {
      const c = ctx();
      const t = await createTeam(c, { name: 'Members team' });
      const agent = await userId(c, 'agent@demo.local');
      const sup = await userId(c, 'supervisor@demo.local');
      for (const id of [agent, sup, agent]) {
        const r = await c.api('POST', `/api/v1/teams/${t.id}/members`, { token: c.tokens.tenant_admin, body: { user_id: id } });
        expect(r.status, r.text).toBe(200);
      }
      const list = await c.api('GET', `/api/v1/teams/${t.id}/members`, { token: c.tokens.viewer });
      expect(list.body.data.map((m: { user_id: string }) => m.user_id).sort()).toEqual([agent, sup].sort());
      expect(list.body.data.find((m: { user_id: string }) => m.user_id === agent)).toMatchObject({ email: 'agent@demo.local', role: 'agent' });
      expect((await c.api('GET', `/api/v1/teams/${t.id}`, { token: c.tokens.viewer })).body.data.member_count).toBe(2);
      expect((await c.api('DELETE', `/api/v1/teams/${t.id}/members/${agent}`, { token: c.tokens.tenant_admin })).status).toBe(204);
      expect((await c.api('DELETE', `/api/v1/teams/${t.id}/members/${agent}`, { token: c.tokens.tenant_admin })).status).toBe(404);
      const after = await c.api('GET', `/api/v1/teams/${t.id}/members`, { token: c.tokens.viewer });
      expect(after.body.data.map((m: { user_id: string }) => m.user_id)).toEqual([sup]);
    });

    it("refuses another tenant's user or team with 404 and changes nothing", async () => {
      const c = ctx();
      const t = await createTeam(c, { name: 'Isolated team' });
      const betaAdmin = await userId(c, 'admin@beta.local', c.other.token);
      const r = await c.api('POST', `/api/v1/teams/${t.id}/members`, { token: c.tokens.tenant_admin, body: { user_id: betaAdmin } });
      expect(r.status).toBe(404);
      const agent = await userId(c, 'agent@demo.local');
      const cross = await c.api('POST', `/api/v1/teams/${t.id}/members`, { token: c.other.token, body: { user_id: agent } });
      expect(cross.status).toBe(404);
      expect((await c.api('PATCH', `/api/v1/teams/${t.id}`, { token: c.other.token, body: { name: 'Hijack' } })).status).toBe(404);
      expect((await c.api('DELETE', `/api/v1/teams/${t.id}`, { token: c.other.token })).status).toBe(404);
      const got = await c.api('GET', `/api/v1/teams/${t.id}`, { token: c.tokens.viewer });
      expect(got.body.data).toMatchObject({ name: 'Isolated team', member_count: 0 });
      const bad = await c.api('POST', `/api/v1/teams/${t.id}/members`, { token: c.tokens.tenant_admin, body: {} });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['user_id']);
    });
  });
});
