import { describe, expect, it } from 'vitest';
import { PASSWORD, type TestContext, describeEachDb } from '../../test/harness.js';

interface Entry {
  id: string;
  tenant_id: string | null;
  actor_user_id: string | null;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: any;
  after: any;
  ip: string | null;
  request_id: string | null;
  created_at: string;
}

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);
const tick = () => new Promise((r) => setTimeout(r, 5));

async function audit(c: TestContext, qs = '', token = c.tokens.tenant_admin): Promise<{ data: Entry[]; meta: { total: number; next_cursor: string | null } }> {
  const r = await c.api('GET', `/api/v1/audit?page_size=100${qs ? `&${qs}` : ''}`, { token });
  expect(r.status, r.text).toBe(200);
  return r.body;
}

async function userId(c: TestContext, token: string): Promise<string> {
  return (await c.api('GET', '/api/v1/auth/me', { token })).body.data.user.id;
}

describeEachDb('audit', (ctx) => {
  describe('GET /api/v1/audit', () => {
    it('records who changed what, before and after, from which address and request', async () => {
      const c = ctx();
      const adminId = await userId(c, c.tokens.tenant_admin);
      const headers = { 'x-request-id': 'my-req-1', 'x-forwarded-for': '198.51.100.23' };
      const created = await c.api('POST', '/api/v1/contacts', { token: c.tokens.tenant_admin, headers, body: { first_name: 'Audrey', last_name: 'Before' } });
      expect(created.status).toBe(201);
      expect(created.headers['x-request-id']).toBe('my-req-1');
      const id = created.body.data.id;

      const byRequest = (await audit(c)).data.find((e) => e.request_id === 'my-req-1');
      expect(byRequest).toMatchObject({
        tenant_id: 'demo',
        actor_user_id: adminId,
        actor_email: 'admin@demo.local',
        action: 'contact.created',
        entity_type: 'contact',
        entity_id: id,
        before: null,
        ip: '198.51.100.23',
        request_id: 'my-req-1',
      });
      expect(byRequest?.after).toMatchObject({ id, first_name: 'Audrey', last_name: 'Before' });
      expect(Number.isNaN(Date.parse(byRequest?.created_at ?? ''))).toBe(false);

      await c.api('PATCH', `/api/v1/contacts/${id}`, { token: c.tokens.agent, headers: { 'x-request-id': 'my-req-2' }, body: { last_name: 'After' } });
      await c.api('DELETE', `/api/v1/contacts/${id}`, { token: c.tokens.agent });
      const trail = (await audit(c, `entity_id=${id}`)).data;
      expect(trail.map((e) => e.action)).toEqual(['contact.deleted', 'contact.updated', 'contact.created']);
      const [deleted, updated] = trail;
      expect(updated).toMatchObject({ actor_email: 'agent@demo.local', request_id: 'my-req-2', ip: '127.0.0.1' });
      expect(updated.before.last_name).toBe('Before');
      expect(updated.after.last_name).toBe('After');
      expect(deleted.before.last_name).toBe('After');
      expect(deleted.after).toBeNull();
    });

    it('has an entry for every kind of write in tenants, users, contacts and tags', async () => {
      const c = ctx();
      const { api, tokens } = c;
      const superId = await userId(c, tokens.superadmin);
      const adminId = await userId(c, tokens.tenant_admin);

      await api('PATCH', '/api/v1/tenant', { token: tokens.tenant_admin, body: { settings: { locale: 'en-GB' } } });
      await api('PATCH', '/api/v1/tenants/demo', { token: tokens.superadmin, body: { limits: { max_dids: 10 } } });
      const user = (await api('POST', '/api/v1/users', { token: tokens.tenant_admin, body: { email: 'audited@demo.local', name: 'Audited', role: 'agent', password: PASSWORD } })).body.data;
      await api('PATCH', `/api/v1/users/${user.id}`, { token: tokens.tenant_admin, body: { role: 'viewer' } });
      await api('POST', `/api/v1/users/${user.id}/reset-password`, { token: tokens.tenant_admin });
      await api('DELETE', `/api/v1/users/${user.id}`, { token: tokens.tenant_admin });
      const tag = (await api('POST', '/api/v1/tags', { token: tokens.supervisor, body: { name: 'Audited tag' } })).body.data;
      await api('PATCH', `/api/v1/tags/${tag.id}`, { token: tokens.supervisor, body: { color: '#abcdef' } });
      const contact = (await api('POST', '/api/v1/contacts', { token: tokens.agent, body: { first_name: 'Audit Tagging' } })).body.data;
      await api('POST', `/api/v1/contacts/${contact.id}/tags`, { token: tokens.agent, body: { tag_id: tag.id } });
      await api('DELETE', `/api/v1/contacts/${contact.id}/tags/${tag.id}`, { token: tokens.agent });
      await api('DELETE', `/api/v1/tags/${tag.id}`, { token: tokens.supervisor });
      await api('POST', '/api/v1/contacts/import', { token: tokens.agent, body: 'first_name\nImported Audit\n', headers: { 'content-type': 'text/csv' } });
      // Restore what other tests expect.
      await api('PATCH', '/api/v1/tenant', { token: tokens.tenant_admin, body: { settings: { locale: 'en-US' } } });
      await api('PATCH', '/api/v1/tenants/demo', { token: tokens.superadmin, body: { limits: { max_dids: null } } });

      const entries = (await audit(c)).data;
      const find = (action: string, entityId: string | null) => entries.find((e) => e.action === action && e.entity_id === entityId);
      expect(find('tenant.settings_updated', 'demo')).toMatchObject({ entity_type: 'tenant', actor_user_id: adminId });
      expect(find('tenant.settings_updated', 'demo')?.after.settings.locale).toBeDefined();
      const platform = find('tenant.updated', 'demo');
      expect(platform).toMatchObject({ entity_type: 'tenant', actor_user_id: superId, actor_email: 'superadmin@switchboard.local' });
      expect(entries.some((e) => e.action === 'tenant.updated' && e.before.limits.max_dids === null && e.after.limits.max_dids === 10)).toBe(true);
      expect(find('user.created', user.id)).toMatchObject({ entity_type: 'user', actor_user_id: adminId });
      expect(find('user.created', user.id)?.after).toMatchObject({ email: 'audited@demo.local', role: 'agent' });
      const roleChange = find('user.updated', user.id);
      expect(roleChange?.before.role).toBe('agent');
      expect(roleChange?.after.role).toBe('viewer');
      expect(find('user.password_reset_sent', user.id)).toBeTruthy();
      expect(find('user.deleted', user.id)?.before.email).toBe('audited@demo.local');
      expect(find('tag.created', tag.id)?.after.name).toBe('Audited tag');
      expect(find('tag.updated', tag.id)?.after.color).toBe('#abcdef');
      expect(find('tag.deleted', tag.id)).toBeTruthy();
      expect(find('contact.tagged', contact.id)?.after.tags.map((t: { id: string }) => t.id)).toEqual([tag.id]);
      expect(find('contact.untagged', contact.id)?.after.tags).toEqual([]);
      expect(find('contact.imported', null)?.after).toEqual({ imported: 1 });
    });

    it('never stores passwords, hashes or tokens in before/after', async () => {
      const c = ctx();
      const { api, tokens } = c;
      const secrets = ['Very-secret-pass-42', 'Another-secret-77', 'Reset-secret-99'];
      await api('POST', '/api/v1/users', { token: tokens.tenant_admin, body: { email: 'secretive@demo.local', name: 'Secretive', role: 'agent', password: secrets[0] } });
      const t = await api('POST', '/api/v1/tenants', {
        token: tokens.superadmin,
        body: { id: 'secret-co', name: 'Secret Co', admin: { name: 'Sec', email: 'sec@secret.local', password: secrets[1] } },
      });
      expect(t.status).toBe(201);
      const secAdmin = (await c.login('sec@secret.local', secrets[1])).access_token;
      // A user added without a password gets a reset link; the token in it must not be audited either.
      await api('POST', '/api/v1/users', { token: tokens.tenant_admin, body: { email: 'linkonly@demo.local', name: 'Link Only', role: 'viewer' } });
      const mail = (await c.outbox()).find((m) => m.to_address === 'linkonly@demo.local');
      const resetToken = /token=([A-Za-z0-9_-]+)/.exec(mail?.body_text ?? '')?.[1] as string;
      expect(resetToken).toBeTruthy();
      expect((await api('POST', '/api/v1/auth/reset-password', { body: { token: resetToken, password: secrets[2] } })).status).toBe(200);

      const demoText = JSON.stringify((await audit(c)).data);
      const secretText = JSON.stringify((await audit(c, '', secAdmin)).data);
      expect(secretText).toContain('sec@secret.local');
      expect(demoText).toContain('secretive@demo.local');
      // Straight from the table too, every tenant.
      const raw = JSON.stringify(await c.deps.db.selectFrom('audit_log').select(['before', 'after']).execute());
      for (const text of [demoText, secretText, raw]) {
        for (const s of [...secrets, resetToken]) expect(text).not.toContain(s);
        expect(text).not.toContain('scrypt$');
        expect(text).not.toMatch(/"password(_hash)?":"(?!\[redacted\])/);
      }
    });

    it('filters by action, entity type, entity id, actor and time window', async () => {
      const c = ctx();
      const { api, tokens } = c;
      const supervisorId = await userId(c, tokens.supervisor);
      await tick();
      const from = new Date().toISOString();
      await tick();
      const tag = (await api('POST', '/api/v1/tags', { token: tokens.supervisor, body: { name: 'Filter tag' } })).body.data;
      const contact = (await api('POST', '/api/v1/contacts', { token: tokens.supervisor, body: { first_name: 'Filter Contact' } })).body.data;
      await api('PATCH', `/api/v1/contacts/${contact.id}`, { token: tokens.agent, body: { notes: 'x' } });
      await tick();
      const to = new Date().toISOString();
      await tick();
      await api('POST', '/api/v1/contacts', { token: tokens.agent, body: { first_name: 'After Window' } });

      const byAction = await audit(c, 'action=contact.created');
      expect(byAction.data.length).toBeGreaterThanOrEqual(2);
      expect(byAction.data.every((e) => e.action === 'contact.created')).toBe(true);
      expect(byAction.meta.total).toBe(byAction.data.length);

      const byType = await audit(c, 'entity_type=tag');
      expect(byType.data.every((e) => e.entity_type === 'tag')).toBe(true);
      expect(byType.data.map((e) => e.entity_id)).toContain(tag.id);

      const byEntity = await audit(c, `entity_id=${contact.id}`);
      expect(byEntity.data.map((e) => e.action)).toEqual(['contact.updated', 'contact.created']);

      const byActor = await audit(c, `actor_user_id=${supervisorId}`);
      expect(byActor.data.every((e) => e.actor_user_id === supervisorId)).toBe(true);
      expect(byActor.data.map((e) => e.entity_id)).toEqual(expect.arrayContaining([tag.id, contact.id]));

      const window = await audit(c, `from=${from}&to=${to}`);
      expect(window.data.map((e) => e.action)).toEqual(['contact.updated', 'contact.created', 'tag.created']);
      expect(window.data.every((e) => e.created_at >= from && e.created_at <= to)).toBe(true);
      const combined = await audit(c, `from=${from}&to=${to}&actor_user_id=${supervisorId}&entity_type=contact`);
      expect(combined.data.map((e) => e.action)).toEqual(['contact.created']);
      expect((await audit(c, `from=${new Date(Date.now() + 86_400_000).toISOString()}`)).meta.total).toBe(0);
      expect((await audit(c, 'to=2000-01-01T00:00:00Z')).meta.total).toBe(0);
      expect((await audit(c, 'action=no.such.action')).data).toEqual([]);
    });

    it('walks every entry once with the cursor, newest first', async () => {
      const c = ctx();
      for (let i = 0; i < 7; i++) await c.api('POST', '/api/v1/tags', { token: c.tokens.supervisor, body: { name: `Cursor ${i}` } });
      const all = await audit(c);
      expect(all.meta.total).toBeGreaterThan(12);
      expect(all.meta.total).toBeLessThanOrEqual(100);

      const seen: Entry[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r = await c.api('GET', `/api/v1/audit?page_size=5${cursor ? `&cursor=${cursor}` : ''}`, { token: c.tokens.tenant_admin });
        expect(r.status).toBe(200);
        expect(r.body.data.length).toBeLessThanOrEqual(5);
        expect(r.body.meta.total).toBe(all.meta.total);
        seen.push(...r.body.data);
        cursor = r.body.meta.next_cursor;
        pages++;
      } while (cursor && pages < 50);
      expect(cursor).toBeNull();
      expect(pages).toBe(Math.ceil(all.meta.total / 5));
      const ids = seen.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(all.data.map((e) => e.id));
      for (let i = 1; i < seen.length; i++) expect(seen[i - 1].created_at >= seen[i].created_at).toBe(true);

      // The cursor keeps the filter.
      const filtered: string[] = [];
      let next: string | null = null;
      do {
        const r = await c.api('GET', `/api/v1/audit?action=tag.created&page_size=2${next ? `&cursor=${next}` : ''}`, { token: c.tokens.tenant_admin });
        expect(r.body.data.every((e: Entry) => e.action === 'tag.created')).toBe(true);
        filtered.push(...r.body.data.map((e: Entry) => e.id));
        next = r.body.meta.next_cursor;
      } while (next);
      expect(filtered).toEqual((await audit(c, 'action=tag.created')).data.map((e) => e.id));
    });

    it('rejects bad query parameters with field errors', async () => {
      const c = ctx();
      const r = await c.api('GET', '/api/v1/audit?from=yesterday&to=2026-01-01&page_size=0', { token: c.tokens.tenant_admin });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect(fields(r).sort()).toEqual(['from', 'page_size', 'to']);
      const long = await c.api('GET', `/api/v1/audit?cursor=${'x'.repeat(201)}`, { token: c.tokens.tenant_admin });
      expect(fields(long)).toEqual(['cursor']);
    });

    it('needs audit:read: 401 without a token, 403 for supervisors, agents and viewers', async () => {
      const c = ctx();
      expect((await c.api('GET', '/api/v1/audit')).status).toBe(401);
      for (const token of [c.tokens.supervisor, c.tokens.agent, c.tokens.viewer]) {
        const r = await c.api('GET', '/api/v1/audit', { token });
        expect(r.status).toBe(403);
        expect(r.body.code).toBe('forbidden');
      }
    });

    it("never shows one tenant's entries to another", async () => {
      const c = ctx();
      const contact = (await c.api('POST', '/api/v1/contacts', { token: c.tokens.agent, body: { first_name: 'Private' } })).body.data;
      const beta = await audit(c, '', c.other.token);
      expect(beta.data.length).toBeGreaterThan(0);
      expect(beta.data.every((e) => e.tenant_id === 'beta')).toBe(true);
      expect(JSON.stringify(beta.data)).not.toContain('@demo.local');
      expect((await audit(c, `entity_id=${contact.id}`, c.other.token)).meta.total).toBe(0);
      expect((await audit(c, 'action=contact.created', c.other.token)).data.every((e) => e.tenant_id === 'beta')).toBe(true);
      // And the other way round: beta's own creation is not in demo's trail.
      expect((await audit(c, 'entity_id=beta')).meta.total).toBe(0);
      expect((await audit(c)).data.every((e) => e.tenant_id === 'demo')).toBe(true);
    });
  });
});
