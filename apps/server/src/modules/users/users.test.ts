import { ROLE_PERMISSIONS } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { PASSWORD, type TestContext, describeEachDb } from '../../test/harness.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);
const resetTokenIn = (text: string) => /reset-password\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

/** Add a user to demo as its admin and sign them in. */
async function newUser(c: TestContext, email: string, role = 'agent', extra: Record<string, unknown> = {}) {
  const r = await c.api('POST', '/api/v1/users', { token: c.tokens.tenant_admin, body: { email, name: `User ${email}`, role, password: PASSWORD, ...extra } });
  expect(r.status, r.text).toBe(201);
  const session = await c.login(email);
  return { id: r.body.data.id as string, user: r.body.data, session };
}

async function idOf(c: TestContext, email: string): Promise<string> {
  const r = await c.api('GET', `/api/v1/users?q=${encodeURIComponent(email)}`, { token: c.tokens.tenant_admin });
  const u = r.body.data.find((x: { email: string }) => x.email === email);
  if (!u) throw new Error(`no user ${email}`);
  return u.id;
}

describeEachDb('users', (ctx) => {
  describe('GET /api/v1/roles', () => {
    it('lists the five roles with their permissions', async () => {
      const { api, tokens } = ctx();
      for (const token of [tokens.tenant_admin, tokens.supervisor]) {
        const r = await api('GET', '/api/v1/roles', { token });
        expect(r.status).toBe(200);
        expect(r.body.data.map((x: { role: string }) => x.role)).toEqual(['superadmin', 'tenant_admin', 'supervisor', 'agent', 'viewer']);
        const agent = r.body.data.find((x: { role: string }) => x.role === 'agent');
        expect(agent.permissions).toEqual([...ROLE_PERMISSIONS.agent]);
        expect(agent.permissions).not.toContain('users:write');
        expect(agent.description).toBeTruthy();
      }
    });

    it('needs roles:read: 401 without a token, 403 for agents and viewers', async () => {
      const { api, tokens } = ctx();
      expect((await api('GET', '/api/v1/roles')).status).toBe(401);
      expect((await api('GET', '/api/v1/roles', { token: tokens.agent })).status).toBe(403);
      expect((await api('GET', '/api/v1/roles', { token: tokens.viewer })).status).toBe(403);
    });
  });

  describe('GET /api/v1/users', () => {
    it("lists only my tenant's users", async () => {
      const { api, tokens, other } = ctx();
      const r = await api('GET', '/api/v1/users?page_size=100', { token: tokens.viewer });
      expect(r.status).toBe(200);
      const emails = r.body.data.map((u: { email: string }) => u.email);
      expect(emails).toEqual(expect.arrayContaining(['admin@demo.local', 'supervisor@demo.local', 'agent@demo.local', 'viewer@demo.local']));
      expect(emails).not.toContain('admin@beta.local');
      expect(emails).not.toContain('superadmin@switchboard.local');
      const admin = r.body.data.find((u: { email: string }) => u.email === 'admin@demo.local');
      expect(admin).toMatchObject({ name: 'Ada Admin', role: 'tenant_admin', status: 'active' });
      expect(admin).not.toHaveProperty('password_hash');
      const beta = await api('GET', '/api/v1/users', { token: other.token });
      expect(beta.body.data.map((u: { email: string }) => u.email)).not.toContain('admin@demo.local');
    });

    it('filters by q (name or email, any case), role and status; pages and sorts', async () => {
      const c = ctx();
      const { api, tokens } = c;
      await newUser(c, 'zz-list-1@demo.local', 'agent', { name: 'Listy Walker' });
      // Lower-case on purpose: sorting by name ignores case on every database.
      await newUser(c, 'zz-list-2@demo.local', 'viewer', { name: 'listy Brown' });
      const third = await newUser(c, 'zz-list-3@demo.local', 'agent', { name: 'Listy Abbot' });
      await api('PATCH', `/api/v1/users/${third.id}`, { token: tokens.tenant_admin, body: { status: 'disabled' } });
      const get = (qs: string) => api('GET', `/api/v1/users?${qs}`, { token: tokens.tenant_admin });
      const emails = (r: { body: { data: { email: string }[] } }) => r.body.data.map((u) => u.email);

      expect(emails(await get('q=LISTY'))).toEqual(['zz-list-3@demo.local', 'zz-list-2@demo.local', 'zz-list-1@demo.local']);
      expect(emails(await get('q=ZZ-LIST-2'))).toEqual(['zz-list-2@demo.local']);
      expect(emails(await get('q=listy&role=agent'))).toEqual(['zz-list-3@demo.local', 'zz-list-1@demo.local']);
      expect(emails(await get('q=listy&status=disabled'))).toEqual(['zz-list-3@demo.local']);
      expect(emails(await get('q=listy&status=active&role=agent'))).toEqual(['zz-list-1@demo.local']);
      expect(emails(await get('role=viewer'))).toContain('viewer@demo.local');
      expect(emails(await get('role=viewer'))).not.toContain('agent@demo.local');
      expect(emails(await get('q=listy&sort=-name'))).toEqual(['zz-list-1@demo.local', 'zz-list-2@demo.local', 'zz-list-3@demo.local']);
      expect(emails(await get('q=listy&sort=email'))).toEqual(['zz-list-1@demo.local', 'zz-list-2@demo.local', 'zz-list-3@demo.local']);
      expect(emails(await get('q=listy&sort=-created_at'))).toEqual(['zz-list-3@demo.local', 'zz-list-2@demo.local', 'zz-list-1@demo.local']);

      const p1 = await get('q=listy&page_size=2&page=1');
      const p2 = await get('q=listy&page_size=2&page=2');
      expect(p1.body.meta).toEqual({ page: 1, page_size: 2, total: 3 });
      expect(p2.body.meta).toEqual({ page: 2, page_size: 2, total: 3 });
      expect([...emails(p1), ...emails(p2)]).toEqual(['zz-list-3@demo.local', 'zz-list-2@demo.local', 'zz-list-1@demo.local']);
    });

    it('rejects bad filters with field errors', async () => {
      const { api, tokens } = ctx();
      const r = await api('GET', '/api/v1/users?role=superadmin&status=gone&page_size=0', { token: tokens.tenant_admin });
      expect(r.status).toBe(400);
      expect(fields(r).sort()).toEqual(['page_size', 'role', 'status']);
    });

    it('needs users:read', async () => {
      const { api, tokens } = ctx();
      expect((await api('GET', '/api/v1/users')).status).toBe(401);
      expect((await api('GET', '/api/v1/users', { token: tokens.agent })).status).toBe(403);
    });
  });

  describe('POST /api/v1/users', () => {
    it('adds a user with a password who can then sign in with that role', async () => {
      const { api, tokens, login } = ctx();
      const r = await api('POST', '/api/v1/users', {
        token: tokens.tenant_admin,
        body: { email: 'New.Agent@Demo.local', name: 'Nora New', role: 'supervisor', password: 'Nora-password-1', phone: '+49 30 555' },
      });
      expect(r.status).toBe(201);
      expect(r.body.data).toMatchObject({ email: 'new.agent@demo.local', name: 'Nora New', role: 'supervisor', status: 'active', phone: '+49 30 555', last_login_at: null });
      expect(r.body.data).not.toHaveProperty('password');
      const s = await login('new.agent@demo.local', 'Nora-password-1');
      const me = await api('GET', '/api/v1/auth/me', { token: s.access_token });
      expect(me.body.data.tenant.id).toBe('demo');
      expect(me.body.data.role).toBe('supervisor');
      expect((await api('GET', `/api/v1/users/${r.body.data.id}`, { token: tokens.viewer })).body.data.last_login_at).not.toBeNull();
    });

    it('emails a set-password link to a user added without a password', async () => {
      const { api, tokens, outbox, login } = ctx();
      const r = await api('POST', '/api/v1/users', { token: tokens.tenant_admin, body: { email: 'linky@demo.local', name: 'Lin Key', role: 'agent' } });
      expect(r.status).toBe(201);
      // No password yet: sign-in fails until the link is used.
      expect((await api('POST', '/api/v1/auth/login', { body: { email: 'linky@demo.local', password: PASSWORD } })).status).toBe(401);
      const mail = (await outbox()).find((m) => m.to_address === 'linky@demo.local');
      expect(mail?.subject).toMatch(/password/i);
      expect(mail?.body_text).toContain('Lin Key');
      const token = resetTokenIn(mail?.body_text ?? '');
      expect(token).toBeTruthy();
      expect((await api('POST', '/api/v1/auth/reset-password', { body: { token, password: 'Linky-chosen-1' } })).status).toBe(200);
      const s = await login('linky@demo.local', 'Linky-chosen-1');
      expect((await api('GET', '/api/v1/auth/me', { token: s.access_token })).body.data.role).toBe('agent');
    });

    it('refuses an address already in the tenant (any case) with 409 on email', async () => {
      const { api, tokens } = ctx();
      const before = (await api('GET', '/api/v1/users', { token: tokens.tenant_admin })).body.meta.total;
      const r = await api('POST', '/api/v1/users', { token: tokens.tenant_admin, body: { email: 'AGENT@demo.local', name: 'Dup', role: 'viewer', password: 'Other-password-9' } });
      expect(r.status).toBe(409);
      expect(fields(r)).toEqual(['email']);
      expect((await api('GET', '/api/v1/users', { token: tokens.tenant_admin })).body.meta.total).toBe(before);
      // The existing user keeps role, name and password.
      const agent = (await api('GET', '/api/v1/users?q=agent@demo.local', { token: tokens.tenant_admin })).body.data[0];
      expect(agent).toMatchObject({ role: 'agent', name: 'Alex Agent' });
      expect((await api('POST', '/api/v1/auth/login', { body: { email: 'agent@demo.local', password: 'Other-password-9' } })).status).toBe(401);
    });

    it('rejects bad input with field errors and creates nothing', async () => {
      const { api, tokens } = ctx();
      const r = await api('POST', '/api/v1/users', {
        token: tokens.tenant_admin,
        body: { email: 'not-an-email', name: '', role: 'superadmin', password: 'short', phone: 'call me' },
      });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect(fields(r).sort()).toEqual(['email', 'name', 'password', 'phone', 'role']);
      const missing = await api('POST', '/api/v1/users', { token: tokens.tenant_admin, body: { email: 'x@demo.local' } });
      expect(fields(missing).sort()).toEqual(['name', 'role']);
      expect((await api('GET', '/api/v1/users?q=x@demo.local', { token: tokens.tenant_admin })).body.data).toEqual([]);
    });

    it('needs users:write: only a tenant admin may add users', async () => {
      const { api, tokens } = ctx();
      const body = { email: 'sneaky@demo.local', name: 'Sneaky', role: 'tenant_admin', password: PASSWORD };
      expect((await api('POST', '/api/v1/users', { body })).status).toBe(401);
      for (const token of [tokens.supervisor, tokens.agent, tokens.viewer]) {
        const r = await api('POST', '/api/v1/users', { token, body });
        expect(r.status).toBe(403);
        expect(r.body.code).toBe('forbidden');
      }
      expect((await api('GET', '/api/v1/users?q=sneaky', { token: tokens.tenant_admin })).body.data).toEqual([]);
      expect((await api('POST', '/api/v1/auth/login', { body: { email: 'sneaky@demo.local', password: PASSWORD } })).status).toBe(401);
    });
  });

  describe('GET /api/v1/users/:id', () => {
    it('returns a user of my tenant; 404 for an unknown id or another tenant’s user', async () => {
      const c = ctx();
      const { api, tokens, other } = c;
      const id = await idOf(c, 'supervisor@demo.local');
      const r = await api('GET', `/api/v1/users/${id}`, { token: tokens.viewer });
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({ id, email: 'supervisor@demo.local', role: 'supervisor' });
      expect((await api('GET', '/api/v1/users/00000000-0000-7000-8000-000000000000', { token: tokens.tenant_admin })).status).toBe(404);
      const cross = await api('GET', `/api/v1/users/${id}`, { token: other.token });
      expect(cross.status).toBe(404);
      expect(cross.body.code).toBe('not_found');
    });

    it('validates the id and needs users:read', async () => {
      const c = ctx();
      const { api, tokens } = c;
      const bad = await api('GET', `/api/v1/users/${'x'.repeat(65)}`, { token: tokens.tenant_admin });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['id']);
      const id = await idOf(c, 'viewer@demo.local');
      expect((await api('GET', `/api/v1/users/${id}`)).status).toBe(401);
      expect((await api('GET', `/api/v1/users/${id}`, { token: tokens.agent })).status).toBe(403);
    });
  });

  describe('PATCH /api/v1/users/:id', () => {
    it('updates profile fields', async () => {
      const c = ctx();
      const { id } = await newUser(c, 'profile@demo.local', 'agent');
      const r = await c.api('PATCH', `/api/v1/users/${id}`, {
        token: c.tokens.tenant_admin,
        body: { name: 'Pro File', phone: '+1 (555) 010-9999', avatar_url: 'https://cdn.example.com/a.png' },
      });
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({ name: 'Pro File', phone: '+1 (555) 010-9999', avatar_url: 'https://cdn.example.com/a.png', role: 'agent' });
      expect((await c.api('GET', `/api/v1/users/${id}`, { token: c.tokens.viewer })).body.data.name).toBe('Pro File');
      const cleared = await c.api('PATCH', `/api/v1/users/${id}`, { token: c.tokens.tenant_admin, body: { phone: null } });
      expect(cleared.body.data.phone).toBeNull();
    });

    it('changes a role with immediate effect on the user’s permissions', async () => {
      const c = ctx();
      const { api, tokens } = c;
      const { id, session } = await newUser(c, 'promote@demo.local', 'agent');
      const t = session.access_token;
      expect((await api('GET', '/api/v1/auth/me', { token: t })).body.data.permissions).not.toContain('users:read');
      expect((await api('GET', '/api/v1/users', { token: t })).status).toBe(403);

      expect((await api('PATCH', `/api/v1/users/${id}`, { token: tokens.tenant_admin, body: { role: 'supervisor' } })).body.data.role).toBe('supervisor');
      // Same token, new rights.
      const me = await api('GET', '/api/v1/auth/me', { token: t });
      expect(me.body.data.role).toBe('supervisor');
      expect(me.body.data.permissions).toContain('users:read');
      expect((await api('GET', '/api/v1/users', { token: t })).status).toBe(200);

      await api('PATCH', `/api/v1/users/${id}`, { token: tokens.tenant_admin, body: { role: 'viewer' } });
      const me2 = await api('GET', '/api/v1/auth/me', { token: t });
      expect(me2.body.data.role).toBe('viewer');
      expect(me2.body.data.permissions).not.toContain('contacts:write');
      expect((await api('POST', '/api/v1/contacts', { token: t, body: { first_name: 'Nope' } })).status).toBe(403);
    });

    it('disabling a user ends their access; enabling lets them back', async () => {
      const c = ctx();
      const { api, tokens } = c;
      const { id, session } = await newUser(c, 'disable-me@demo.local', 'agent');
      expect((await api('GET', '/api/v1/contacts', { token: session.access_token })).status).toBe(200);
      const r = await api('PATCH', `/api/v1/users/${id}`, { token: tokens.tenant_admin, body: { status: 'disabled' } });
      expect(r.status).toBe(200);
      expect(r.body.data.status).toBe('disabled');
      expect((await api('GET', '/api/v1/contacts', { token: session.access_token })).status).toBe(401);
      expect((await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: session.refresh_token } })).status).toBe(401);
      const login = await api('POST', '/api/v1/auth/login', { body: { email: 'disable-me@demo.local', password: PASSWORD } });
      expect(login.status).toBe(403);
      expect(login.body.code).toBe('forbidden');

      expect((await api('PATCH', `/api/v1/users/${id}`, { token: tokens.tenant_admin, body: { status: 'active' } })).status).toBe(200);
      const back = await c.login('disable-me@demo.local');
      expect((await api('GET', '/api/v1/contacts', { token: back.access_token })).status).toBe(200);
    });

    it('does not let an admin demote or disable themselves', async () => {
      const c = ctx();
      const { api, tokens } = c;
      const self = await idOf(c, 'admin@demo.local');
      for (const body of [{ role: 'agent' }, { status: 'disabled' }, { role: 'tenant_admin', status: 'disabled' }, { role: 'viewer', status: 'active' }]) {
        const r = await api('PATCH', `/api/v1/users/${self}`, { token: tokens.tenant_admin, body });
        expect(r.status, JSON.stringify(body)).toBe(403);
        expect(r.body.code).toBe('forbidden');
      }
      const me = await api('GET', `/api/v1/users/${self}`, { token: tokens.tenant_admin });
      expect(me.body.data).toMatchObject({ role: 'tenant_admin', status: 'active' });
      expect((await api('GET', '/api/v1/users', { token: tokens.tenant_admin })).status).toBe(200);
      // Their own profile is still theirs to change.
      const named = await api('PATCH', `/api/v1/users/${self}`, { token: tokens.tenant_admin, body: { name: 'Ada Admin', role: 'tenant_admin' } });
      expect(named.status).toBe(200);
    });

    it('rejects bad input with field errors and changes nothing', async () => {
      const c = ctx();
      const id = await idOf(c, 'viewer@demo.local');
      const r = await c.api('PATCH', `/api/v1/users/${id}`, { token: c.tokens.tenant_admin, body: { role: 'superadmin', status: 'paused', name: '', avatar_url: 'not a url' } });
      expect(r.status).toBe(400);
      expect(fields(r).sort()).toEqual(['avatar_url', 'name', 'role', 'status']);
      expect((await c.api('GET', `/api/v1/users/${id}`, { token: c.tokens.tenant_admin })).body.data).toMatchObject({ role: 'viewer', status: 'active', name: 'Vic Viewer' });
    });

    it('answers 404 for another tenant’s user and changes nothing; needs users:write', async () => {
      const c = ctx();
      const { api, tokens, other } = c;
      const id = await idOf(c, 'viewer@demo.local');
      const body = { role: 'tenant_admin', name: 'Hacked', status: 'disabled' };
      const cross = await api('PATCH', `/api/v1/users/${id}`, { token: other.token, body });
      expect(cross.status).toBe(404);
      expect((await api('PATCH', `/api/v1/users/${id}`, { body })).status).toBe(401);
      expect((await api('PATCH', `/api/v1/users/${id}`, { token: tokens.supervisor, body })).status).toBe(403);
      expect((await api('PATCH', `/api/v1/users/${id}`, { token: tokens.viewer, body })).status).toBe(403);
      expect((await api('GET', `/api/v1/users/${id}`, { token: tokens.tenant_admin })).body.data).toMatchObject({ role: 'viewer', status: 'active', name: 'Vic Viewer' });
      expect((await api('GET', '/api/v1/contacts', { token: tokens.viewer })).status).toBe(200);
    });
  });

  describe('DELETE /api/v1/users/:id', () => {
    it('removes the user and ends their sessions', async () => {
      const c = ctx();
      const { api, tokens } = c;
      const { id, session } = await newUser(c, 'leaver@demo.local', 'agent');
      const r = await api('DELETE', `/api/v1/users/${id}`, { token: tokens.tenant_admin });
      expect(r.status).toBe(204);
      expect((await api('GET', `/api/v1/users/${id}`, { token: tokens.tenant_admin })).status).toBe(404);
      expect((await api('GET', '/api/v1/users?q=leaver', { token: tokens.tenant_admin })).body.meta.total).toBe(0);
      expect((await api('GET', '/api/v1/contacts', { token: session.access_token })).status).toBe(401);
      expect((await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: session.refresh_token } })).status).toBe(401);
      expect((await api('POST', '/api/v1/auth/login', { body: { email: 'leaver@demo.local', password: PASSWORD } })).status).not.toBe(200);
      expect((await api('DELETE', `/api/v1/users/${id}`, { token: tokens.tenant_admin })).status).toBe(404);
    });

    it('does not let an admin remove themselves', async () => {
      const c = ctx();
      const self = await idOf(c, 'admin@demo.local');
      const r = await c.api('DELETE', `/api/v1/users/${self}`, { token: c.tokens.tenant_admin });
      expect(r.status).toBe(403);
      expect((await c.api('GET', '/api/v1/users', { token: c.tokens.tenant_admin })).status).toBe(200);
    });

    it('answers 404 for another tenant’s user and removes nothing; needs users:write', async () => {
      const c = ctx();
      const { api, tokens, other } = c;
      const id = await idOf(c, 'agent@demo.local');
      expect((await api('DELETE', `/api/v1/users/${id}`, { token: other.token })).status).toBe(404);
      expect((await api('DELETE', `/api/v1/users/${id}`)).status).toBe(401);
      expect((await api('DELETE', `/api/v1/users/${id}`, { token: tokens.supervisor })).status).toBe(403);
      expect((await api('DELETE', `/api/v1/users/${id}`, { token: tokens.agent })).status).toBe(403);
      expect((await api('DELETE', `/api/v1/users/${'x'.repeat(65)}`, { token: tokens.tenant_admin })).status).toBe(400);
      expect((await api('GET', `/api/v1/users/${id}`, { token: tokens.tenant_admin })).status).toBe(200);
      expect((await api('GET', '/api/v1/contacts', { token: tokens.agent })).status).toBe(200);
    });
  });

  describe('POST /api/v1/users/:id/reset-password', () => {
    it('emails the user a working reset link', async () => {
      const c = ctx();
      const { api, tokens, outbox } = c;
      const { id, session } = await newUser(c, 'forgetful@demo.local', 'agent');
      const r = await api('POST', `/api/v1/users/${id}/reset-password`, { token: tokens.tenant_admin });
      expect(r.status).toBe(202);
      expect(r.body.data).toEqual({ ok: true });
      const mail = (await outbox()).find((m) => m.to_address === 'forgetful@demo.local');
      expect(mail?.body_text).toContain(`${c.config.publicUrl}/reset-password?token=`);
      const token = resetTokenIn(mail?.body_text ?? '');
      expect((await api('POST', '/api/v1/auth/reset-password', { body: { token, password: 'Remembered-9' } })).status).toBe(200);
      await c.login('forgetful@demo.local', 'Remembered-9');
      // The reset ended the sessions the user had.
      expect((await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: session.refresh_token } })).status).toBe(401);
    });

    it('answers 404 for another tenant’s user without emailing; needs users:write', async () => {
      const c = ctx();
      const { api, tokens, other, outbox } = c;
      const id = await idOf(c, 'viewer@demo.local');
      const mails = (await outbox()).length;
      expect((await api('POST', `/api/v1/users/${id}/reset-password`, { token: other.token })).status).toBe(404);
      expect((await api('POST', `/api/v1/users/${id}/reset-password`)).status).toBe(401);
      expect((await api('POST', `/api/v1/users/${id}/reset-password`, { token: tokens.supervisor })).status).toBe(403);
      expect((await api('POST', `/api/v1/users/${id}/reset-password`, { token: tokens.agent })).status).toBe(403);
      const bad = await api('POST', `/api/v1/users/${'x'.repeat(65)}/reset-password`, { token: tokens.tenant_admin });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['id']);
      expect((await outbox()).length).toBe(mails);
    });
  });
});
