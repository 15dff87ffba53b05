import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../../test/harness.js';
import { ARA_SCHEMA_PRESENT, araRowProblems, araValueProblem, assertAraRowValid, pjsipRowsNamed } from '../ara-assert.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field).sort();
/** The database, untyped: Asterisk's tables are not in our DB interface. */
const raw = (c: TestContext) => c.deps.db as unknown as Kysely<any>;
const BASE = '/api/v1/telephony/trunks';
let seq = 0;
/** A unique trunk name (suites share one database per dialect). */
const uniqueName = (prefix = 'Carrier') => `${prefix} ${++seq}${randomUUID().slice(0, 4)}`;

async function createTrunk(c: TestContext, body: Record<string, unknown>, token = c.tokens.tenant_admin) {
  const r = await c.api('POST', BASE, { token, body: { name: uniqueName(), host: 'sip.carrier.example', ...body } });
  expect(r.status, r.text).toBe(201);
  return r.body.data;
}

/** Every PJSIP row of an endpoint, each checked against Asterisk's schema and carrying the tenant. */
async function rowsOf(c: TestContext, endpoint: string, tenant = 'demo') {
  const rows = await pjsipRowsNamed(c.deps.db, endpoint);
  for (const [table, list] of Object.entries(rows)) {
    if (table === 'ps_contacts') continue;
    for (const r of list) {
      assertAraRowValid(table, r);
      expect(r.tenant_id, `${table} ${r.id} tenant_id`).toBe(tenant);
      expect(String(r.id).startsWith(`${tenant}-`), `${table} ${r.id} prefixed`).toBe(true);
    }
  }
  return rows;
}

async function auditOf(c: TestContext, entityId: string) {
  return c.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('created_at').orderBy('id').execute();
}

async function trunkCount(c: TestContext, token = c.tokens.viewer): Promise<number> {
  return (await c.api('GET', `${BASE}?page_size=1`, { token })).body.meta.total;
}

/** A ps_contacts row as Asterisk 22 writes it on REGISTER (see ../shared/asterisk/traces/rows.json). */
function contactRow(endpoint: string, expiresInSeconds: number) {
  const hash = randomUUID().replaceAll('-', '');
  return {
    id: `${endpoint}^3B@${hash}`,
    uri: `sip:${endpoint}-0x5566a85ed3d0@198.51.100.7:6010`,
    expiration_time: Math.floor(Date.now() / 1000) + expiresInSeconds,
    qualify_frequency: 0,
    outbound_proxy: '',
    path: '',
    user_agent: 'baresip v1.0.0 (x86_64/linux)',
    qualify_timeout: 3,
    reg_server: 'sb-node-1',
    authenticate_qualify: 'no',
    via_addr: '198.51.100.7',
    via_port: 6010,
    call_id: hash.slice(0, 16),
    endpoint,
    prune_on_boot: 'no',
    qualify_2xx_only: 'false',
  };
}

describe('the Asterisk row checker', () => {
  it.skipIf(!ARA_SCHEMA_PRESENT)('accepts valid values and names every invalid one', () => {
    expect(araValueProblem("enum('0','1','no','yes')", true, 'yes')).toBeNull();
    expect(araValueProblem("enum('0','1','no','yes')", true, 'maybe')).toMatch(/not one of/);
    expect(araValueProblem('int(11)', true, 60)).toBeNull();
    expect(araValueProblem('int(11)', true, '1795314376')).toBeNull();
    expect(araValueProblem('int(11)', true, 1.5)).toMatch(/not an integer/);
    expect(araValueProblem('varchar(40)', true, 'x'.repeat(41))).toMatch(/more than 40/);
    expect(araValueProblem('varchar(255)', false, null)).toMatch(/NOT NULL/);
    expect(araRowProblems('ps_endpoints', { id: 'a', context: 'x'.repeat(41), direct_media: 'perhaps', nope: 1, tenant_id: 'acme' })).toEqual([
      expect.stringMatching(/^ps_endpoints.context: /),
      expect.stringMatching(/^ps_endpoints.direct_media: /),
      "ps_endpoints.nope: no such column in Asterisk's schema",
    ]);
  });
});

describeEachDb('telephony trunks', (ctx) => {
  describe('POST /api/v1/telephony/trunks', () => {
    it('creates a trunk with defaults and writes exactly its endpoint and aor', async () => {
      const c = ctx();
      const t = await createTrunk(c, { name: 'Carrier X', host: 'SIP.Carrier-X.example' });
      expect(t).toMatchObject({
        name: 'Carrier X',
        endpoint: 'demo-trunk-carrier-x',
        host: 'sip.carrier-x.example',
        port: 5060,
        transport: 'udp',
        register: false,
        registration_expiration: 3600,
        outbound_auth: null,
        inbound_auth: 'ip',
        inbound_ips: [],
        inbound_username: null,
        has_inbound_secret: false,
        from_user: null,
        from_domain: null,
        codecs: ['ulaw', 'alaw'],
        dtmf_mode: 'rfc4733',
        rtp_symmetric: true,
        force_rport: true,
        rewrite_contact: true,
        direct_media: false,
        caller_id_number: null,
        max_channels: null,
        status: 'unknown',
        registration_configured: false,
      });
      const got = await c.api('GET', `${BASE}/${t.id}`, { token: c.tokens.viewer });
      expect(got.body.data).toEqual(t);

      const rows = await rowsOf(c, 'demo-trunk-carrier-x');
      expect(rows.ps_endpoints).toHaveLength(1);
      expect(rows.ps_endpoints[0]).toMatchObject({
        id: 'demo-trunk-carrier-x',
        transport: 'transport-udp',
        aors: 'demo-trunk-carrier-x',
        auth: null,
        outbound_auth: null,
        context: 'demo-inbound',
        disallow: 'all',
        allow: 'ulaw,alaw',
        dtmf_mode: 'rfc4733',
        rtp_symmetric: 'yes',
        force_rport: 'yes',
        rewrite_contact: 'yes',
        direct_media: 'no',
        identify_by: 'ip',
        tenantid: 'demo',
        accountcode: 'demo',
        set_var: 'TENANT=demo;CDR(tenant_id)=demo',
        callerid: null,
      });
      expect(rows.ps_aors).toEqual([expect.objectContaining({ id: 'demo-trunk-carrier-x', contact: 'sip:sip.carrier-x.example:5060', qualify_frequency: 60 })]);
      expect(rows.ps_auths).toEqual([]);
      expect(rows.ps_registrations).toEqual([]);
      expect(rows.ps_endpoint_id_ips).toEqual([]);
    });

    it('writes registration, outbound auth, identify rows, codecs in order and the NAT options; secrets never come back', async () => {
      const c = ctx();
      const t = await createTrunk(c, {
        name: 'Voip Tls',
        host: '203.0.113.5',
        transport: 'tls',
        register: true,
        registration_expiration: 600,
        outbound_auth: { username: 'acct-778', secret: 'S3cret-outbound!' },
        inbound_ips: ['203.0.113.5', '198.51.100.0/24', '2001:DB8::/32', '203.0.113.5'],
        from_user: '+14155550100',
        from_domain: 'carrier.example',
        codecs: ['g722', 'ulaw', 'opus'],
        dtmf_mode: 'auto_info',
        rtp_symmetric: false,
        force_rport: false,
        rewrite_contact: false,
        direct_media: true,
        caller_id_number: '+14155550100',
        max_channels: 30,
      });
      const id = 'demo-trunk-voip-tls';
      expect(t).toMatchObject({
        endpoint: id,
        port: 5061,
        transport: 'tls',
        register: true,
        outbound_auth: { username: 'acct-778', has_secret: true },
        inbound_ips: ['203.0.113.5', '198.51.100.0/24', '2001:db8::/32'],
        codecs: ['g722', 'ulaw', 'opus'],
        dtmf_mode: 'auto_info',
        caller_id_number: '+14155550100',
        max_channels: 30,
        registration_configured: true,
      });
      const rows = await rowsOf(c, id);
      expect(rows.ps_endpoints[0]).toMatchObject({
        transport: 'transport-tls',
        outbound_auth: `${id}_oauth`,
        auth: null,
        allow: 'g722,ulaw,opus',
        dtmf_mode: 'auto_info',
        rtp_symmetric: 'no',
        force_rport: 'no',
        rewrite_contact: 'no',
        direct_media: 'yes',
        from_user: '+14155550100',
        from_domain: 'carrier.example',
        identify_by: 'ip',
      });
      expect(rows.ps_aors[0]).toMatchObject({ contact: 'sip:203.0.113.5:5061;transport=tls' });
      expect(rows.ps_auths).toEqual([
        expect.objectContaining({ id: `${id}_oauth`, auth_type: 'userpass', username: 'acct-778', password: 'S3cret-outbound!' }),
      ]);
      expect(rows.ps_registrations).toEqual([
        expect.objectContaining({
          id,
          server_uri: 'sip:203.0.113.5:5061;transport=tls',
          client_uri: 'sip:acct-778@203.0.113.5:5061;transport=tls',
          outbound_auth: `${id}_oauth`,
          expiration: 600,
          retry_interval: 60,
          transport: 'transport-tls',
          line: 'yes',
          endpoint: id,
        }),
      ]);
      expect(rows.ps_endpoint_id_ips.map((r) => [r.id, r.endpoint, r.match])).toEqual([
        [`${id}_ip1`, id, '203.0.113.5'],
        [`${id}_ip2`, id, '198.51.100.0/24'],
        [`${id}_ip3`, id, '2001:db8::/32'],
      ]);
      // Write-only: not in any answer, not in the audit log.
      const texts = [
        JSON.stringify(t),
        (await c.api('GET', `${BASE}/${t.id}`, { token: c.tokens.tenant_admin })).text,
        (await c.api('GET', `${BASE}?page_size=100`, { token: c.tokens.tenant_admin })).text,
        JSON.stringify(await auditOf(c, t.id)),
      ];
      for (const text of texts) expect(text).not.toContain('S3cret-outbound!');
      const audit = await auditOf(c, t.id);
      expect(audit.map((a) => a.action)).toEqual(['trunk.created']);
      expect(JSON.parse(audit[0].after ?? '{}')).toMatchObject({ name: 'Voip Tls', endpoint: id });
    });

    it('authenticates inbound calls by credentials: the carrier uses the endpoint id as user name', async () => {
      const c = ctx();
      const t = await createTrunk(c, { name: 'Pbx Peer', inbound_auth: 'credentials', inbound_secret: 'Inbound-secret-123' });
      const id = 'demo-trunk-pbx-peer';
      expect(t).toMatchObject({ inbound_auth: 'credentials', inbound_username: id, has_inbound_secret: true, inbound_ips: [] });
      expect(JSON.stringify(t)).not.toContain('Inbound-secret-123');
      const rows = await rowsOf(c, id);
      expect(rows.ps_endpoints[0]).toMatchObject({ auth: id, identify_by: 'auth_username', outbound_auth: null });
      expect(rows.ps_auths).toEqual([expect.objectContaining({ id, auth_type: 'userpass', username: id, password: 'Inbound-secret-123' })]);
      expect(rows.ps_endpoint_id_ips).toEqual([]);
    });

    it('rejects bad fields and inconsistent combinations with field errors, creating nothing', async () => {
      const c = ctx();
      const before = await trunkCount(c);
      const rowsBefore = await raw(c).selectFrom('ps_endpoints').select('id').where('tenant_id', '=', 'demo').execute();
      const cases: [Record<string, unknown>, string[]][] = [
        [{}, ['host', 'name']],
        [{ name: '  ', host: 'ok.example' }, ['name']],
        [{ name: '9 Lives', host: 'ok.example' }, ['name']],
        [{ name: 'Bad host', host: 'not a host!' }, ['host']],
        [{ name: 'Bad host', host: '999.1.1.1' }, ['host']],
        [{ name: 'Bad', host: 'ok.example', port: 0, transport: 'sctp', dtmf_mode: 'rfc2833' }, ['dtmf_mode', 'port', 'transport']],
        [{ name: 'Bad', host: 'ok.example', codecs: ['mp3'] }, ['codecs.0']],
        [{ name: 'Bad', host: 'ok.example', codecs: [] }, ['codecs']],
        [{ name: 'Bad', host: 'ok.example', codecs: ['ulaw', 'ulaw'] }, ['codecs']],
        [{ name: 'Bad', host: 'ok.example', inbound_ips: ['300.1.1.1', 'nope', '10.0.0.0/33'] }, ['inbound_ips.0', 'inbound_ips.1', 'inbound_ips.2']],
        [{ name: 'Bad', host: 'ok.example', register: true }, ['register']],
        [{ name: 'Bad', host: 'ok.example', outbound_auth: { username: 'u' } }, ['outbound_auth.secret']],
        [{ name: 'Bad', host: 'ok.example', outbound_auth: { username: 'has space', secret: 'x' } }, ['outbound_auth.username']],
        [{ name: 'Bad', host: 'ok.example', inbound_auth: 'credentials' }, ['inbound_secret']],
        [{ name: 'Bad', host: 'ok.example', inbound_auth: 'credentials', inbound_secret: 'short' }, ['inbound_secret']],
        [{ name: 'Bad', host: 'ok.example', inbound_auth: 'credentials', inbound_secret: 'Long-enough-secret', inbound_ips: ['10.0.0.1'] }, ['inbound_ips']],
        [{ name: 'Bad', host: 'ok.example', inbound_secret: 'Long-enough-secret' }, ['inbound_secret']],
        [{ name: 'Bad', host: 'ok.example', from_domain: 'x'.repeat(41), from_user: 'a b' }, ['from_domain', 'from_user']],
        [{ name: 'Bad', host: 'ok.example', caller_id_number: 'call me', max_channels: 0 }, ['caller_id_number', 'max_channels']],
        [
          {
            name: 'A name long enough to pass forty characters of slug',
            host: 'ok.example',
            inbound_auth: 'credentials',
            inbound_secret: 'Long-enough-secret',
          },
          ['name'],
        ],
      ];
      for (const [body, expected] of cases) {
        const r = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body });
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(r.body.code).toBe('validation_failed');
        expect(fields(r), JSON.stringify(body)).toEqual(expected);
      }
      expect(await trunkCount(c)).toBe(before);
      expect(await raw(c).selectFrom('ps_endpoints').select('id').where('tenant_id', '=', 'demo').execute()).toEqual(rowsBefore);
    });

    it('refuses a name whose slug another trunk of the tenant has (409), but another tenant may use it', async () => {
      const c = ctx();
      const name = uniqueName('Dup');
      await createTrunk(c, { name });
      const r = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { name: `  ${name.toUpperCase()} `, host: 'other.example' } });
      expect(r.status).toBe(409);
      expect(fields(r)).toEqual(['name']);
      const beta = await c.api('POST', BASE, { token: c.other.token, body: { name, host: 'other.example' } });
      expect(beta.status, beta.text).toBe(201);
      expect(beta.body.data.endpoint.startsWith('beta-trunk-')).toBe(true);
      await rowsOf(c, beta.body.data.endpoint, 'beta');
    });

    it('needs telephony:manage: 401 without a token, 403 for supervisor, agent and viewer', async () => {
      const c = ctx();
      const before = await trunkCount(c);
      expect((await c.api('POST', BASE, { body: { name: 'Anon', host: 'a.example' } })).status).toBe(401);
      for (const role of ['supervisor', 'agent', 'viewer'] as const) {
        const r = await c.api('POST', BASE, { token: c.tokens[role], body: { name: `By ${role}`, host: 'a.example' } });
        expect(r.status, role).toBe(403);
      }
      expect(await trunkCount(c)).toBe(before);
    });
  });

  describe('GET /api/v1/telephony/trunks', () => {
    it('lists, searches, sorts and pages; any tenant role may read; another tenant sees none', async () => {
      const c = ctx();
      const tag = `lst${randomUUID().slice(0, 4)}`;
      await createTrunk(c, { name: `${tag} Bravo`, host: 'b.example' });
      await createTrunk(c, { name: `${tag} alpha`, host: 'a.example' });
      await createTrunk(c, { name: `${tag} Charlie`, host: 'c.example' });
      for (const role of ['agent', 'viewer', 'supervisor'] as const) expect((await c.api('GET', BASE, { token: c.tokens[role] })).status).toBe(200);
      const names = async (qs: string) =>
        (await c.api('GET', `${BASE}?q=${tag}&${qs}`, { token: c.tokens.viewer })).body.data.map((t: { name: string }) => t.name);
      expect(await names('sort=name')).toEqual([`${tag} alpha`, `${tag} Bravo`, `${tag} Charlie`]);
      expect(await names('sort=-name')).toEqual([`${tag} Charlie`, `${tag} Bravo`, `${tag} alpha`]);
      expect(await names('sort=created_at')).toEqual([`${tag} Bravo`, `${tag} alpha`, `${tag} Charlie`]);
      const p2 = await c.api('GET', `${BASE}?q=${tag}&page=2&page_size=2`, { token: c.tokens.viewer });
      expect(p2.body.meta).toEqual({ page: 2, page_size: 2, total: 3 });
      expect(p2.body.data).toHaveLength(1);
      expect((await c.api('GET', `${BASE}?q=c.example`, { token: c.tokens.viewer })).body.data.map((t: { name: string }) => t.name)).toContain(
        `${tag} Charlie`,
      );
      expect((await c.api('GET', `${BASE}?q=${tag}`, { token: c.other.token })).body.data).toEqual([]);
      expect((await c.api('GET', BASE)).status).toBe(401);
      const bad = await c.api('GET', `${BASE}?sort=host`, { token: c.tokens.viewer });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['sort']);
    });
  });

  describe('live status', () => {
    it('is registered with an unexpired contact, unreachable with only expired ones, unknown without; other endpoints’ contacts never count', async () => {
      const c = ctx();
      const t = await createTrunk(c, { name: uniqueName('Status') });
      const get = async () => (await c.api('GET', `${BASE}/${t.id}`, { token: c.tokens.viewer })).body.data;
      expect((await get()).status).toBe('unknown');
      // A contact of another endpoint (of another tenant) with a similar name changes nothing.
      await raw(c)
        .insertInto('ps_contacts')
        .values(contactRow(`${t.endpoint}x`, 300))
        .execute();
      expect((await get()).status).toBe('unknown');
      const expired = contactRow(t.endpoint, -60);
      await raw(c).insertInto('ps_contacts').values(expired).execute();
      expect((await get()).status).toBe('unreachable');
      const live = contactRow(t.endpoint, 300);
      await raw(c).insertInto('ps_contacts').values(live).execute();
      expect((await get()).status).toBe('registered');
      const listed = (await c.api('GET', `${BASE}?q=${encodeURIComponent(t.name)}`, { token: c.tokens.viewer })).body.data;
      expect(listed.map((x: { status: string }) => x.status)).toEqual(['registered']);
      // Delete removes the contacts Asterisk stored for the endpoint too; the other endpoint's stay.
      expect((await c.api('DELETE', `${BASE}/${t.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
      const left = await raw(c).selectFrom('ps_contacts').select('endpoint').execute();
      expect(left.map((r: any) => r.endpoint)).not.toContain(t.endpoint);
      expect(left.map((r: any) => r.endpoint)).toContain(`${t.endpoint}x`);
    });
  });

  describe('PATCH /api/v1/telephony/trunks/:id', () => {
    it('replaces the Asterisk rows without orphans: registration off, IPs removed, credentials, rename; omitted secrets are kept', async () => {
      const c = ctx();
      const t = await createTrunk(c, {
        name: 'Patchy',
        host: 'patch.example',
        register: true,
        outbound_auth: { username: 'patch-user', secret: 'Patch-secret-1' },
        inbound_ips: ['192.0.2.1', '192.0.2.2'],
      });
      const id = 'demo-trunk-patchy';
      const patch = async (body: Record<string, unknown>) => {
        const r = await c.api('PATCH', `${BASE}/${t.id}`, { token: c.tokens.tenant_admin, body });
        expect(r.status, r.text).toBe(200);
        return r.body.data;
      };

      // Registration off: its row goes; the outbound auth stays (still used for INVITEs).
      let u = await patch({ register: false });
      expect(u).toMatchObject({ register: false, registration_configured: false, outbound_auth: { username: 'patch-user', has_secret: true } });
      let rows = await rowsOf(c, id);
      expect(rows.ps_registrations).toEqual([]);
      expect(rows.ps_auths.map((a) => a.id)).toEqual([`${id}_oauth`]);
      expect(rows.ps_endpoint_id_ips).toHaveLength(2);

      // New user name without a secret keeps the stored one.
      u = await patch({ outbound_auth: { username: 'patch-user-2' }, inbound_ips: ['192.0.2.9'] });
      rows = await rowsOf(c, id);
      expect(rows.ps_auths).toEqual([expect.objectContaining({ username: 'patch-user-2', password: 'Patch-secret-1' })]);
      expect(rows.ps_endpoint_id_ips.map((r) => r.match)).toEqual(['192.0.2.9']);

      // IPs removed: no identify rows left.
      u = await patch({ inbound_ips: [] });
      expect(u.inbound_ips).toEqual([]);
      expect((await rowsOf(c, id)).ps_endpoint_id_ips).toEqual([]);

      // To credentials and back; outbound auth removed.
      u = await patch({ inbound_auth: 'credentials', inbound_secret: 'Inbound-secret-99', outbound_auth: null });
      expect(u).toMatchObject({ inbound_auth: 'credentials', has_inbound_secret: true, outbound_auth: null });
      rows = await rowsOf(c, id);
      expect(rows.ps_auths.map((a) => [a.id, a.username])).toEqual([[id, id]]);
      expect(rows.ps_endpoints[0]).toMatchObject({ auth: id, outbound_auth: null, identify_by: 'auth_username' });
      u = await patch({ inbound_auth: 'ip', inbound_ips: ['192.0.2.10'] });
      expect(u).toMatchObject({ inbound_auth: 'ip', has_inbound_secret: false, inbound_username: null });
      rows = await rowsOf(c, id);
      expect(rows.ps_auths).toEqual([]);
      expect(rows.ps_endpoints[0]).toMatchObject({ auth: null, identify_by: 'ip' });

      // Registration needs credentials; refused with nothing changed.
      const refused = await c.api('PATCH', `${BASE}/${t.id}`, { token: c.tokens.tenant_admin, body: { register: true, host: 'changed.example' } });
      expect(refused.status).toBe(400);
      expect(fields(refused)).toEqual(['register']);
      expect((await c.api('GET', `${BASE}/${t.id}`, { token: c.tokens.viewer })).body.data.host).toBe('patch.example');

      // Rename: every row moves to the new id, nothing is left under the old one.
      u = await patch({ name: 'Patchy Two', register: true, outbound_auth: { username: 'acct', secret: 'New-secret-2' }, transport: 'tcp', port: 5080 });
      expect(u.endpoint).toBe('demo-trunk-patchy-two');
      const old = await pjsipRowsNamed(c.deps.db, id);
      for (const [table, list] of Object.entries(old)) expect(list, table).toEqual([]);
      rows = await rowsOf(c, 'demo-trunk-patchy-two');
      expect(rows.ps_endpoints).toHaveLength(1);
      expect(rows.ps_aors[0].contact).toBe('sip:patch.example:5080;transport=tcp');
      expect(rows.ps_registrations[0]).toMatchObject({ client_uri: 'sip:acct@patch.example:5080;transport=tcp', transport: 'transport-tcp' });
      expect(rows.ps_endpoint_id_ips.map((r) => r.id)).toEqual(['demo-trunk-patchy-two_ip1']);

      const audit = await auditOf(c, t.id);
      expect(audit.filter((a) => a.action === 'trunk.updated')).toHaveLength(6);
      expect(JSON.stringify(audit)).not.toMatch(/Patch-secret-1|New-secret-2|Inbound-secret-99/);
    });

    it('validates like create; 403 for non-admins; 404 for another tenant’s trunk, unchanged', async () => {
      const c = ctx();
      const t = await createTrunk(c, { name: uniqueName('Guarded') });
      const bad = await c.api('PATCH', `${BASE}/${t.id}`, { token: c.tokens.tenant_admin, body: { port: 70000, codecs: ['ulaw', 'nope'] } });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['codecs.1', 'port']);
      expect((await c.api('PATCH', `${BASE}/${t.id}`, { body: { port: 5070 } })).status).toBe(401);
      expect((await c.api('PATCH', `${BASE}/${t.id}`, { token: c.tokens.supervisor, body: { port: 5070 } })).status).toBe(403);
      const other = await c.api('PATCH', `${BASE}/${t.id}`, { token: c.other.token, body: { port: 5070 } });
      expect(other.status).toBe(404);
      expect(other.body.code).toBe('not_found');
      expect((await c.api('GET', `${BASE}/${t.id}`, { token: c.other.token })).status).toBe(404);
      expect((await c.api('DELETE', `${BASE}/${t.id}`, { token: c.other.token })).status).toBe(404);
      const after = (await c.api('GET', `${BASE}/${t.id}`, { token: c.tokens.viewer })).body.data;
      expect(after).toEqual(t);
      expect((await rowsOf(c, t.endpoint)).ps_endpoints).toHaveLength(1);
    });
  });

  describe('DELETE /api/v1/telephony/trunks/:id', () => {
    it('removes the trunk and its endpoint, auths, aor, identify and registration rows', async () => {
      const c = ctx();
      const t = await createTrunk(c, {
        name: uniqueName('Gone'),
        register: true,
        outbound_auth: { username: 'gone', secret: 'Gone-secret-1' },
        inbound_ips: ['192.0.2.50'],
      });
      const rows = await rowsOf(c, t.endpoint);
      expect([rows.ps_endpoints, rows.ps_aors, rows.ps_auths, rows.ps_registrations, rows.ps_endpoint_id_ips].map((l) => l.length)).toEqual([1, 1, 1, 1, 1]);
      expect((await c.api('DELETE', `${BASE}/${t.id}`, { token: c.tokens.supervisor })).status).toBe(403);
      expect((await c.api('DELETE', `${BASE}/${t.id}`)).status).toBe(401);
      const r = await c.api('DELETE', `${BASE}/${t.id}`, { token: c.tokens.tenant_admin });
      expect(r.status).toBe(204);
      for (const [table, list] of Object.entries(await pjsipRowsNamed(c.deps.db, t.endpoint))) expect(list, table).toEqual([]);
      expect((await c.api('GET', `${BASE}/${t.id}`, { token: c.tokens.viewer })).status).toBe(404);
      expect((await c.api('DELETE', `${BASE}/${t.id}`, { token: c.tokens.tenant_admin })).status).toBe(404);
      const audit = await auditOf(c, t.id);
      expect(audit.map((a) => a.action)).toEqual(['trunk.created', 'trunk.deleted']);
      // The name is free again.
      await createTrunk(c, { name: t.name });
    });

    it('is refused (409, listing them) while phone numbers arrive on the trunk; nothing removed', async () => {
      const c = ctx();
      const t = await createTrunk(c, { name: uniqueName('Used') });
      const at = new Date().toISOString();
      const numberId = randomUUID();
      await raw(c)
        .insertInto('tel_numbers')
        .values({
          id: numberId,
          tenant_id: 'demo',
          e164: `+1415555${String(Math.floor(Math.random() * 9000) + 1000)}`,
          status: 'active',
          trunk_id: t.id,
          sms_enabled: 0,
          created_at: at,
          updated_at: at,
        })
        .execute();
      const r = await c.api('DELETE', `${BASE}/${t.id}`, { token: c.tokens.tenant_admin });
      expect(r.status).toBe(409);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual([`number:${numberId}`]);
      expect((await c.api('GET', `${BASE}/${t.id}`, { token: c.tokens.viewer })).status).toBe(200);
      expect((await rowsOf(c, t.endpoint)).ps_endpoints).toHaveLength(1);
      await raw(c).deleteFrom('tel_numbers').where('id', '=', numberId).execute();
      expect((await c.api('DELETE', `${BASE}/${t.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
    });
  });
});
