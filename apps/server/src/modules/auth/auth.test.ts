import { describe, expect, it } from 'vitest';
import { PASSWORD, describeEachDb } from '../../test/harness.js';

describeEachDb('auth', (ctx) => {
  describe('POST /api/v1/auth/login', () => {
    it('signs in with the right password and answers a wrong password and an unknown user alike', async () => {
      const { api } = ctx();
      const ok = await api('POST', '/api/v1/auth/login', { body: { email: 'Agent@Demo.local', password: PASSWORD } });
      expect(ok.status).toBe(200);
      expect(ok.body.data.token_type).toBe('Bearer');
      expect(ok.body.data.refresh_token).toBeTruthy();
      const wrong = await api('POST', '/api/v1/auth/login', { body: { email: 'viewer@demo.local', password: 'nope-nope-nope' } });
      const unknown = await api('POST', '/api/v1/auth/login', { body: { email: 'ghost@demo.local', password: 'nope-nope-nope' } });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.code).toBe('invalid_credentials');
      expect(unknown.body.code).toBe(wrong.body.code);
      expect(unknown.body.detail).toBe(wrong.body.detail);
      expect(wrong.headers['content-type']).toContain('application/problem+json');
    });

    it('rejects a malformed body with field errors', async () => {
      const r = await ctx().api('POST', '/api/v1/auth/login', { body: { email: 'not-an-email' } });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
    });
  });

  describe('POST /api/v1/auth/refresh', () => {
    it('rotates the refresh token, and reuse of a spent one revokes the whole family', async () => {
      const { api, login } = ctx();
      const first = await login('supervisor@demo.local');
      const r1 = await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: first.refresh_token } });
      expect(r1.status).toBe(200);
      const second = r1.body.data;
      expect(second.refresh_token).not.toBe(first.refresh_token);
      const me = await api('GET', '/api/v1/auth/me', { token: second.access_token });
      expect(me.body.data.user.email).toBe('supervisor@demo.local');

      // The old token is presented again: theft suspected, every token of the family dies.
      const reuse = await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: first.refresh_token } });
      expect(reuse.status).toBe(401);
      expect(reuse.body.code).toBe('token_reused');
      const r2 = await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: second.refresh_token } });
      expect(r2.status).toBe(401);

      // Another session of the same user is untouched.
      const other = await login('supervisor@demo.local');
      expect((await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: other.refresh_token } })).status).toBe(200);
    });

    it('answers 401 for an unknown token and 400 for a missing one', async () => {
      const { api } = ctx();
      expect((await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: 'x'.repeat(43) } })).status).toBe(401);
      expect((await api('POST', '/api/v1/auth/refresh', { body: {} })).status).toBe(400);
    });
  });

  describe('POST /api/v1/auth/logout', () => {
    it('ends the session: its refresh token no longer works', async () => {
      const { api, login } = ctx();
      const s = await login('viewer@demo.local');
      expect((await api('POST', '/api/v1/auth/logout', { body: { refresh_token: s.refresh_token } })).status).toBe(200);
      expect((await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: s.refresh_token } })).status).toBe(401);
    });
  });

  describe('POST /api/v1/auth/forgot-password + reset-password', () => {
    it('emails a one-time link that sets a new password once', async () => {
      const { api, outbox, login } = ctx();
      const unknown = await api('POST', '/api/v1/auth/forgot-password', { body: { email: 'nobody@demo.local' } });
      const known = await api('POST', '/api/v1/auth/forgot-password', { body: { email: 'agent@demo.local' } });
      expect(unknown.status).toBe(202);
      expect(known.status).toBe(202);
      const mail = (await outbox()).find((m) => m.to_address === 'agent@demo.local');
      expect(mail?.subject).toMatch(/password/i);
      expect((await outbox()).some((m) => m.to_address === 'nobody@demo.local')).toBe(false);
      const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.body_text ?? '')?.[1];
      expect(token).toBeTruthy();
      const s = await login('agent@demo.local');

      const weak = await api('POST', '/api/v1/auth/reset-password', { body: { token, password: 'short' } });
      expect(weak.status).toBe(400);
      expect(weak.body.errors[0].field).toBe('password');
      const reset = await api('POST', '/api/v1/auth/reset-password', { body: { token, password: 'Brand-new-pass-2' } });
      expect(reset.status).toBe(200);
      const again = await api('POST', '/api/v1/auth/reset-password', { body: { token, password: 'Another-pass-3' } });
      expect(again.status).toBe(400);
      // Old sessions end, the old password fails, the new one works.
      expect((await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: s.refresh_token } })).status).toBe(401);
      expect((await api('POST', '/api/v1/auth/login', { body: { email: 'agent@demo.local', password: PASSWORD } })).status).toBe(401);
      await login('agent@demo.local', 'Brand-new-pass-2');
      // Put it back for other tests.
      const t = (await login('agent@demo.local', 'Brand-new-pass-2')).access_token;
      expect((await api('POST', '/api/v1/auth/change-password', { token: t, body: { current_password: 'Brand-new-pass-2', new_password: PASSWORD } })).status).toBe(200);
    });
  });

  describe('POST /api/v1/auth/change-password', () => {
    it('needs the current password and a sign-in', async () => {
      const { api, tokens } = ctx();
      expect((await api('POST', '/api/v1/auth/change-password', { body: { current_password: 'x', new_password: 'Long-enough-1' } })).status).toBe(401);
      const wrong = await api('POST', '/api/v1/auth/change-password', { token: tokens.viewer, body: { current_password: 'wrong-wrong', new_password: 'Long-enough-1' } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors[0].field).toBe('current_password');
    });
  });

  describe('GET /api/v1/auth/me', () => {
    it('tells who I am, my tenant, role and permissions', async () => {
      const { api, tokens } = ctx();
      const r = await api('GET', '/api/v1/auth/me', { token: tokens.agent });
      expect(r.status).toBe(200);
      expect(r.body.data.tenant.id).toBe('demo');
      expect(r.body.data.role).toBe('agent');
      expect(r.body.data.permissions).toContain('contacts:read');
      expect(r.body.data.permissions).not.toContain('users:write');
      expect((await api('GET', '/api/v1/auth/me')).status).toBe(401);
      expect((await api('GET', '/api/v1/auth/me', { token: 'garbage' })).status).toBe(401);
    });
  });

  describe('PATCH /api/v1/auth/me', () => {
    it('updates my profile and rejects a bad phone', async () => {
      const { api, tokens } = ctx();
      const r = await api('PATCH', '/api/v1/auth/me', { token: tokens.supervisor, body: { phone: '+49 30 1234567' } });
      expect(r.status).toBe(200);
      expect(r.body.data.user.phone).toBe('+49 30 1234567');
      const bad = await api('PATCH', '/api/v1/auth/me', { token: tokens.supervisor, body: { phone: 'call me' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('phone');
    });
  });

  describe('POST /api/v1/auth/switch-tenant', () => {
    it('moves a user who belongs to two tenants, and refuses a tenant they do not belong to', async () => {
      const { api, tokens, other, login } = ctx();
      // The beta admin adds the demo supervisor's address to beta: one account, two tenants.
      const add = await api('POST', '/api/v1/users', { token: other.token, body: { email: 'supervisor@demo.local', name: 'Sam', role: 'viewer' } });
      expect(add.status).toBe(201);
      const s = await login('supervisor@demo.local');
      const me = await api('GET', '/api/v1/auth/me', { token: s.access_token });
      expect(me.body.data.memberships.map((m: { tenant_id: string }) => m.tenant_id).sort()).toEqual(['beta', 'demo']);
      const sw = await api('POST', '/api/v1/auth/switch-tenant', { token: s.access_token, body: { tenant_id: 'beta' } });
      expect(sw.status).toBe(200);
      const me2 = await api('GET', '/api/v1/auth/me', { token: sw.body.data.access_token });
      expect(me2.body.data.tenant.id).toBe('beta');
      expect(me2.body.data.role).toBe('viewer');
      const denied = await api('POST', '/api/v1/auth/switch-tenant', { token: tokens.agent, body: { tenant_id: 'beta' } });
      expect(denied.status).toBe(404);
      // A superadmin may enter any tenant.
      const sa = await api('POST', '/api/v1/auth/switch-tenant', { token: tokens.superadmin, body: { tenant_id: 'beta' } });
      expect(sa.status).toBe(200);
    });
  });

  describe('POST /api/v1/auth/register', () => {
    it('creates a tenant on trial with its first admin', async () => {
      const { api } = ctx();
      const r = await api('POST', '/api/v1/auth/register', {
        body: { company_name: 'Gamma Ltd', slug: 'gamma', name: 'Gil', email: 'gil@gamma.local', password: 'Gamma-pass-123' },
      });
      expect(r.status).toBe(201);
      const me = await api('GET', '/api/v1/auth/me', { token: r.body.data.access_token });
      expect(me.body.data.tenant).toMatchObject({ id: 'gamma', status: 'trial' });
      expect(me.body.data.role).toBe('tenant_admin');
      const dup = await api('POST', '/api/v1/auth/register', {
        body: { company_name: 'Gamma 2', slug: 'gamma', name: 'G', email: 'g2@gamma.local', password: 'Gamma-pass-123' },
      });
      expect(dup.status).toBe(409);
      expect(dup.body.errors[0].field).toBe('slug');
      const bad = await api('POST', '/api/v1/auth/register', { body: { company_name: 'X', slug: 'Bad Slug', name: '', email: 'x', password: '1' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['slug', 'email', 'password']));
    });
  });

  describe('tenant status at sign-in', () => {
    it("keeps a suspended tenant's users out, and lets them back when reactivated", async () => {
      const { api, tokens, login } = ctx();
      const t = await api('POST', '/api/v1/tenants', {
        token: tokens.superadmin,
        body: { id: 'delta', name: 'Delta', admin: { name: 'Dee', email: 'dee@delta.local', password: PASSWORD } },
      });
      expect(t.status).toBe(201);
      const session = await login('dee@delta.local');
      expect((await api('PATCH', '/api/v1/tenants/delta', { token: tokens.superadmin, body: { status: 'suspended' } })).status).toBe(200);
      const r = await api('POST', '/api/v1/auth/login', { body: { email: 'dee@delta.local', password: PASSWORD } });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('tenant_suspended');
      // A token issued before the suspension stops working too.
      expect((await api('GET', '/api/v1/contacts', { token: session.access_token })).body.code).toBe('tenant_suspended');
      expect((await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: session.refresh_token } })).status).toBe(403);

      await api('PATCH', '/api/v1/tenants/delta', { token: tokens.superadmin, body: { status: 'trial', trial_ends_at: '2020-01-01T00:00:00Z' } });
      const expired = await api('POST', '/api/v1/auth/login', { body: { email: 'dee@delta.local', password: PASSWORD } });
      expect(expired.body.code).toBe('trial_expired');
      await api('PATCH', '/api/v1/tenants/delta', { token: tokens.superadmin, body: { status: 'active' } });
      await login('dee@delta.local');
    });
  });
});

describeEachDb(
  'login rate limits',
  (ctx) => {
    describe('POST /api/v1/auth/login', () => {
      it('locks an account after repeated failures, even with the right password, and says when to retry', async () => {
        const { api } = ctx();
        for (let i = 0; i < 3; i++) {
          expect((await api('POST', '/api/v1/auth/login', { body: { email: 'viewer@demo.local', password: 'wrong-wrong' } })).status).toBe(401);
        }
        const locked = await api('POST', '/api/v1/auth/login', { body: { email: 'viewer@demo.local', password: PASSWORD } });
        expect(locked.status).toBe(429);
        expect(locked.body.code).toBe('rate_limited');
        expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
        // Another account from the same address is not locked by it.
        expect((await api('POST', '/api/v1/auth/login', { body: { email: 'agent@demo.local', password: PASSWORD } })).status).toBe(200);
      });

      it('limits failures per IP address across accounts', async () => {
        const { api } = ctx();
        const headers = { 'x-forwarded-for': '203.0.113.9' };
        for (let i = 0; i < 5; i++) {
          await api('POST', '/api/v1/auth/login', { headers, body: { email: `nobody${i}@demo.local`, password: 'wrong-wrong' } });
        }
        const r = await api('POST', '/api/v1/auth/login', { headers, body: { email: 'supervisor@demo.local', password: PASSWORD } });
        expect(r.status).toBe(429);
        const elsewhere = await api('POST', '/api/v1/auth/login', { headers: { 'x-forwarded-for': '203.0.113.10' }, body: { email: 'supervisor@demo.local', password: PASSWORD } });
        expect(elsewhere.status).toBe(200);
      });
    });
  },
  { config: { LOGIN_MAX_PER_ACCOUNT: '3', LOGIN_MAX_PER_IP: '5' } },
);
