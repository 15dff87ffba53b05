import { describe, expect, it } from 'vitest';
import { describeEachDb } from '../../test/harness.js';
import { decryptSecret } from './email-crypto.js';
import { mime, msgId, postRaw } from './email-test-helpers.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field).sort();
const BASE = '/api/v1/helpdesk/email-channels';
const PASSWORD = 'imap-Pa55word-never-shown';

describeEachDb('helpdesk email channels', (ctx) => {
  describe('POST /api/v1/helpdesk/email-channels', () => {
    it('creates a channel: the token is shown once, the IMAP password never; both are kept secret at rest and in the audit', async () => {
      const c = ctx();
      const r = await c.api('POST', BASE, {
        token: c.tokens.tenant_admin,
        body: { name: 'Support', address: ' Help@Demo.Test ', from_name: 'Demo Help', imap_host: 'imap.demo.test', imap_user: 'help', imap_password: PASSWORD },
      });
      expect(r.status, r.text).toBe(201);
      const ch = r.body.data;
      expect(ch).toMatchObject({
        name: 'Support',
        address: 'help@demo.test',
        from_name: 'Demo Help',
        enabled: true,
        imap_host: 'imap.demo.test',
        imap_port: null,
        imap_tls: true,
        imap_user: 'help',
        imap_mailbox: 'INBOX',
        imap_password_set: true,
        imap_last_polled_at: null,
        imap_last_error: null,
        inbound_url: `${c.config.publicUrl}/api/v1/helpdesk/email-inbound`,
      });
      expect(ch.inbound_token).toMatch(/^sbin_[A-Za-z0-9_-]{40,}$/);
      expect(ch.inbound_token_hint).toBe(ch.inbound_token.slice(-4));
      expect(r.text).not.toContain(PASSWORD);
      const got = await c.api('GET', `${BASE}/${ch.id}`, { token: c.tokens.tenant_admin });
      expect(got.body.data).not.toHaveProperty('inbound_token');
      expect(got.text).not.toContain(PASSWORD);
      expect(got.text).not.toContain(ch.inbound_token);
      const list = await c.api('GET', BASE, { token: c.tokens.tenant_admin });
      expect(list.body.data.map((x: { id: string }) => x.id)).toContain(ch.id);
      expect(list.text).not.toContain(PASSWORD);
      // At rest: encrypted password, hashed token.
      const row = await c.deps.db.selectFrom('hd_email_channels').selectAll().where('id', '=', ch.id).executeTakeFirstOrThrow();
      expect(row.imap_password).not.toContain(PASSWORD);
      expect(decryptSecret(c.config.jwtSecret, row.imap_password as string)).toBe(PASSWORD);
      expect(row.inbound_token_hash).not.toBe(ch.inbound_token);
      expect(decryptSecret('another-secret-another-secret-another-secret', row.imap_password as string)).toBeNull();
      // The audit trail names the change but never the secrets.
      await c.api('PATCH', `${BASE}/${ch.id}`, { token: c.tokens.tenant_admin, body: { imap_password: `${PASSWORD}-2` } });
      const audit = await c.api('GET', `/api/v1/audit?entity_id=${ch.id}`, { token: c.tokens.tenant_admin });
      expect(audit.body.data.map((a: { action: string }) => a.action).sort()).toEqual(['email_channel.created', 'email_channel.updated']);
      expect(audit.text).not.toContain(PASSWORD);
      expect(audit.text).not.toContain(ch.inbound_token);
    });

    it('400 with fields, 409 on a taken name (any case) or address, 403 for agents; nothing written', async () => {
      const c = ctx();
      const ok = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { name: 'Billing', address: 'billing@demo.test' } });
      expect(ok.status).toBe(201);
      const bad = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { name: '', address: 'not-an-address', imap_port: 70000, imap_host: 'bad host!' } });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['address', 'imap_host', 'imap_port', 'name']);
      const noUser = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { name: 'No user', address: 'nouser@demo.test', imap_host: 'imap.demo.test' } });
      expect(noUser.status).toBe(400);
      expect(fields(noUser)).toEqual(['imap_user']);
      const dupName = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { name: 'BILLING', address: 'other@demo.test' } });
      expect(dupName.status).toBe(409);
      expect(fields(dupName)).toEqual(['name']);
      const dupAddress = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { name: 'Billing 2', address: 'Billing@Demo.test' } });
      expect(dupAddress.status).toBe(409);
      expect(fields(dupAddress)).toEqual(['address']);
      // Another tenant may use the same name and address.
      expect((await c.api('POST', BASE, { token: c.other.token, body: { name: 'Billing', address: 'billing@demo.test' } })).status).toBe(201);
      expect((await c.api('POST', BASE, { token: c.tokens.agent, body: { name: 'Agent', address: 'agent-ch@demo.test' } })).status).toBe(403);
      expect((await c.api('GET', BASE, { token: c.tokens.agent })).status).toBe(403);
      expect((await c.api('GET', BASE)).status).toBe(401);
      const names = (await c.api('GET', `${BASE}?page_size=100`, { token: c.tokens.tenant_admin })).body.data.map((x: { name: string }) => x.name);
      expect(names.filter((n: string) => /^(No user|BILLING|Billing 2|Agent)$/.test(n))).toEqual([]);
    });
  });

  describe('PATCH / DELETE /api/v1/helpdesk/email-channels/:id', () => {
    it('updates fields, clears the password with null, keeps it when absent; other tenant 404', async () => {
      const c = ctx();
      const ch = (await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { name: 'Sales', address: 'sales@demo.test', imap_host: 'imap.demo.test', imap_user: 'sales', imap_password: 'p' } })).body.data;
      const p1 = await c.api('PATCH', `${BASE}/${ch.id}`, { token: c.tokens.tenant_admin, body: { name: 'Sales EU', enabled: false, imap_port: 1143, imap_tls: false } });
      expect(p1.status, p1.text).toBe(200);
      expect(p1.body.data).toMatchObject({ name: 'Sales EU', enabled: false, imap_port: 1143, imap_tls: false, imap_password_set: true });
      const p2 = await c.api('PATCH', `${BASE}/${ch.id}`, { token: c.tokens.tenant_admin, body: { imap_password: null } });
      expect(p2.body.data.imap_password_set).toBe(false);
      const clearHost = await c.api('PATCH', `${BASE}/${ch.id}`, { token: c.tokens.tenant_admin, body: { imap_user: null } });
      expect(clearHost.status).toBe(400);
      expect(fields(clearHost)).toEqual(['imap_user']);
      const p3 = await c.api('PATCH', `${BASE}/${ch.id}`, { token: c.tokens.tenant_admin, body: { imap_host: null, imap_user: null } });
      expect(p3.body.data).toMatchObject({ imap_host: null, imap_user: null });
      for (const [method, path] of [
        ['GET', ''],
        ['PATCH', ''],
        ['DELETE', ''],
        ['POST', '/rotate-token'],
        ['POST', '/test'],
        ['POST', '/poll'],
      ] as const)
        expect((await c.api(method, `${BASE}/${ch.id}${path}`, { token: c.other.token, body: method === 'PATCH' ? { name: 'x' } : undefined })).status, `${method} ${path}`).toBe(404);
      expect((await c.api('GET', `${BASE}/${ch.id}`, { token: c.tokens.tenant_admin })).body.data.name).toBe('Sales EU');
      // Without IMAP: the test says why, "poll now" is a 409.
      expect((await c.api('POST', `${BASE}/${ch.id}/test`, { token: c.tokens.tenant_admin })).body.data).toMatchObject({ ok: false, messages: null });
      expect((await c.api('POST', `${BASE}/${ch.id}/poll`, { token: c.tokens.tenant_admin })).status).toBe(409);
    });

    it('deleting a channel retires its token and keeps its tickets', async () => {
      const c = ctx();
      const ch = (await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { name: 'Temp', address: 'temp@demo.test' } })).body.data;
      const r = await postRaw(c, ch.inbound_token, await mime({ from: 'temp-customer@customer.test', to: ch.address, subject: 'Before delete', messageId: msgId(), text: 'x' }));
      expect(r.status).toBe(201);
      expect((await c.api('DELETE', `${BASE}/${ch.id}`, { token: c.tokens.tenant_admin })).status).toBe(200);
      expect((await c.api('GET', `${BASE}/${ch.id}`, { token: c.tokens.tenant_admin })).status).toBe(404);
      expect((await postRaw(c, ch.inbound_token, await mime({ from: 'temp-customer@customer.test', to: ch.address, subject: 'After delete', messageId: msgId(), text: 'y' }))).status).toBe(401);
      expect((await c.api('GET', `/api/v1/tickets/${r.body.data.ticket_id}`, { token: c.tokens.agent })).status).toBe(200);
    });
  });
});
