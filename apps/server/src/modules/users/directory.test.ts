import { describe, expect, it } from 'vitest';
import { describeEachDb } from '../../test/harness.js';

describeEachDb('directory', (ctx) => {
  describe('GET /api/v1/directory', () => {
    it('lets an agent see colleagues and teams by name, without emails, and only of its tenant', async () => {
      const c = ctx();
      const team = await c.api('POST', '/api/v1/teams', { token: c.tokens.tenant_admin, body: { name: 'Tier 2' } });
      expect(team.status, team.text).toBe(201);
      const me = (await c.api('GET', '/api/v1/auth/me', { token: c.tokens.agent })).body.data.user;
      expect((await c.api('POST', `/api/v1/teams/${team.body.data.id}/members`, { token: c.tokens.tenant_admin, body: { user_id: me.id } })).status).toBe(200);

      const r = await c.api('GET', '/api/v1/directory', { token: c.tokens.agent });
      expect(r.status, r.text).toBe(200);
      const users = r.body.data.users as { id: string; name: string; role: string; team_ids: string[] }[];
      expect(users.map((u) => u.role).sort()).toEqual(['agent', 'supervisor', 'tenant_admin', 'viewer']);
      expect(users.find((u) => u.id === me.id)?.team_ids).toEqual([team.body.data.id]);
      expect(r.text).not.toContain('@');
      expect(r.body.data.teams).toEqual([{ id: team.body.data.id, name: 'Tier 2' }]);

      const beta = await c.api('GET', '/api/v1/directory', { token: c.other.token });
      expect(beta.body.data.users.map((u: { name: string }) => u.name)).toEqual(['Bea Admin']);
      expect(beta.body.data.teams).toEqual([]);
      expect((await c.api('GET', '/api/v1/directory')).status).toBe(401);
    });

    it('leaves out users who left the tenant', async () => {
      const c = ctx();
      const created = await c.api('POST', '/api/v1/users', {
        token: c.tokens.tenant_admin,
        body: { name: 'Temp Agent', email: 'temp@demo.local', role: 'agent', password: 'Temporary-pass-1' },
      });
      expect(created.status, created.text).toBe(201);
      const names = async () => (await c.api('GET', '/api/v1/directory', { token: c.tokens.viewer })).body.data.users.map((u: { name: string }) => u.name);
      expect(await names()).toContain('Temp Agent');
      expect((await c.api('DELETE', `/api/v1/users/${created.body.data.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
      expect(await names()).not.toContain('Temp Agent');
    });
  });
});
