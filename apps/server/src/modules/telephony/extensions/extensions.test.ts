import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type ConfigError, loadConfig } from '../../../config.js';
import { PASSWORD, type TestContext, describeEachDb } from '../../../test/harness.js';
import { assertAraRowValid, pjsipRowsNamed } from '../ara-assert.js';
import { callerIdOf, sipServer } from './service.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field).sort();
/** The database, untyped: Asterisk's tables are not in our DB interface. */
const raw = (c: TestContext) => c.deps.db as unknown as Kysely<any>;
const BASE = '/api/v1/telephony/extensions';
const ROWS_FILE = resolve(import.meta.dirname, '../../../../../../../shared/asterisk/traces/rows.json');

async function createExt(c: TestContext, body: Record<string, unknown>, token = c.tokens.tenant_admin) {
  const r = await c.api('POST', BASE, { token, body: { display_name: 'Desk phone', ...body } });
  expect(r.status, r.text).toBe(201);
  return r.body.data;
}

/** Every PJSIP row of an endpoint, each valid for Asterisk's columns and carrying the tenant. */
async function rowsOf(c: TestContext, endpoint: string, tenant = 'demo') {
  const rows = await pjsipRowsNamed(c.deps.db, endpoint);
  for (const [table, list] of Object.entries(rows)) {
    if (table === 'ps_contacts') continue;
    for (const r of list) {
      assertAraRowValid(table, r);
      expect(r.tenant_id, `${table} ${r.id} tenant_id`).toBe(tenant);
      expect(String(r.id).startsWith(`${tenant}-`)).toBe(true);
    }
  }
  return rows;
}

const noRowsLeft = async (c: TestContext, endpoint: string) => {
  for (const [table, list] of Object.entries(await pjsipRowsNamed(c.deps.db, endpoint))) expect(list, `${table} rows of ${endpoint}`).toEqual([]);
};

async function extCount(c: TestContext, token = c.tokens.viewer): Promise<number> {
  return (await c.api('GET', `${BASE}?page_size=1`, { token })).body.meta.total;
}

/** A new tenant with an admin (features, settings and limits as given). */
async function freshTenant(c: TestContext, body: Record<string, unknown>): Promise<{ id: string; token: string }> {
  const id = `t${randomUUID().slice(0, 8)}`;
  const r = await c.api('POST', '/api/v1/tenants', {
    token: c.tokens.superadmin,
    body: { id, name: `Tenant ${id}`, admin: { name: 'Admin', email: `admin@${id}.local`, password: PASSWORD }, ...body },
  });
  expect(r.status, r.text).toBe(201);
  return { id, token: (await c.login(`admin@${id}.local`)).access_token };
}

async function userId(c: TestContext, email: string, token = c.tokens.tenant_admin): Promise<string> {
  const r = await c.api('GET', `/api/v1/users?q=${encodeURIComponent(email)}`, { token });
  const u = r.body.data.find((x: { email: string }) => x.email === email);
  if (!u) throw new Error(`no user ${email}`);
  return u.id;
}

async function voicemailBox(c: TestContext, tenant: string, mailbox: string): Promise<string> {
  const id = randomUUID();
  const at = new Date().toISOString();
  await c.deps.db
    .insertInto('tel_voicemail_boxes')
    .values({
      id,
      tenant_id: tenant,
      mailbox,
      name: `Box ${mailbox}`,
      pin: '1234',
      email: null,
      attach_audio: 1,
      delete_after_email: 0,
      greeting_sha256: null,
      greeting_content_type: null,
      greeting_size: null,
      greeting_file_name: null,
      greeting_uploaded_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

/** The ps_contacts row Asterisk 22.11 wrote on REGISTER (traces/rows.json), moved to `endpoint` and to expire in `seconds`. */
function contactRow(endpoint: string, seconds: number, ip = '127.0.0.1'): Record<string, any> {
  const template: Record<string, string | null> = existsSync(ROWS_FILE)
    ? JSON.parse(readFileSync(ROWS_FILE, 'utf8')).ps_contacts[0]
    : {
        id: 'acme-1001^3B@9e3867df2dcea9fa8af2dd1792ad3c74',
        uri: 'sip:acme-1001-0x5566a85ed3d0@127.0.0.1:6010',
        expiration_time: '1795314376',
        qualify_frequency: '0',
        outbound_proxy: '',
        path: '',
        user_agent: 'baresip v1.0.0 (x86_64/linux)',
        qualify_timeout: '3',
        reg_server: 'sb-node-1',
        authenticate_qualify: 'no',
        via_addr: '127.0.0.1',
        via_port: '6010',
        call_id: 'bc79d90a9a2ccfa9',
        endpoint: 'acme-1001',
        prune_on_boot: 'no',
        qualify_2xx_only: 'false',
      };
  const from = String(template.endpoint);
  const swap = (v: string | null) => (v === null ? null : v.replaceAll(from, endpoint).replaceAll('127.0.0.1', ip));
  const hash = randomUUID().replaceAll('-', '');
  return {
    ...Object.fromEntries(Object.entries(template).map(([k, v]) => [k, swap(v)])),
    id: `${endpoint}^3B@${hash}`,
    call_id: hash.slice(0, 16),
    expiration_time: Math.floor(Date.now() / 1000) + seconds,
    qualify_frequency: Number(template.qualify_frequency),
    qualify_timeout: Number(template.qualify_timeout),
    via_port: Number(template.via_port),
  };
}

const insertContact = (c: TestContext, row: Record<string, unknown>) => raw(c).insertInto('ps_contacts').values(row).execute();

describe('extension helpers', () => {
  it('builds a caller ID within 40 characters without quotes or brackets from the name', () => {
    expect(callerIdOf('Alice', '1001')).toBe('"Alice" <1001>');
    expect(callerIdOf('Bob "the <builder>"', '1002')).toBe('"Bob the builder" <1002>');
    const long = callerIdOf('A very long display name that goes on and on', '123456');
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long.endsWith(' <123456>')).toBe(true);
  });

  it('derives the softphone server from PUBLIC_URL unless SIP_DOMAIN / SIP_WSS_URL are configured', () => {
    expect(sipServer({ publicUrl: 'https://pbx.acme.example' })).toEqual({
      domain: 'pbx.acme.example',
      wss: 'wss://pbx.acme.example:8089/ws',
      domainConfigured: false,
      wssConfigured: false,
    });
    expect(sipServer({ publicUrl: 'https://app.example', sipDomain: 'sip.example', sipWssUrl: 'wss://ws.example/ws' })).toEqual({
      domain: 'sip.example',
      wss: 'wss://ws.example/ws',
      domainConfigured: true,
      wssConfigured: true,
    });
    expect(sipServer({ publicUrl: 'https://app.example', sipDomain: 'sip.example' }).wss).toBe('wss://sip.example:8089/ws');
    const base = { JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789', DATA_DIR: tmpdir() };
    expect(loadConfig({ ...base, SIP_DOMAIN: 'sip.example', SIP_WSS_URL: 'wss://sip.example/ws' })).toMatchObject({
      sipDomain: 'sip.example',
      sipWssUrl: 'wss://sip.example/ws',
    });
    try {
      loadConfig({ ...base, SIP_DOMAIN: 'not a host', SIP_WSS_URL: 'https://sip.example/ws' });
      expect.unreachable('bad SIP settings accepted');
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual(['SIP_DOMAIN', 'SIP_WSS_URL']);
    }
  });
});

describeEachDb('telephony extensions', (ctx) => {
  describe('POST /api/v1/telephony/extensions', () => {
    it('creates an extension with the lowest free number and writes its endpoint, auth and aor; the password shows once', async () => {
      const c = ctx();
      const e = await createExt(c, { display_name: 'Reception' });
      expect(e).toMatchObject({
        number: '1000',
        display_name: 'Reception',
        user_id: null,
        user: null,
        endpoint: 'demo-1000',
        max_contacts: 3,
        webrtc: false,
        recording: false,
        voicemail_box_id: null,
        outbound_permission: 'national',
        caller_id_number: null,
        status: 'unregistered',
        contacts: [],
      });
      expect(e.sip_password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const got = await c.api('GET', `${BASE}/${e.id}`, { token: c.tokens.viewer });
      expect(got.status).toBe(200);
      const { sip_password, ...shown } = e;
      expect(got.body.data).toEqual(shown);
      for (const text of [got.text, (await c.api('GET', `${BASE}?page_size=100`, { token: c.tokens.tenant_admin })).text])
        expect(text).not.toContain(sip_password);
      const audit = await c.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', e.id).execute();
      expect(audit.map((a) => a.action)).toEqual(['extension.created']);
      expect(JSON.stringify(audit)).not.toContain(sip_password);

      const rows = await rowsOf(c, 'demo-1000');
      expect(rows.ps_endpoints).toEqual([
        expect.objectContaining({
          id: 'demo-1000',
          transport: null,
          aors: 'demo-1000',
          auth: 'demo-1000',
          context: 'demo-internal',
          disallow: 'all',
          allow: 'ulaw,alaw,g722,opus',
          direct_media: 'no',
          rtp_symmetric: 'yes',
          force_rport: 'yes',
          rewrite_contact: 'yes',
          callerid: '"Reception" <1000>',
          mailboxes: null,
          tenantid: 'demo',
          accountcode: 'demo',
          set_var: 'TENANT=demo;CDR(tenant_id)=demo',
          webrtc: null,
        }),
      ]);
      expect(rows.ps_auths).toEqual([expect.objectContaining({ id: 'demo-1000', auth_type: 'userpass', username: 'demo-1000', password: sip_password })]);
      expect(rows.ps_aors).toEqual([expect.objectContaining({ id: 'demo-1000', max_contacts: 3, remove_existing: 'yes' })]);
      expect(rows.ps_registrations).toEqual([]);
      expect(rows.ps_endpoint_id_ips).toEqual([]);

      // The next one takes the next free number; a given number is kept.
      expect((await createExt(c, {})).number).toBe('1001');
      const given = await createExt(c, {
        number: '4321',
        display_name: 'Given',
        max_contacts: 1,
        outbound_permission: 'none',
        caller_id_number: '+14155550100',
      });
      expect(given).toMatchObject({ number: '4321', endpoint: 'demo-4321', max_contacts: 1, outbound_permission: 'none', caller_id_number: '+14155550100' });
      expect((await rowsOf(c, 'demo-4321')).ps_aors[0].max_contacts).toBe(1);
    });

    it('a WebRTC extension gets WSS, DTLS, ICE, AVPF, rtcp-mux and opus first', async () => {
      const c = ctx();
      const e = await createExt(c, { display_name: 'Browser', webrtc: true, recording: true });
      expect(e).toMatchObject({ webrtc: true, recording: true });
      const rows = await rowsOf(c, e.endpoint);
      expect(rows.ps_endpoints[0]).toMatchObject({
        transport: 'transport-wss',
        webrtc: 'yes',
        use_avpf: 'yes',
        media_encryption: 'dtls',
        dtls_auto_generate_cert: 'yes',
        dtls_verify: 'fingerprint',
        dtls_setup: 'actpass',
        ice_support: 'yes',
        rtcp_mux: 'yes',
        media_use_received_transport: 'yes',
      });
      expect(String(rows.ps_endpoints[0].allow).split(',')[0]).toBe('opus');
    });

    it('checks the number against the tenant’s extension_digits and its other extensions', async () => {
      const c = ctx();
      const before = await extCount(c);
      for (const number of ['123', '12345', '12a4', '1', '1234567']) {
        const r = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { display_name: 'Bad', number } });
        expect(r.status, number).toBe(400);
        expect(fields(r)).toEqual(['number']);
      }
      await createExt(c, { number: '2500' });
      const dup = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { display_name: 'Dup', number: '2500' } });
      expect(dup.status).toBe(409);
      expect(fields(dup)).toEqual(['number']);
      expect(await extCount(c)).toBe(before + 1);
      // Another tenant may use the same number; its endpoint carries its own slug.
      const beta = await c.api('POST', BASE, { token: c.other.token, body: { display_name: 'Beta desk', number: '2500' } });
      expect(beta.status, beta.text).toBe(201);
      expect(beta.body.data.endpoint).toBe('beta-2500');
      await rowsOf(c, 'beta-2500', 'beta');

      // A tenant with 3-digit extensions.
      const t3 = await freshTenant(c, { settings: { extension_digits: 3 } });
      const first = await c.api('POST', BASE, { token: t3.token, body: { display_name: 'Three' } });
      expect(first.body.data.number).toBe('100');
      const four = await c.api('POST', BASE, { token: t3.token, body: { display_name: 'Four', number: '1000' } });
      expect(four.status).toBe(400);
      expect(four.body.errors[0].message).toMatch(/3 digits/);
      expect((await c.api('POST', BASE, { token: t3.token, body: { display_name: 'Ok', number: '999' } })).body.data.endpoint).toBe(`${t3.id}-999`);
    });

    it('rejects bad fields with field errors and creates nothing', async () => {
      const c = ctx();
      const before = await extCount(c);
      const endpointsBefore = await raw(c).selectFrom('ps_endpoints').select('id').execute();
      const cases: [Record<string, unknown>, string[]][] = [
        [{}, ['display_name']],
        [{ display_name: '  ' }, ['display_name']],
        [{ display_name: 'x', max_contacts: 0, outbound_permission: 'everywhere', webrtc: 'yes' }, ['max_contacts', 'outbound_permission', 'webrtc']],
        [{ display_name: 'x', caller_id_number: 'my number' }, ['caller_id_number']],
        [{ display_name: 'x', user_id: 'no-such-user' }, ['user_id']],
        [{ display_name: 'x', voicemail_box_id: 'no-such-box' }, ['voicemail_box_id']],
      ];
      for (const [body, expected] of cases) {
        const r = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body });
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(fields(r), JSON.stringify(body)).toEqual(expected);
      }
      expect(await extCount(c)).toBe(before);
      expect(await raw(c).selectFrom('ps_endpoints').select('id').execute()).toEqual(endpointsBefore);
    });

    it('links a member of the tenant (one extension per user); another tenant’s user or box is a 400', async () => {
      const c = ctx();
      const agent = await userId(c, 'agent@demo.local');
      const e = await createExt(c, { display_name: 'Alex', user_id: agent });
      expect(e.user).toEqual({ id: agent, name: 'Alex Agent', email: 'agent@demo.local' });
      const again = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { display_name: 'Alex 2', user_id: agent } });
      expect(again.status).toBe(409);
      expect(fields(again)).toEqual(['user_id']);
      const filtered = await c.api('GET', `${BASE}?user_id=${agent}`, { token: c.tokens.viewer });
      expect(filtered.body.data.map((x: { id: string }) => x.id)).toEqual([e.id]);

      const betaUser = await userId(c, 'admin@beta.local', c.other.token);
      const foreign = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { display_name: 'Foreign', user_id: betaUser } });
      expect(foreign.status).toBe(400);
      expect(fields(foreign)).toEqual(['user_id']);
      const betaBox = await voicemailBox(c, 'beta', '700');
      const foreignBox = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { display_name: 'Foreign', voicemail_box_id: betaBox } });
      expect(foreignBox.status).toBe(400);
      expect(fields(foreignBox)).toEqual(['voicemail_box_id']);
      expect((await c.api('GET', `${BASE}?user_id=${betaUser}`, { token: c.tokens.viewer })).body.data).toEqual([]);
    });

    it('sets the endpoint’s mailboxes to <box>@<tenant> for a voicemail box of the tenant', async () => {
      const c = ctx();
      const box = await voicemailBox(c, 'demo', '8100');
      const e = await createExt(c, { display_name: 'With box', voicemail_box_id: box });
      expect(e.voicemail_box_id).toBe(box);
      expect((await rowsOf(c, e.endpoint)).ps_endpoints[0].mailboxes).toBe('8100@demo');
      const off = await c.api('PATCH', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin, body: { voicemail_box_id: null } });
      expect(off.body.data.voicemail_box_id).toBeNull();
      expect((await rowsOf(c, e.endpoint)).ps_endpoints[0].mailboxes).toBeNull();
    });

    it('WebRTC and recording need their features (403 feature_disabled), nothing created', async () => {
      const c = ctx();
      const t = await freshTenant(c, { features: { webrtc: false, recording: false } });
      for (const body of [{ webrtc: true }, { recording: true }]) {
        const r = await c.api('POST', BASE, { token: t.token, body: { display_name: 'No', ...body } });
        expect(r.status).toBe(403);
        expect(r.body.code).toBe('feature_disabled');
      }
      expect(await extCount(c, t.token)).toBe(0);
      const plain = await c.api('POST', BASE, { token: t.token, body: { display_name: 'Plain', webrtc: false } });
      expect(plain.status).toBe(201);
      const patch = await c.api('PATCH', `${BASE}/${plain.body.data.id}`, { token: t.token, body: { webrtc: true } });
      expect(patch.status).toBe(403);
      expect(patch.body.code).toBe('feature_disabled');
    });

    it('is limited by max_agents (409 limit_reached), nothing created', async () => {
      const c = ctx();
      const t = await freshTenant(c, { limits: { max_agents: 2 } });
      await c.api('POST', BASE, { token: t.token, body: { display_name: 'One' } });
      await c.api('POST', BASE, { token: t.token, body: { display_name: 'Two' } });
      const r = await c.api('POST', BASE, { token: t.token, body: { display_name: 'Three' } });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('limit_reached');
      expect(fields(r)).toEqual(['max_agents']);
      expect(await extCount(c, t.token)).toBe(2);
      const endpoints = await raw(c).selectFrom('ps_endpoints').select('id').where('tenant_id', '=', t.id).execute();
      expect(endpoints).toHaveLength(2);
    });

    it('slugs stop at 31 characters, so the longest tenant still fits Asterisk’s 40-character context', async () => {
      const c = ctx();
      const tooLong = `long${randomUUID().replaceAll('-', '').slice(0, 28)}`;
      expect(tooLong).toHaveLength(32);
      const refused = await c.api('POST', '/api/v1/tenants', { token: c.tokens.superadmin, body: { id: tooLong, name: 'Long slug' } });
      expect(refused.status).toBe(400);
      expect(fields(refused)).toEqual(['id']);
      const id = tooLong.slice(0, 31);
      const r = await c.api('POST', '/api/v1/tenants', {
        token: c.tokens.superadmin,
        body: { id, name: 'Long slug', admin: { name: 'Admin', email: `admin@${id}.local`, password: PASSWORD } },
      });
      expect(r.status, r.text).toBe(201);
      const token = (await c.login(`admin@${id}.local`)).access_token;
      const e = await c.api('POST', BASE, { token, body: { display_name: 'Longest tenant' } });
      expect(e.status, e.text).toBe(201);
      const row = await raw(c).selectFrom('ps_endpoints').select(['id', 'context']).where('tenant_id', '=', id).executeTakeFirstOrThrow();
      expect(row.context).toBe(`${id}-internal`);
      expect(row.context).toHaveLength(40);
    });

    it('needs telephony:manage: 401 without a token, 403 for supervisor, agent and viewer', async () => {
      const c = ctx();
      const before = await extCount(c);
      expect((await c.api('POST', BASE, { body: { display_name: 'Anon' } })).status).toBe(401);
      for (const role of ['supervisor', 'agent', 'viewer'] as const)
        expect((await c.api('POST', BASE, { token: c.tokens[role], body: { display_name: role } })).status).toBe(403);
      expect(await extCount(c)).toBe(before);
    });
  });

  describe('GET /api/v1/telephony/extensions', () => {
    it('lists, searches, sorts and pages; another tenant sees none of them', async () => {
      const c = ctx();
      const tag = `ls${randomUUID().slice(0, 4)}`;
      await createExt(c, { number: '6002', display_name: `${tag} bravo` });
      await createExt(c, { number: '6001', display_name: `${tag} Charlie` });
      await createExt(c, { number: '6003', display_name: `${tag} Alpha` });
      const list = async (qs: string, token = c.tokens.viewer) => (await c.api('GET', `${BASE}?q=${tag}&${qs}`, { token })).body;
      expect((await list('sort=number')).data.map((e: { number: string }) => e.number)).toEqual(['6001', '6002', '6003']);
      expect((await list('sort=-number')).data.map((e: { number: string }) => e.number)).toEqual(['6003', '6002', '6001']);
      expect((await list('sort=display_name')).data.map((e: { number: string }) => e.number)).toEqual(['6003', '6002', '6001']);
      expect((await list('sort=created_at')).data.map((e: { number: string }) => e.number)).toEqual(['6002', '6001', '6003']);
      const p = await list('page=2&page_size=2');
      expect(p.meta).toEqual({ page: 2, page_size: 2, total: 3 });
      expect((await c.api('GET', `${BASE}?q=6001`, { token: c.tokens.agent })).body.data.map((e: { number: string }) => e.number)).toEqual(['6001']);
      expect((await list('', c.other.token)).data).toEqual([]);
      expect((await c.api('GET', BASE)).status).toBe(401);
    });
  });

  describe('registration status', () => {
    it('shows the contacts Asterisk wrote for the endpoint (unexpired only), never another tenant’s', async () => {
      const c = ctx();
      const e = await createExt(c, { number: '7001' });
      const beta = await c.api('POST', BASE, { token: c.other.token, body: { display_name: 'Beta 7001', number: '7001' } });
      expect(beta.status).toBe(201);
      const live = contactRow('demo-7001', 300, '198.51.100.20');
      await insertContact(c, live);
      await insertContact(c, contactRow('demo-7001', -30, '198.51.100.21'));
      await insertContact(c, contactRow('beta-7001', 300, '203.0.113.99'));
      assertAraRowValid('ps_contacts', live);

      const got = (await c.api('GET', `${BASE}/${e.id}`, { token: c.tokens.agent })).body.data;
      expect(got.status).toBe('registered');
      expect(got.contacts).toEqual([
        {
          uri: live.uri,
          user_agent: 'baresip v1.0.0 (x86_64/linux)',
          via_address: '198.51.100.20',
          via_port: live.via_port,
          expires_at: new Date(live.expiration_time * 1000).toISOString(),
          reg_server: 'sb-node-1',
        },
      ]);
      expect(JSON.stringify(got)).not.toContain('203.0.113.99');
      const listed = (await c.api('GET', `${BASE}?q=7001`, { token: c.tokens.viewer })).body.data;
      expect(listed.map((x: { status: string; contacts: unknown[] }) => [x.status, x.contacts.length])).toEqual([['registered', 1]]);
      const betaView = (await c.api('GET', `${BASE}/${beta.body.data.id}`, { token: c.other.token })).body.data;
      expect(betaView.contacts.map((x: { via_address: string }) => x.via_address)).toEqual(['203.0.113.99']);

      // A new password keeps the registration (same endpoint); deleting the extension removes its contacts only.
      const reset = await c.api('POST', `${BASE}/${e.id}/reset-password`, { token: c.tokens.tenant_admin });
      expect(reset.body.data.status).toBe('registered');
      expect((await c.api('DELETE', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
      await noRowsLeft(c, 'demo-7001');
      expect((await pjsipRowsNamed(c.deps.db, 'beta-7001')).ps_contacts).toHaveLength(1);
    });
  });

  describe('PATCH /api/v1/telephony/extensions/:id', () => {
    it('replaces the rows without orphans: WebRTC on and off, a new number moves every row (contacts of the old id go)', async () => {
      const c = ctx();
      const e = await createExt(c, { number: '3100', display_name: 'Mover' });
      await insertContact(c, contactRow('demo-3100', 300));
      const patch = async (body: Record<string, unknown>) => {
        const r = await c.api('PATCH', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin, body });
        expect(r.status, r.text).toBe(200);
        expect(r.body.data).not.toHaveProperty('sip_password');
        return r.body.data;
      };
      let u = await patch({ webrtc: true, display_name: 'Mover WebRTC', max_contacts: 5 });
      expect(u).toMatchObject({ webrtc: true, status: 'registered' });
      let rows = await rowsOf(c, 'demo-3100');
      expect(rows.ps_endpoints[0]).toMatchObject({ transport: 'transport-wss', webrtc: 'yes', callerid: '"Mover WebRTC" <3100>' });
      expect(rows.ps_aors[0].max_contacts).toBe(5);
      expect(rows.ps_auths[0].password).toBe(e.sip_password);
      u = await patch({ webrtc: false });
      rows = await rowsOf(c, 'demo-3100');
      expect(rows.ps_endpoints[0]).toMatchObject({ transport: null, webrtc: null, media_encryption: null, ice_support: null });

      u = await patch({ number: '3101' });
      expect(u).toMatchObject({ number: '3101', endpoint: 'demo-3101', status: 'unregistered' });
      await noRowsLeft(c, 'demo-3100');
      rows = await rowsOf(c, 'demo-3101');
      expect([rows.ps_endpoints.length, rows.ps_auths.length, rows.ps_aors.length]).toEqual([1, 1, 1]);
      expect(rows.ps_auths[0]).toMatchObject({ username: 'demo-3101', password: e.sip_password });

      await createExt(c, { number: '3102' });
      const taken = await c.api('PATCH', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin, body: { number: '3102' } });
      expect(taken.status).toBe(409);
      expect(fields(taken)).toEqual(['number']);
      const short = await c.api('PATCH', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin, body: { number: '31' } });
      expect(short.status).toBe(400);
      expect(fields(short)).toEqual(['number']);
      const audit = await c.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', e.id).orderBy('created_at').orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['extension.created', 'extension.updated', 'extension.updated', 'extension.updated']);
    });

    it('as a queue member: a new number rewrites its queue member interface; delete takes it out of its queues', async () => {
      const c = ctx();
      const e = await createExt(c, { number: '3200' });
      const queueId = await queueWithMember(c, e);
      const r = await c.api('PATCH', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin, body: { number: '3201' } });
      expect(r.status, r.text).toBe(200);
      const members = () => c.deps.db.selectFrom('tel_queue_members').select(['queue_id', 'interface']).where('extension_id', '=', e.id).execute();
      expect(await members()).toEqual([{ queue_id: queueId, interface: 'PJSIP/demo-3201' }]);
      expect((await c.api('DELETE', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
      expect(await members()).toEqual([]);
      await noRowsLeft(c, 'demo-3201');
    });

    it('validates user links on change; 401/403; 404 for another tenant’s extension, unchanged', async () => {
      const c = ctx();
      const e = await createExt(c, { display_name: 'Guarded' });
      const betaUser = await userId(c, 'admin@beta.local', c.other.token);
      const bad = await c.api('PATCH', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin, body: { user_id: betaUser, max_contacts: 99 } });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['max_contacts']);
      const foreign = await c.api('PATCH', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin, body: { user_id: betaUser } });
      expect(foreign.status).toBe(400);
      expect(fields(foreign)).toEqual(['user_id']);
      expect((await c.api('PATCH', `${BASE}/${e.id}`, { body: { display_name: 'x' } })).status).toBe(401);
      expect((await c.api('PATCH', `${BASE}/${e.id}`, { token: c.tokens.supervisor, body: { display_name: 'x' } })).status).toBe(403);
      for (const [method, url] of [
        ['GET', `${BASE}/${e.id}`],
        ['PATCH', `${BASE}/${e.id}`],
        ['DELETE', `${BASE}/${e.id}`],
        ['POST', `${BASE}/${e.id}/reset-password`],
        ['GET', `${BASE}/${e.id}/softphone`],
      ]) {
        const r = await c.api(method, url, { token: c.other.token, body: method === 'PATCH' ? { display_name: 'Stolen' } : undefined });
        expect(r.status, `${method} ${url}`).toBe(404);
        expect(r.body.code).toBe('not_found');
      }
      const { sip_password, ...shown } = e;
      expect((await c.api('GET', `${BASE}/${e.id}`, { token: c.tokens.viewer })).body.data).toEqual(shown);
      expect((await rowsOf(c, e.endpoint)).ps_auths[0].password).toBe(sip_password);
    });
  });

  describe('POST /api/v1/telephony/extensions/:id/reset-password', () => {
    it('generates a new password, writes it to ps_auths and shows it once; admins only', async () => {
      const c = ctx();
      const e = await createExt(c, {});
      expect((await c.api('POST', `${BASE}/${e.id}/reset-password`, { token: c.tokens.supervisor })).status).toBe(403);
      expect((await c.api('POST', `${BASE}/${e.id}/reset-password`)).status).toBe(401);
      const r = await c.api('POST', `${BASE}/${e.id}/reset-password`, { token: c.tokens.tenant_admin });
      expect(r.status).toBe(200);
      expect(r.body.data.sip_password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(r.body.data.sip_password).not.toBe(e.sip_password);
      const rows = await rowsOf(c, e.endpoint);
      expect(rows.ps_auths).toEqual([expect.objectContaining({ id: e.endpoint, password: r.body.data.sip_password })]);
      expect((await c.api('GET', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin })).text).not.toContain(r.body.data.sip_password);
      const audit = await c.deps.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', e.id)
        .where('action', '=', 'extension.password_reset')
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain(r.body.data.sip_password);
    });
  });

  describe('GET /api/v1/telephony/extensions/:id/softphone', () => {
    it('gives the SIP user name, domain and transport; the WSS URL for WebRTC; never the password', async () => {
      const c = ctx();
      const sip = await createExt(c, { display_name: 'Desk' });
      const r = await c.api('GET', `${BASE}/${sip.id}/softphone`, { token: c.tokens.agent });
      expect(r.status).toBe(200);
      expect(r.body.data).toEqual({
        username: sip.endpoint,
        auth_username: sip.endpoint,
        domain: 'localhost',
        port: 5060,
        transport: 'udp',
        wss_url: null,
        display_name: 'Desk',
        number: sip.number,
        source: 'derived_from_public_url',
      });
      expect(r.text).not.toContain(sip.sip_password);
      const web = await createExt(c, { display_name: 'Web', webrtc: true });
      const w = await c.api('GET', `${BASE}/${web.id}/softphone`, { token: c.tokens.viewer });
      expect(w.body.data).toMatchObject({ transport: 'wss', port: null, wss_url: 'wss://localhost:8089/ws' });
      expect((await c.api('GET', `${BASE}/${web.id}/softphone`)).status).toBe(401);
      expect((await c.api('GET', `${BASE}/no-such-id/softphone`, { token: c.tokens.viewer })).status).toBe(404);
    });
  });

  describe('DELETE /api/v1/telephony/extensions/:id', () => {
    it('removes the extension with its endpoint, auth and aor in one go', async () => {
      const c = ctx();
      const e = await createExt(c, { webrtc: true });
      expect((await rowsOf(c, e.endpoint)).ps_endpoints).toHaveLength(1);
      expect((await c.api('DELETE', `${BASE}/${e.id}`, { token: c.tokens.supervisor })).status).toBe(403);
      expect((await c.api('DELETE', `${BASE}/${e.id}`)).status).toBe(401);
      expect((await c.api('DELETE', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
      await noRowsLeft(c, e.endpoint);
      expect((await c.api('GET', `${BASE}/${e.id}`, { token: c.tokens.viewer })).status).toBe(404);
      expect((await c.api('DELETE', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin })).status).toBe(404);
      // The number is free again.
      expect((await createExt(c, { number: e.number })).endpoint).toBe(e.endpoint);
    });

    it('is refused (409, listing the routes) while a route points at the extension', async () => {
      const c = ctx();
      const e = await createExt(c, {});
      const owner = randomUUID();
      await c.deps.db
        .insertInto('tel_destinations')
        .values({ tenant_id: 'demo', owner_type: 'number', owner_id: owner, slot: 'open', type: 'extension', target_id: e.id, value: null })
        .execute();
      const r = await c.api('DELETE', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin });
      expect(r.status).toBe(409);
      expect(fields(r)).toEqual([`number:${owner}`]);
      expect((await rowsOf(c, e.endpoint)).ps_endpoints).toHaveLength(1);
      await c.deps.db.deleteFrom('tel_destinations').where('owner_id', '=', owner).execute();
      expect((await c.api('DELETE', `${BASE}/${e.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
    });
  });
});

/** A queue of the demo tenant with the extension as a member (rows as the queues module writes them). */
async function queueWithMember(c: TestContext, e: { id: string; endpoint: string }): Promise<string> {
  const id = randomUUID();
  const at = new Date().toISOString();
  const name = `q${id.slice(0, 8)}`;
  await c.deps.db
    .insertInto('tel_queues')
    .values({
      id,
      tenant_id: 'demo',
      name,
      asterisk_name: `demo-${name}`,
      strategy: 'ringall',
      ring_timeout: 15,
      retry: 5,
      wrapup_time: 0,
      max_length: 0,
      max_wait: null,
      join_empty: 'yes',
      leave_when_empty: 'no',
      announce_frequency: 0,
      announce_position: 'no',
      announce_position_limit: 5,
      music_on_hold: 'default',
      service_level: 60,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await c.deps.db
    .insertInto('tel_queue_members')
    .values({
      tenant_id: 'demo',
      queue_id: id,
      extension_id: e.id,
      interface: `PJSIP/${e.endpoint}`,
      penalty: 0,
      paused: 0,
      pause_reason: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

describeEachDb(
  'telephony extensions: softphone settings with SIP_DOMAIN and SIP_WSS_URL configured',
  (ctx) => {
    it('shows the configured domain and WebSocket URL and says they are configured', async () => {
      const c = ctx();
      const sip = await createExt(c, { display_name: 'Desk' });
      expect((await c.api('GET', `${BASE}/${sip.id}/softphone`, { token: c.tokens.agent })).body.data).toMatchObject({
        domain: 'sip.acme.example',
        transport: 'udp',
        wss_url: null,
        source: 'configured',
      });
      const web = await createExt(c, { display_name: 'Web', webrtc: true });
      expect((await c.api('GET', `${BASE}/${web.id}/softphone`, { token: c.tokens.agent })).body.data).toMatchObject({
        domain: 'sip.acme.example',
        transport: 'wss',
        wss_url: 'wss://webrtc.acme.example/ws',
        source: 'configured',
      });
    });
  },
  { config: { SIP_DOMAIN: 'sip.acme.example', SIP_WSS_URL: 'wss://webrtc.acme.example/ws' } },
);
