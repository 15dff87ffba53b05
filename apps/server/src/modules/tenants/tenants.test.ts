import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../db/index.js';
import { PASSWORD, REACHABLE, type TestContext, client, describeEachDb, dialects, freshDatabase, startApp, testConfig } from '../../test/harness.js';
import { DEMO_USERS, SUPERADMIN_EMAIL, seedDemo } from '../../seed.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);

/** Create a tenant as the superadmin (optionally with a first admin) and return its API body. */
async function createTenant(c: TestContext, body: Record<string, unknown>) {
  const r = await c.api('POST', '/api/v1/tenants', { token: c.tokens.superadmin, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data;
}

describeEachDb('tenants', (ctx) => {
  describe('GET /api/v1/tenants', () => {
    it('lists tenants for the superadmin with pagination meta', async () => {
      const { api, tokens } = ctx();
      const r = await api('GET', '/api/v1/tenants', { token: tokens.superadmin });
      expect(r.status).toBe(200);
      const ids = r.body.data.map((t: { id: string }) => t.id);
      expect(ids).toEqual(expect.arrayContaining(['demo', 'beta']));
      expect(r.body.meta).toMatchObject({ page: 1, page_size: 25 });
      expect(r.body.meta.total).toBeGreaterThanOrEqual(2);
      const demo = r.body.data.find((t: { id: string }) => t.id === 'demo');
      expect(demo).toMatchObject({ name: 'Demo Company', status: 'active' });
      expect(demo.settings.timezone).toBe('Europe/Berlin');
    });

    it('searches name and slug case-insensitively, filters by status, pages and sorts', async () => {
      const c = ctx();
      const { api, tokens } = c;
      await createTenant(c, { id: 'lst-alpha', name: 'Listing Alpha' });
      // Lower-case on purpose: sorting by name ignores case on every database.
      await createTenant(c, { id: 'lst-bravo', name: 'listing Bravo', status: 'suspended' });
      await createTenant(c, { id: 'lst-charlie', name: 'Listing Charlie', status: 'trial' });
      await createTenant(c, { id: 'other-delta', name: 'Unrelated Delta' });
      const get = (qs: string) => api('GET', `/api/v1/tenants?${qs}`, { token: tokens.superadmin });
      const idsOf = (r: { body: { data: { id: string }[] } }) => r.body.data.map((t) => t.id);

      const byName = await get('q=LISTING');
      expect(idsOf(byName)).toEqual(['lst-alpha', 'lst-bravo', 'lst-charlie']);
      expect(byName.body.meta.total).toBe(3);
      // The slug is searched too.
      expect(idsOf(await get('q=lst-br'))).toEqual(['lst-bravo']);
      expect(idsOf(await get('q=no-such-tenant-anywhere'))).toEqual([]);

      const suspended = await get('q=lst&status=suspended');
      expect(idsOf(suspended)).toEqual(['lst-bravo']);
      expect(suspended.body.meta.total).toBe(1);

      expect(idsOf(await get('q=lst&sort=-name'))).toEqual(['lst-charlie', 'lst-bravo', 'lst-alpha']);
      expect(idsOf(await get('q=lst&sort=created_at'))).toEqual(['lst-alpha', 'lst-bravo', 'lst-charlie']);
      expect(idsOf(await get('q=lst&sort=-created_at'))).toEqual(['lst-charlie', 'lst-bravo', 'lst-alpha']);

      const p1 = await get('q=lst&page_size=2&page=1');
      const p2 = await get('q=lst&page_size=2&page=2');
      expect(p1.body.meta).toEqual({ page: 1, page_size: 2, total: 3 });
      expect(p2.body.meta).toEqual({ page: 2, page_size: 2, total: 3 });
      expect([...idsOf(p1), ...idsOf(p2)]).toEqual(['lst-alpha', 'lst-bravo', 'lst-charlie']);
      expect(idsOf(await get('q=lst&page_size=2&page=3'))).toEqual([]);
    });

    it('rejects bad query parameters with field errors', async () => {
      const { api, tokens } = ctx();
      const r = await api('GET', '/api/v1/tenants?status=bogus&page_size=500&sort=id', { token: tokens.superadmin });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect(fields(r).sort()).toEqual(['page_size', 'sort', 'status']);
      expect(fields(await api('GET', '/api/v1/tenants?page=0', { token: tokens.superadmin }))).toEqual(['page']);
    });

    it('is for the superadmin only', async () => {
      const { api, tokens, other } = ctx();
      expect((await api('GET', '/api/v1/tenants')).status).toBe(401);
      for (const token of [tokens.tenant_admin, tokens.supervisor, tokens.agent, tokens.viewer, other.token]) {
        const r = await api('GET', '/api/v1/tenants', { token });
        expect(r.status).toBe(403);
        expect(r.body.code).toBe('forbidden');
      }
    });
  });

  describe('POST /api/v1/tenants', () => {
    it('creates a tenant with defaults and its first admin, who can sign in', async () => {
      const c = ctx();
      const t = await createTenant(c, {
        id: 'new-co',
        name: 'New Co',
        limits: { max_agents: 5 },
        features: { sms: false },
        admin: { name: 'Nia', email: 'Nia@New-Co.local', password: PASSWORD },
      });
      expect(t).toMatchObject({ id: 'new-co', name: 'New Co', status: 'active', trial_ends_at: null });
      expect(t.limits).toEqual({ max_agents: 5, max_dids: null, max_concurrent_calls: null });
      expect(t.features.sms).toBe(false);
      expect(t.features.chat).toBe(true);
      expect(t.settings).toMatchObject({ timezone: 'UTC', ticket_prefix: 'NEWCO', extension_digits: 4 });

      const got = await c.api('GET', '/api/v1/tenants/new-co', { token: c.tokens.superadmin });
      expect(got.body.data).toEqual(t);
      const session = await c.login('nia@new-co.local');
      const me = await c.api('GET', '/api/v1/auth/me', { token: session.access_token });
      expect(me.body.data.tenant.id).toBe('new-co');
      expect(me.body.data.role).toBe('tenant_admin');
    });

    it('rejects a bad slug, name and status with field errors and creates nothing', async () => {
      const { api, tokens } = ctx();
      const r = await api('POST', '/api/v1/tenants', { token: tokens.superadmin, body: { id: 'Bad Slug', name: 'x', status: 'closed' } });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect(fields(r).sort()).toEqual(['id', 'name', 'status']);
      const trailing = await api('POST', '/api/v1/tenants', { token: tokens.superadmin, body: { id: 'ends-', name: 'Ends Dash' } });
      expect(trailing.status).toBe(400);
      expect(fields(trailing)).toEqual(['id']);
      expect((await api('GET', '/api/v1/tenants?q=ends', { token: tokens.superadmin })).body.meta.total).toBe(0);
    });

    it('refuses a taken slug with 409 on field id and leaves the existing tenant alone', async () => {
      const { api, tokens } = ctx();
      const r = await api('POST', '/api/v1/tenants', { token: tokens.superadmin, body: { id: 'demo', name: 'Impostor' } });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('conflict');
      expect(fields(r)).toEqual(['id']);
      expect((await api('GET', '/api/v1/tenants/demo', { token: tokens.superadmin })).body.data.name).toBe('Demo Company');
    });

    it('is for the superadmin only and creates nothing otherwise', async () => {
      const { api, tokens } = ctx();
      const body = { id: 'sneaky', name: 'Sneaky' };
      expect((await api('POST', '/api/v1/tenants', { body })).status).toBe(401);
      expect((await api('POST', '/api/v1/tenants', { token: tokens.tenant_admin, body })).status).toBe(403);
      expect((await api('POST', '/api/v1/tenants', { token: tokens.agent, body })).status).toBe(403);
      expect((await api('GET', '/api/v1/tenants/sneaky', { token: tokens.superadmin })).status).toBe(404);
    });
  });

  describe('GET /api/v1/tenants/:id', () => {
    it('returns one tenant, 404 for an unknown id, 403 for a tenant admin even on their own tenant', async () => {
      const { api, tokens, other } = ctx();
      const r = await api('GET', '/api/v1/tenants/beta', { token: tokens.superadmin });
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({ id: 'beta', name: 'Beta Corp' });
      const missing = await api('GET', '/api/v1/tenants/no-such', { token: tokens.superadmin });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('not_found');
      expect((await api('GET', '/api/v1/tenants/demo', { token: tokens.tenant_admin })).status).toBe(403);
      // Another tenant's admin cannot read demo through the platform route.
      expect((await api('GET', '/api/v1/tenants/demo', { token: other.token })).status).toBe(403);
      expect((await api('GET', '/api/v1/tenants/demo')).status).toBe(401);
    });

    it('rejects an over-long id with a field error', async () => {
      const r = await ctx().api('GET', `/api/v1/tenants/${'x'.repeat(65)}`, { token: ctx().tokens.superadmin });
      expect(r.status).toBe(400);
      expect(fields(r)).toEqual(['id']);
    });
  });

  describe('PATCH /api/v1/tenants/:id', () => {
    it('updates name, status, trial, and merges limits and features key by key', async () => {
      const c = ctx();
      await createTenant(c, { id: 'patch-co', name: 'Patch Co', limits: { max_dids: 3 } });
      const r = await c.api('PATCH', '/api/v1/tenants/patch-co', {
        token: c.tokens.superadmin,
        body: { name: 'Patched Co', status: 'trial', trial_ends_at: '2030-01-01T00:00:00Z', limits: { max_agents: 2 }, features: { chat: false } },
      });
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({ id: 'patch-co', name: 'Patched Co', status: 'trial', trial_ends_at: '2030-01-01T00:00:00.000Z' });
      expect(r.body.data.limits).toEqual({ max_agents: 2, max_dids: 3, max_concurrent_calls: null });
      expect(r.body.data.features).toMatchObject({ chat: false, sms: true, helpdesk: true });
      const again = await c.api('GET', '/api/v1/tenants/patch-co', { token: c.tokens.superadmin });
      expect(again.body.data).toEqual(r.body.data);
      // null lifts a limit.
      const lifted = await c.api('PATCH', '/api/v1/tenants/patch-co', { token: c.tokens.superadmin, body: { limits: { max_dids: null } } });
      expect(lifted.body.data.limits).toEqual({ max_agents: 2, max_dids: null, max_concurrent_calls: null });
    });

    it('never changes the slug', async () => {
      const c = ctx();
      await createTenant(c, { id: 'fixed-slug', name: 'Fixed Slug' });
      const r = await c.api('PATCH', '/api/v1/tenants/fixed-slug', { token: c.tokens.superadmin, body: { id: 'renamed-slug', name: 'Fixed Slug 2' } });
      expect(r.status).toBe(200);
      expect(r.body.data.id).toBe('fixed-slug');
      expect((await c.api('GET', '/api/v1/tenants/renamed-slug', { token: c.tokens.superadmin })).status).toBe(404);
      expect((await c.api('GET', '/api/v1/tenants/fixed-slug', { token: c.tokens.superadmin })).body.data.name).toBe('Fixed Slug 2');
    });

    it('rejects bad values with field errors and changes nothing', async () => {
      const { api, tokens } = ctx();
      const before = (await api('GET', '/api/v1/tenants/beta', { token: tokens.superadmin })).body.data;
      const r = await api('PATCH', '/api/v1/tenants/beta', {
        token: tokens.superadmin,
        body: { name: 'Renamed Beta', status: 'gone', limits: { max_agents: -1 }, features: { chat: 'no' } },
      });
      expect(r.status).toBe(400);
      expect(fields(r).sort()).toEqual(['features.chat', 'limits.max_agents', 'status']);
      expect((await api('GET', '/api/v1/tenants/beta', { token: tokens.superadmin })).body.data).toEqual(before);
    });

    it('answers 404 for an unknown tenant and 403/401 for anyone but the superadmin, changing nothing', async () => {
      const { api, tokens, other } = ctx();
      expect((await api('PATCH', '/api/v1/tenants/no-such', { token: tokens.superadmin, body: { name: 'Nope Co' } })).status).toBe(404);
      const body = { limits: { max_agents: 1000 }, name: 'Hijacked' };
      expect((await api('PATCH', '/api/v1/tenants/demo', { token: tokens.tenant_admin, body })).status).toBe(403);
      expect((await api('PATCH', '/api/v1/tenants/demo', { token: other.token, body })).status).toBe(403);
      expect((await api('PATCH', '/api/v1/tenants/demo', { body })).status).toBe(401);
      const demo = (await api('GET', '/api/v1/tenants/demo', { token: tokens.superadmin })).body.data;
      expect(demo.name).toBe('Demo Company');
      expect(demo.limits.max_agents).toBeNull();
    });
  });

  describe('DELETE /api/v1/tenants/:id', () => {
    it('soft-deletes: the tenant disappears, its users are signed out and cannot sign in, its slug is never reused', async () => {
      const c = ctx();
      const { api, tokens } = c;
      await createTenant(c, { id: 'gone-co', name: 'Gone Co', admin: { name: 'Gus', email: 'gus@gone.local', password: PASSWORD } });
      const session = await c.login('gus@gone.local');
      expect((await api('GET', '/api/v1/tenant', { token: session.access_token })).status).toBe(200);

      const r = await api('DELETE', '/api/v1/tenants/gone-co', { token: tokens.superadmin });
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
      expect((await api('GET', '/api/v1/tenants/gone-co', { token: tokens.superadmin })).status).toBe(404);
      expect((await api('GET', '/api/v1/tenants?q=gone', { token: tokens.superadmin })).body.meta.total).toBe(0);
      expect((await api('PATCH', '/api/v1/tenants/gone-co', { token: tokens.superadmin, body: { name: 'Back Again' } })).status).toBe(404);
      expect((await api('DELETE', '/api/v1/tenants/gone-co', { token: tokens.superadmin })).status).toBe(404);

      // Its user: the access token stops working, the refresh token is revoked, sign-in is refused.
      expect((await api('GET', '/api/v1/tenant', { token: session.access_token })).status).toBe(401);
      expect((await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: session.refresh_token } })).status).toBe(401);
      const login = await api('POST', '/api/v1/auth/login', { body: { email: 'gus@gone.local', password: PASSWORD } });
      expect(login.status).toBe(403);
      const loginInto = await api('POST', '/api/v1/auth/login', { body: { email: 'gus@gone.local', password: PASSWORD, tenant_id: 'gone-co' } });
      expect(loginInto.status).toBe(401);

      // A deleted slug is still taken.
      const reuse = await api('POST', '/api/v1/tenants', { token: tokens.superadmin, body: { id: 'gone-co', name: 'Gone Again' } });
      expect(reuse.status).toBe(409);
      expect(fields(reuse)).toEqual(['id']);
      const reg = await api('POST', '/api/v1/auth/register', {
        body: { company_name: 'Gone Again', slug: 'gone-co', name: 'G', email: 'g@gone-again.local', password: PASSWORD },
      });
      expect(reg.status).toBe(409);
    });

    it('is for the superadmin only and deletes nothing otherwise', async () => {
      const { api, tokens, other } = ctx();
      expect((await api('DELETE', '/api/v1/tenants/demo')).status).toBe(401);
      expect((await api('DELETE', '/api/v1/tenants/demo', { token: tokens.tenant_admin })).status).toBe(403);
      expect((await api('DELETE', '/api/v1/tenants/demo', { token: other.token })).status).toBe(403);
      expect((await api('DELETE', '/api/v1/tenants/no-such', { token: tokens.superadmin })).status).toBe(404);
      expect((await api('DELETE', `/api/v1/tenants/${'x'.repeat(65)}`, { token: tokens.superadmin })).status).toBe(400);
      expect((await api('GET', '/api/v1/tenants/demo', { token: tokens.superadmin })).status).toBe(200);
      expect((await api('GET', '/api/v1/tenant', { token: tokens.agent })).status).toBe(200);
    });
  });

  describe('GET /api/v1/tenant', () => {
    it("shows every member their own tenant's settings", async () => {
      const { api, tokens, other } = ctx();
      for (const token of [tokens.tenant_admin, tokens.supervisor, tokens.agent, tokens.viewer]) {
        const r = await api('GET', '/api/v1/tenant', { token });
        expect(r.status).toBe(200);
        expect(r.body.data.id).toBe('demo');
        expect(r.body.data.settings.timezone).toBe('Europe/Berlin');
        expect(r.body.data.settings.business_hours.mon).toEqual([{ start: '09:00', end: '17:00' }]);
      }
      const beta = await api('GET', '/api/v1/tenant', { token: other.token });
      expect(beta.body.data.id).toBe('beta');
      expect((await api('GET', '/api/v1/tenant')).status).toBe(401);
      // The superadmin outside any tenant has no own tenant.
      expect((await api('GET', '/api/v1/tenant', { token: tokens.superadmin })).status).toBe(403);
    });
  });

  describe('PATCH /api/v1/tenant', () => {
    it('lets the tenant admin set name, time zone, business hours and branding', async () => {
      const { api, tokens } = ctx();
      const week = {
        mon: [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '18:30' }],
        tue: [{ start: '08:00', end: '18:30' }],
        wed: [{ start: '08:00', end: '18:30' }],
        thu: [{ start: '08:00', end: '18:30' }],
        fri: [{ start: '08:00', end: '16:00' }],
        sat: [],
        sun: [],
      };
      const r = await api('PATCH', '/api/v1/tenant', {
        token: tokens.tenant_admin,
        body: { name: 'Demo Company GmbH', settings: { timezone: 'America/New_York', business_hours: week, branding: { primary_color: '#1C7ED6', logo_url: 'https://cdn.example.com/logo.png' } } },
      });
      expect(r.status).toBe(200);
      const got = (await api('GET', '/api/v1/tenant', { token: tokens.viewer })).body.data;
      expect(got.name).toBe('Demo Company GmbH');
      expect(got.settings).toMatchObject({
        timezone: 'America/New_York',
        business_hours: week,
        branding: { primary_color: '#1C7ED6', logo_url: 'https://cdn.example.com/logo.png' },
        // Untouched settings keep their values.
        locale: 'en-US',
        extension_digits: 4,
      });
      // Put the seeded values back for the other tests.
      const reset = await api('PATCH', '/api/v1/tenant', { token: tokens.tenant_admin, body: { name: 'Demo Company', settings: { timezone: 'Europe/Berlin' } } });
      expect(reset.status).toBe(200);
      expect(reset.body.data.settings.business_hours).toEqual(week);
    });

    it('rejects an unknown time zone, malformed business hours and a bad colour, changing nothing', async () => {
      const { api, tokens } = ctx();
      const before = (await api('GET', '/api/v1/tenant', { token: tokens.tenant_admin })).body.data;
      const cases: [Record<string, unknown>, string][] = [
        [{ timezone: 'Mars/Olympus_Mons' }, 'settings.timezone'],
        [{ business_hours: { mon: [{ start: '9:00', end: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } }, 'settings.business_hours.mon.0.start'],
        [{ business_hours: { mon: [{ start: '09:00', end: '24:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } }, 'settings.business_hours.mon.0.end'],
        [{ branding: { primary_color: 'red', logo_url: null } }, 'settings.branding.primary_color'],
        [{ branding: { primary_color: '#12345', logo_url: null } }, 'settings.branding.primary_color'],
      ];
      for (const [settings, field] of cases) {
        const r = await api('PATCH', '/api/v1/tenant', { token: tokens.tenant_admin, body: { name: 'Should Not Stick', settings } });
        expect(r.status, JSON.stringify(settings)).toBe(400);
        expect(r.body.code).toBe('validation_failed');
        expect(fields(r)).toContain(field);
      }
      const bad = await api('PATCH', '/api/v1/tenant', { token: tokens.tenant_admin, body: { settings: { business_hours: { funday: [] } } } });
      expect(bad.status).toBe(400);
      expect(fields(bad).every((f) => f.startsWith('settings.business_hours'))).toBe(true);
      expect((await api('GET', '/api/v1/tenant', { token: tokens.tenant_admin })).body.data).toEqual(before);
    });

    it('does not let a tenant admin change limits, features or status of their own tenant', async () => {
      const { api, tokens } = ctx();
      const r = await api('PATCH', '/api/v1/tenant', {
        token: tokens.tenant_admin,
        body: { limits: { max_agents: 1000 }, features: { chat: false }, status: 'suspended' },
      });
      expect(r.status).toBe(200);
      const t = (await api('GET', '/api/v1/tenants/demo', { token: tokens.superadmin })).body.data;
      expect(t.limits.max_agents).toBeNull();
      expect(t.features.chat).toBe(true);
      expect(t.status).toBe('active');
    });

    it('needs tenant:settings and only ever touches the caller’s tenant', async () => {
      const { api, tokens, other } = ctx();
      const body = { name: 'Not Allowed' };
      expect((await api('PATCH', '/api/v1/tenant', { body })).status).toBe(401);
      for (const token of [tokens.supervisor, tokens.agent, tokens.viewer]) {
        const r = await api('PATCH', '/api/v1/tenant', { token, body });
        expect(r.status).toBe(403);
        expect(r.body.code).toBe('forbidden');
      }
      const beta = await api('PATCH', '/api/v1/tenant', { token: other.token, body: { name: 'Beta Corp Renamed' } });
      expect(beta.status).toBe(200);
      expect(beta.body.data.id).toBe('beta');
      expect((await api('GET', '/api/v1/tenant', { token: tokens.viewer })).body.data.name).toBe('Demo Company');
      await api('PATCH', '/api/v1/tenant', { token: other.token, body: { name: 'Beta Corp' } });
    });
  });

  describe('limits: max_agents on POST /api/v1/users and PATCH /api/v1/users/:id', () => {
    it('refuses one agent too many with limit_reached and creates nothing; viewers do not count', async () => {
      const c = ctx();
      const { api, tokens } = c;
      await createTenant(c, { id: 'limited-co', name: 'Limited Co', admin: { name: 'Lia', email: 'lia@limited.local', password: PASSWORD } });
      const admin = (await c.login('lia@limited.local')).access_token;
      for (const [email, role] of [
        ['sup@limited.local', 'supervisor'],
        ['agent1@limited.local', 'agent'],
        ['viewer1@limited.local', 'viewer'],
      ]) {
        expect((await api('POST', '/api/v1/users', { token: admin, body: { email, name: email, role, password: PASSWORD } })).status).toBe(201);
      }
      const users = (await api('GET', '/api/v1/users?page_size=100', { token: admin })).body.data as { id: string; email: string; role: string; status: string }[];
      const agents = users.filter((u) => u.role !== 'viewer' && u.status === 'active').length;
      expect(agents).toBe(3);
      expect((await api('PATCH', '/api/v1/tenants/limited-co', { token: tokens.superadmin, body: { limits: { max_agents: agents } } })).status).toBe(200);

      const before = (await api('GET', '/api/v1/users', { token: admin })).body.meta.total;
      for (const role of ['agent', 'supervisor', 'tenant_admin']) {
        const r = await api('POST', '/api/v1/users', { token: admin, body: { email: `extra-${role}@limited.local`, name: 'Extra', role, password: PASSWORD } });
        expect(r.status).toBe(409);
        expect(r.body.code).toBe('limit_reached');
        expect(r.body.errors[0].field).toBe('max_agents');
      }
      expect((await api('GET', '/api/v1/users', { token: admin })).body.meta.total).toBe(before);
      expect((await api('GET', '/api/v1/users?q=extra', { token: admin })).body.data).toEqual([]);
      // The refused address got no account: it cannot sign in and no email was queued for it.
      expect((await api('POST', '/api/v1/auth/login', { body: { email: 'extra-agent@limited.local', password: PASSWORD } })).status).toBe(401);
      expect((await c.outbox()).some((m) => m.to_address.startsWith('extra-'))).toBe(false);

      // A viewer does not count against the limit.
      expect((await api('POST', '/api/v1/users', { token: admin, body: { email: 'viewer2@limited.local', name: 'V2', role: 'viewer' } })).status).toBe(201);
      // Promoting a viewer to agent is refused the same way, and the viewer stays a viewer.
      const viewer = users.find((u) => u.email === 'viewer1@limited.local') as { id: string };
      const promote = await api('PATCH', `/api/v1/users/${viewer.id}`, { token: admin, body: { role: 'agent' } });
      expect(promote.status).toBe(409);
      expect(promote.body.code).toBe('limit_reached');
      expect((await api('GET', `/api/v1/users/${viewer.id}`, { token: admin })).body.data.role).toBe('viewer');

      // A disabled user does not count: their role may change freely, but enabling them as an agent is refused.
      const disabled = await api('POST', '/api/v1/users', { token: admin, body: { email: 'viewer3@limited.local', name: 'V3', role: 'viewer' } });
      expect((await api('PATCH', `/api/v1/users/${disabled.body.data.id}`, { token: admin, body: { status: 'disabled' } })).status).toBe(200);
      expect((await api('PATCH', `/api/v1/users/${disabled.body.data.id}`, { token: admin, body: { role: 'agent' } })).status).toBe(200);
      const enable = await api('PATCH', `/api/v1/users/${disabled.body.data.id}`, { token: admin, body: { status: 'active' } });
      expect(enable.status).toBe(409);
      expect(enable.body.code).toBe('limit_reached');
      expect((await api('GET', `/api/v1/users/${disabled.body.data.id}`, { token: admin })).body.data.status).toBe('disabled');

      // Lifting the limit lets the agent in.
      await api('PATCH', '/api/v1/tenants/limited-co', { token: tokens.superadmin, body: { limits: { max_agents: null } } });
      expect((await api('POST', '/api/v1/users', { token: admin, body: { email: 'extra-agent@limited.local', name: 'Extra', role: 'agent' } })).status).toBe(201);
    });
  });

  describe('limits under concurrent requests', () => {
    it('lets exactly as many agents in as the limit allows when requests arrive at once', async () => {
      const c = ctx();
      const { api } = c;
      await createTenant(c, { id: 'race-co', name: 'Race Co', limits: { max_agents: 2 }, admin: { name: 'Ray', email: 'ray@race.local', password: PASSWORD } });
      const admin = (await c.login('ray@race.local')).access_token;
      // One slot left (the admin holds the other): six parallel additions, one may succeed.
      const adds = await Promise.all(
        Array.from({ length: 6 }, (_, i) => api('POST', '/api/v1/users', { token: admin, body: { email: `racer${i}@race.local`, name: `Racer ${i}`, role: 'agent' } })),
      );
      expect(adds.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      expect(adds.filter((r) => r.status === 409).every((r) => r.body.code === 'limit_reached')).toBe(true);

      // Same for promotions: lift the limit by one, then promote four viewers at once.
      const viewers: string[] = [];
      for (let i = 0; i < 4; i++) {
        viewers.push((await api('POST', '/api/v1/users', { token: admin, body: { email: `watcher${i}@race.local`, name: `Watcher ${i}`, role: 'viewer' } })).body.data.id);
      }
      await api('PATCH', '/api/v1/tenants/race-co', { token: c.tokens.superadmin, body: { limits: { max_agents: 3 } } });
      const promotions = await Promise.all(viewers.map((id) => api('PATCH', `/api/v1/users/${id}`, { token: admin, body: { role: 'agent' } })));
      expect(promotions.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      const agents = (await api('GET', '/api/v1/users?status=active&page_size=100', { token: admin })).body.data.filter((u: { role: string }) => u.role !== 'viewer');
      expect(agents).toHaveLength(3);
    });
  });

  describe('feature flags: PATCH /api/v1/tenants/:id features', () => {
    it('shows a switched-off feature in GET /auth/me', async () => {
      const { api, tokens, other } = ctx();
      const r = await api('PATCH', '/api/v1/tenants/beta', { token: tokens.superadmin, body: { features: { chat: false } } });
      expect(r.status).toBe(200);
      const me = await api('GET', '/api/v1/auth/me', { token: other.token });
      expect(me.body.data.tenant.features.chat).toBe(false);
      expect(me.body.data.tenant.features.helpdesk).toBe(true);
      // Only beta changed.
      expect((await api('GET', '/api/v1/auth/me', { token: tokens.agent })).body.data.tenant.features.chat).toBe(true);
      await api('PATCH', '/api/v1/tenants/beta', { token: tokens.superadmin, body: { features: { chat: true } } });
      expect((await api('GET', '/api/v1/auth/me', { token: other.token })).body.data.tenant.features.chat).toBe(true);
    });
  });
});

/** A route behind a feature flag answers 403 feature_disabled when the tenant has it off. */
for (const dialect of dialects() as Dialect[]) {
  describe.skipIf(!REACHABLE[dialect])(`tenant feature flags on routes [${dialect}]`, () => {
    let api: ReturnType<typeof client>;
    let close: (() => Promise<void>) | undefined;
    let drop: (() => Promise<void>) | undefined;
    const tokens: Record<string, string> = {};

    beforeAll(async () => {
      const db = await freshDatabase(dialect);
      drop = db.drop;
      const started = await startApp(testConfig(db.url), {
        beforeReady: (app) => {
          app.register(async (inner) => {
            inner.get('/api/v1/test-feature', { config: { access: 'chat:read', feature: 'chat' } }, async () => ({ ok: true }));
          });
        },
      });
      close = started.close;
      await seedDemo(started.deps.db, PASSWORD);
      api = client(started.app);
      for (const email of [SUPERADMIN_EMAIL, ...DEMO_USERS.map((u) => u.email)]) {
        const r = await api('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
        tokens[email] = r.body.data.access_token;
      }
    });
    afterAll(async () => {
      await close?.();
      await drop?.();
    });

    describe('GET /api/v1/test-feature', () => {
      it('answers while the feature is on, 403 feature_disabled once it is off, and again when back on', async () => {
        const superadmin = tokens[SUPERADMIN_EMAIL];
        const agent = tokens['agent@demo.local'];
        const viewer = tokens['viewer@demo.local'];
        expect((await api('GET', '/api/v1/test-feature', { token: agent })).body).toEqual({ ok: true });

        expect((await api('PATCH', '/api/v1/tenants/demo', { token: superadmin, body: { features: { chat: false } } })).status).toBe(200);
        for (const token of [agent, viewer]) {
          const r = await api('GET', '/api/v1/test-feature', { token });
          expect(r.status).toBe(403);
          expect(r.body.code).toBe('feature_disabled');
        }
        const me = await api('GET', '/api/v1/auth/me', { token: agent });
        expect(me.body.data.tenant.features.chat).toBe(false);
        // Routes without the flag keep working; an anonymous call is still 401 first.
        expect((await api('GET', '/api/v1/contacts', { token: agent })).status).toBe(200);
        expect((await api('GET', '/api/v1/test-feature')).status).toBe(401);

        expect((await api('PATCH', '/api/v1/tenants/demo', { token: superadmin, body: { features: { chat: true } } })).status).toBe(200);
        expect((await api('GET', '/api/v1/test-feature', { token: agent })).status).toBe(200);
      });
    });
  });
}
