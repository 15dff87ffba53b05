import { describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../../test/harness.js';
import { assertNotReferenced } from '../destinations.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);
const URL = '/api/v1/telephony/numbers';
const HANGUP_ALWAYS = { schedule_id: null, open: { type: 'hangup' }, closed: null };

interface Num {
  id: string;
  e164: string;
  status: string;
  description: string | null;
  trunk_id: string | null;
  sms_enabled: boolean;
  sms_webhook_url: string | null;
  routing: { schedule_id: string | null; open: Record<string, unknown>; closed: Record<string, unknown> | null };
  created_at: string;
  updated_at: string;
}

async function createNumber(c: TestContext, body: Record<string, unknown>, token = c.tokens.tenant_admin): Promise<Num> {
  const r = await c.api('POST', URL, { token, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data;
}

async function numberCount(c: TestContext, token = c.tokens.viewer): Promise<number> {
  return (await c.api('GET', `${URL}?page_size=1`, { token })).body.meta.total;
}

let seq = 0;
/** A target of a destination, created through its own module's API. */
async function createTarget(c: TestContext, type: 'queue' | 'extension' | 'ivr' | 'voicemail', token = c.tokens.tenant_admin): Promise<string> {
  seq++;
  const [path, body] = {
    queue: ['/api/v1/telephony/queues', { name: `Nq ${seq}` }],
    extension: ['/api/v1/telephony/extensions', { display_name: `Nx ${seq}` }],
    ivr: ['/api/v1/telephony/ivr', { name: `Nivr ${seq}` }],
    voicemail: ['/api/v1/telephony/voicemail', { mailbox: String(700 + seq), name: `Nvm ${seq}`, pin: '4821' }],
  }[type] as [string, Record<string, unknown>];
  const r = await c.api('POST', path, { token, body });
  expect(r.status, `${type}: ${r.text}`).toBe(201);
  return r.body.data.id;
}

async function createTrunk(c: TestContext, token = c.tokens.tenant_admin): Promise<string> {
  seq++;
  const r = await c.api('POST', '/api/v1/telephony/trunks', { token, body: { name: `Nt ${seq}`, host: `sip${seq}.carrier.example` } });
  expect(r.status, r.text).toBe(201);
  return r.body.data.id;
}

async function setTenant(c: TestContext, id: string, body: Record<string, unknown>) {
  const r = await c.api('PATCH', `/api/v1/tenants/${id}`, { token: c.tokens.superadmin, body });
  expect(r.status, r.text).toBe(200);
}

const destinationsOf = (c: TestContext, id: string) =>
  c.deps.db
    .selectFrom('tel_destinations')
    .select(['slot', 'type', 'target_id', 'value'])
    .where('owner_type', '=', 'number')
    .where('owner_id', '=', id)
    .orderBy('slot')
    .execute();

describeEachDb('telephony numbers', (ctx) => {
  describe('POST /api/v1/telephony/numbers', () => {
    it('normalises to E.164 and fills the defaults (active, hang up, no schedule); audited', async () => {
      const c = ctx();
      const n = await createNumber(c, { e164: ' +1 415-555-0100 ', description: ' Main line ' });
      expect(n).toMatchObject({
        e164: '+14155550100',
        status: 'active',
        description: 'Main line',
        trunk_id: null,
        sms_enabled: false,
        sms_webhook_url: null,
        routing: HANGUP_ALWAYS,
      });
      for (const typed of ['+44 (20) 7946-0123', '+49.30.90182.0', '+91 98765 43210']) {
        const r = await createNumber(c, { e164: typed });
        expect(r.e164).toBe(`+${typed.replace(/\D/g, '')}`);
      }
      expect((await c.api('GET', `${URL}/${n.id}`, { token: c.tokens.viewer })).body.data).toEqual(n);
      expect(await destinationsOf(c, n.id)).toEqual([{ slot: 'open', type: 'hangup', target_id: null, value: null }]);
      const audit = await c.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', n.id).execute();
      expect(audit.map((a) => [a.action, a.tenant_id])).toEqual([['number.created', 'demo']]);
      expect(JSON.parse(audit[0].after ?? '{}')).toEqual(n);
    });

    it('rejects what is not a valid international number (400 on e164), creating nothing', async () => {
      const c = ctx();
      const before = await numberCount(c);
      for (const e164 of ['4155550100', 'call me', '+1 555 0100', '+999 1234567', '+1 415 555 0100 ext. 12', '+1 415 555 0100 0000 0000 0000', '']) {
        const r = await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { e164 } });
        expect(r.status, e164).toBe(400);
        expect([...new Set(fields(r))], e164).toEqual(['e164']);
      }
      const bad = await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { e164: '+14155550150', status: 'ported', description: 'x'.repeat(501) } });
      expect(fields(bad).sort()).toEqual(['description', 'status']);
      expect(await numberCount(c)).toBe(before);
    });

    it('a number belongs to one tenant on the whole platform: 409 "taken" without saying whose; freed by delete', async () => {
      const c = ctx();
      const mine = await createNumber(c, { e164: '+1 415 555 0101' });
      const betaBefore = (await c.api('GET', URL, { token: c.other.token })).body.meta.total;
      // The same number typed differently, by me and by another tenant: the same minimal answer.
      const again = await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { e164: '+14155550101' } });
      const theirs = await c.api('POST', URL, { token: c.other.token, body: { e164: '+1 (415) 555-0101', description: 'Stolen?' } });
      for (const r of [again, theirs]) {
        expect(r.status).toBe(409);
        expect(r.body).toMatchObject({ code: 'conflict', detail: 'This number is taken', errors: [{ field: 'e164', message: 'This number is taken' }] });
        expect(r.text).not.toContain(mine.id);
        expect(r.text).not.toContain('demo');
      }
      const { request_id: _a, ...a } = again.body;
      const { request_id: _b, ...b } = theirs.body;
      expect(a).toEqual(b);
      // Beta still cannot see it, and has no new number.
      expect((await c.api('GET', `${URL}/${mine.id}`, { token: c.other.token })).status).toBe(404);
      expect((await c.api('GET', `${URL}?q=4155550101`, { token: c.other.token })).body.data).toEqual([]);
      expect((await c.api('GET', URL, { token: c.other.token })).body.meta.total).toBe(betaBefore);
      // Released: now beta may have it.
      expect((await c.api('DELETE', `${URL}/${mine.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
      const moved = await c.api('POST', URL, { token: c.other.token, body: { e164: '+1 415 555 0101' } });
      expect(moved.status).toBe(201);
      expect((await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { e164: '+14155550101' } })).status).toBe(409);
    });

    it('max_dids: 409 limit_reached at the limit, creating nothing; null is unlimited', async () => {
      const c = ctx();
      const have = await numberCount(c);
      await setTenant(c, 'demo', { limits: { max_dids: have + 1 } });
      try {
        await createNumber(c, { e164: '+1 415 555 0102' });
        const r = await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { e164: '+1 415 555 0103' } });
        expect(r.status).toBe(409);
        expect(r.body.code).toBe('limit_reached');
        expect(fields(r)).toEqual(['max_dids']);
        expect(await numberCount(c)).toBe(have + 1);
        // Another tenant is not affected by demo's limit.
        expect((await c.api('POST', URL, { token: c.other.token, body: { e164: '+1 415 555 0103' } })).status).toBe(201);
      } finally {
        await setTenant(c, 'demo', { limits: { max_dids: null } });
      }
      expect((await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { e164: '+1 415 555 0104' } })).status).toBe(201);
    });

    it('SMS settings need the sms feature (403 feature_disabled); the webhook must be https', async () => {
      const c = ctx();
      await setTenant(c, 'demo', { features: { sms: false } });
      try {
        const before = await numberCount(c);
        for (const body of [
          { e164: '+1 415 555 0110', sms_enabled: true },
          { e164: '+1 415 555 0110', sms_webhook_url: 'https://hooks.example.com/sms' },
        ]) {
          const r = await c.api('POST', URL, { token: c.tokens.tenant_admin, body });
          expect(r.status, JSON.stringify(body)).toBe(403);
          expect(r.body.code).toBe('feature_disabled');
        }
        expect(await numberCount(c)).toBe(before);
        // Off is always allowed.
        const off = await createNumber(c, { e164: '+1 415 555 0110', sms_enabled: false, sms_webhook_url: null });
        const on = await c.api('PATCH', `${URL}/${off.id}`, { token: c.tokens.tenant_admin, body: { sms_enabled: true } });
        expect(on.status).toBe(403);
        expect(on.body.code).toBe('feature_disabled');
        expect((await c.api('PATCH', `${URL}/${off.id}`, { token: c.tokens.tenant_admin, body: { description: 'no sms here' } })).status).toBe(200);
      } finally {
        await setTenant(c, 'demo', { features: { sms: true } });
      }
      const sms = await createNumber(c, { e164: '+1 415 555 0111', sms_enabled: true, sms_webhook_url: 'https://hooks.example.com/sms' });
      expect(sms).toMatchObject({ sms_enabled: true, sms_webhook_url: 'https://hooks.example.com/sms' });
      const http = await c.api('POST', URL, {
        token: c.tokens.tenant_admin,
        body: { e164: '+1 415 555 0112', sms_webhook_url: 'http://hooks.example.com/sms' },
      });
      expect(http.status).toBe(400);
      expect(fields(http)).toEqual(['sms_webhook_url']);
    });

    it("takes a trunk of the tenant; another tenant's or an unknown trunk is a 400 on trunk_id", async () => {
      const c = ctx();
      const trunk = await createTrunk(c);
      const betaTrunk = await createTrunk(c, c.other.token);
      const n = await createNumber(c, { e164: '+1 415 555 0120', trunk_id: trunk });
      expect(n.trunk_id).toBe(trunk);
      const before = await numberCount(c);
      for (const trunk_id of [betaTrunk, 'no-such-trunk']) {
        const r = await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { e164: '+1 415 555 0121', trunk_id } });
        expect(r.status).toBe(400);
        expect(fields(r)).toEqual(['trunk_id']);
        expect(r.text).not.toContain('carrier.example');
      }
      expect(await numberCount(c)).toBe(before);
      // The trunk module refuses to delete a trunk a number arrives on.
      const del = await c.api('DELETE', `/api/v1/telephony/trunks/${trunk}`, { token: c.tokens.tenant_admin });
      expect(del.status).toBe(409);
      expect(fields(del)).toEqual([`number:${n.id}`]);
    });

    it('routes to every kind of destination of the tenant, with a schedule', async () => {
      const c = ctx();
      const sched = await c.api('POST', '/api/v1/telephony/schedules', {
        token: c.tokens.tenant_admin,
        body: { name: 'Routing hours', timezone: 'America/New_York' },
      });
      const queue = await createTarget(c, 'queue');
      const vm = await createTarget(c, 'voicemail');
      const cases = [
        { open: { type: 'queue', target_id: queue }, closed: { type: 'voicemail', target_id: vm } },
        { open: { type: 'extension', target_id: await createTarget(c, 'extension') }, closed: { type: 'hangup' } },
        { open: { type: 'ivr', target_id: await createTarget(c, 'ivr') }, closed: null },
        { open: { type: 'webhook', url: 'https://example.com/calls' }, closed: { type: 'external', number: '+442079460123' } },
      ];
      let i = 0;
      for (const dest of cases) {
        const routing = { schedule_id: sched.body.data.id, ...dest };
        const n = await createNumber(c, { e164: `+1 415 555 013${i++}`, routing });
        expect(n.routing).toEqual(routing);
        expect((await c.api('GET', `${URL}/${n.id}`, { token: c.tokens.viewer })).body.data.routing).toEqual(routing);
      }
    });

    it("refuses a route to an unknown or another tenant's target, or schedule: 400 naming routing.*", async () => {
      const c = ctx();
      const betaQueue = await createTarget(c, 'queue', c.other.token);
      const betaSchedule = (await c.api('POST', '/api/v1/telephony/schedules', { token: c.other.token, body: { name: 'Beta hours' } })).body.data.id;
      const myQueue = await createTarget(c, 'queue');
      const before = await numberCount(c);
      const cases: [Record<string, unknown>, string[]][] = [
        [{ schedule_id: null, open: { type: 'queue', target_id: betaQueue }, closed: null }, ['routing.open']],
        [{ schedule_id: null, open: { type: 'queue', target_id: myQueue }, closed: { type: 'voicemail', target_id: 'nope' } }, ['routing.closed']],
        // A queue's id given as an extension is not an extension.
        [{ schedule_id: null, open: { type: 'extension', target_id: myQueue }, closed: null }, ['routing.open']],
        [{ schedule_id: betaSchedule, open: { type: 'hangup' }, closed: null }, ['routing.schedule_id']],
        [{ schedule_id: null, open: { type: 'webhook', url: 'ftp://example.com' }, closed: null }, ['routing.open.url']],
        [{ schedule_id: null, open: { type: 'external', number: '0800 123' }, closed: null }, ['routing.open.number']],
        [{ schedule_id: null, open: { type: 'fax' }, closed: null }, ['routing.open.type']],
        [{ schedule_id: null, closed: null }, ['routing.open']],
      ];
      for (const [routing, expected] of cases) {
        const r = await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { e164: '+1 415 555 0140', routing } });
        expect(r.status, JSON.stringify(routing)).toBe(400);
        expect(fields(r), JSON.stringify(routing)).toEqual(expected);
      }
      expect(await numberCount(c)).toBe(before);
      const rows = await c.deps.db
        .selectFrom('tel_destinations')
        .select('owner_id')
        .where('owner_type', '=', 'number')
        .where('tenant_id', '=', 'demo')
        .execute();
      const ids = new Set((await c.api('GET', `${URL}?page_size=100`, { token: c.tokens.viewer })).body.data.map((n: Num) => n.id));
      // No destination row is left behind by a refused create.
      for (const r of rows) expect(ids.has(r.owner_id)).toBe(true);
    });

    it('needs telephony:manage (tenant admins only) and a sign-in', async () => {
      const c = ctx();
      const before = await numberCount(c);
      expect((await c.api('POST', URL, { body: { e164: '+1 415 555 0150' } })).status).toBe(401);
      for (const token of [c.tokens.supervisor, c.tokens.agent, c.tokens.viewer]) {
        const r = await c.api('POST', URL, { token, body: { e164: '+1 415 555 0150' } });
        expect(r.status).toBe(403);
        expect(r.body.code).toBe('forbidden');
      }
      expect(await numberCount(c)).toBe(before);
    });
  });

  describe('GET /api/v1/telephony/numbers', () => {
    it('lists my numbers with search (digits however typed, description), filters, sort and pagination', async () => {
      const c = ctx();
      const sched = (await c.api('POST', '/api/v1/telephony/schedules', { token: c.tokens.tenant_admin, body: { name: 'List hours' } })).body.data.id;
      const trunk = await createTrunk(c);
      const a = await createNumber(c, { e164: '+1 212 555 0160', description: 'Lst New York sales', trunk_id: trunk });
      const b = await createNumber(c, {
        e164: '+1 212 555 0161',
        description: 'Lst support',
        status: 'pending',
        routing: { schedule_id: sched, open: { type: 'hangup' }, closed: null },
      });
      const d = await createNumber(c, { e164: '+1 212 555 0162', description: 'Lst porting', status: 'inactive' });
      const list = async (query: string) => {
        const r = await c.api('GET', `${URL}?${query}`, { token: c.tokens.agent });
        expect(r.status, r.text).toBe(200);
        return r.body.data.map((n: Num) => n.id);
      };
      expect(await list('q=(212) 555-016')).toEqual([a.id, b.id, d.id]);
      expect(await list('q=lst&sort=-e164')).toEqual([d.id, b.id, a.id]);
      expect(await list('q=LST SUPPORT')).toEqual([b.id]);
      expect(await list('q=2125550&status=pending')).toEqual([b.id]);
      expect(await list(`q=lst&schedule_id=${sched}`)).toEqual([b.id]);
      expect(await list(`trunk_id=${trunk}`)).toEqual([a.id]);
      const page = await c.api('GET', `${URL}?q=lst&page_size=2&page=2`, { token: c.tokens.viewer });
      expect(page.body.data.map((n: Num) => n.id)).toEqual([d.id]);
      expect(page.body.meta).toEqual({ page: 2, page_size: 2, total: 3 });
      expect(page.body.data[0]).toEqual(d);
      expect((await c.api('GET', `${URL}?q=lst`, { token: c.other.token })).body.data).toEqual([]);
      expect((await c.api('GET', `${URL}?schedule_id=${sched}`, { token: c.other.token })).body.data).toEqual([]);
    });

    it('rejects bad query parameters and needs a sign-in', async () => {
      const c = ctx();
      const r = await c.api('GET', `${URL}?status=ported&sort=number`, { token: c.tokens.viewer });
      expect(r.status).toBe(400);
      expect(fields(r).sort()).toEqual(['sort', 'status']);
      expect((await c.api('GET', URL)).status).toBe(401);
    });
  });

  describe('GET /api/v1/telephony/numbers/:id', () => {
    it("404 for an unknown id or another tenant's number; 400 for a malformed id; 401 without a sign-in", async () => {
      const c = ctx();
      const n = await createNumber(c, { e164: '+1 415 555 0170', description: 'Secret line' });
      expect((await c.api('GET', `${URL}/${n.id}`, { token: c.tokens.agent })).status).toBe(200);
      expect((await c.api('GET', `${URL}/00000000-0000-7000-8000-000000000000`, { token: c.tokens.agent })).status).toBe(404);
      const other = await c.api('GET', `${URL}/${n.id}`, { token: c.other.token });
      expect(other.status).toBe(404);
      expect(other.text).not.toContain('Secret line');
      expect((await c.api('GET', `${URL}/${n.id}`)).status).toBe(401);
      const bad = await c.api('GET', `${URL}/${'x'.repeat(65)}`, { token: c.tokens.agent });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['id']);
    });
  });

  describe('PATCH /api/v1/telephony/numbers/:id', () => {
    it('changes fields and only the routing keys given; renumbers (normalised); audited', async () => {
      const c = ctx();
      const sched = (await c.api('POST', '/api/v1/telephony/schedules', { token: c.tokens.tenant_admin, body: { name: 'Patch hours' } })).body.data.id;
      const queue = await createTarget(c, 'queue');
      const vm = await createTarget(c, 'voicemail');
      const n = await createNumber(c, {
        e164: '+1 415 555 0180',
        routing: { schedule_id: sched, open: { type: 'queue', target_id: queue }, closed: { type: 'voicemail', target_id: vm } },
      });
      const r = await c.api('PATCH', `${URL}/${n.id}`, {
        token: c.tokens.tenant_admin,
        body: { status: 'inactive', description: 'Old office', routing: { closed: null } },
      });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data).toMatchObject({
        status: 'inactive',
        description: 'Old office',
        routing: { schedule_id: sched, open: { type: 'queue', target_id: queue }, closed: null },
      });
      expect(await destinationsOf(c, n.id)).toEqual([{ slot: 'open', type: 'queue', target_id: queue, value: null }]);
      const r2 = await c.api('PATCH', `${URL}/${n.id}`, {
        token: c.tokens.tenant_admin,
        body: { e164: '+1 (415) 555-0181', description: null, routing: { schedule_id: null, open: { type: 'external', number: '+14155550199' } } },
      });
      expect(r2.body.data).toMatchObject({
        e164: '+14155550181',
        description: null,
        routing: { schedule_id: null, open: { type: 'external', number: '+14155550199' }, closed: null },
      });
      // The old number is free again.
      expect((await c.api('POST', URL, { token: c.other.token, body: { e164: '+14155550180' } })).status).toBe(201);
      const audit = await c.deps.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', n.id)
        .where('action', '=', 'number.updated')
        .orderBy('id')
        .execute();
      expect(audit).toHaveLength(2);
      expect(JSON.parse(audit[0].before ?? '{}')).toEqual(n);
      expect(JSON.parse(audit[1].after ?? '{}')).toEqual(r2.body.data);
    });

    it("refuses a taken number (409), bad input (400), another tenant's number (404) and non-admins (403), changing nothing", async () => {
      const c = ctx();
      await c.api('POST', URL, { token: c.other.token, body: { e164: '+1 415 555 0190' } });
      const queue = await createTarget(c, 'queue');
      const n = await createNumber(c, { e164: '+1 415 555 0191', routing: { schedule_id: null, open: { type: 'queue', target_id: queue }, closed: null } });
      const url = `${URL}/${n.id}`;
      const taken = await c.api('PATCH', url, { token: c.tokens.tenant_admin, body: { e164: '+1 415 555 0190' } });
      expect(taken.status).toBe(409);
      expect(taken.body.detail).toBe('This number is taken');
      // Its own number, retyped, is not "taken".
      expect((await c.api('PATCH', url, { token: c.tokens.tenant_admin, body: { e164: '+1-415-555-0191' } })).status).toBe(200);
      for (const [body, expected] of [
        [{ e164: '+1 555 0100' }, ['e164']],
        [{ trunk_id: 'no-such-trunk' }, ['trunk_id']],
        [{ routing: { open: { type: 'queue', target_id: 'gone' } } }, ['routing.open']],
        [{ routing: { schedule_id: 'gone' } }, ['routing.schedule_id']],
        [{ status: 'deleted' }, ['status']],
      ] as [Record<string, unknown>, string[]][]) {
        const r = await c.api('PATCH', url, { token: c.tokens.tenant_admin, body });
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(fields(r)).toEqual(expected);
      }
      expect((await c.api('PATCH', url, { token: c.other.token, body: { description: 'Hijacked' } })).status).toBe(404);
      for (const token of [c.tokens.supervisor, c.tokens.agent, c.tokens.viewer])
        expect((await c.api('PATCH', url, { token, body: { description: 'Nope' } })).status).toBe(403);
      expect((await c.api('PATCH', url, { body: { description: 'Nope' } })).status).toBe(401);
      const after = (await c.api('GET', url, { token: c.tokens.viewer })).body.data;
      expect({ ...after, updated_at: n.updated_at }).toEqual(n);
      expect(await destinationsOf(c, n.id)).toEqual([{ slot: 'open', type: 'queue', target_id: queue, value: null }]);
    });
  });

  describe('DELETE /api/v1/telephony/numbers/:id', () => {
    it('deletes a number and its destinations; audited; 404 afterwards', async () => {
      const c = ctx();
      const queue = await createTarget(c, 'queue');
      const n = await createNumber(c, {
        e164: '+1 415 555 0195',
        routing: { schedule_id: null, open: { type: 'queue', target_id: queue }, closed: { type: 'hangup' } },
      });
      expect(await destinationsOf(c, n.id)).toHaveLength(2);
      expect((await c.api('DELETE', `${URL}/${n.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
      expect(await destinationsOf(c, n.id)).toEqual([]);
      expect((await c.api('GET', `${URL}/${n.id}`, { token: c.tokens.viewer })).status).toBe(404);
      expect((await c.api('DELETE', `${URL}/${n.id}`, { token: c.tokens.tenant_admin })).status).toBe(404);
      const audit = await c.deps.db.selectFrom('audit_log').select(['before']).where('entity_id', '=', n.id).where('action', '=', 'number.deleted').execute();
      expect(JSON.parse(audit[0].before ?? '{}')).toEqual(n);
      // Nothing points at the queue any more: it may go.
      expect((await c.api('DELETE', `/api/v1/telephony/queues/${queue}`, { token: c.tokens.tenant_admin })).status).toBe(204);
    });

    it("404 for another tenant's number and 403 for non-admins: nothing deleted", async () => {
      const c = ctx();
      const n = await createNumber(c, { e164: '+1 415 555 0196' });
      expect((await c.api('DELETE', `${URL}/${n.id}`, { token: c.other.token })).status).toBe(404);
      for (const token of [c.tokens.supervisor, c.tokens.agent, c.tokens.viewer]) expect((await c.api('DELETE', `${URL}/${n.id}`, { token })).status).toBe(403);
      expect((await c.api('DELETE', `${URL}/${n.id}`)).status).toBe(401);
      expect((await c.api('GET', `${URL}/${n.id}`, { token: c.tokens.viewer })).body.data).toEqual(n);
    });
  });

  describe('what a number routes to cannot be deleted', () => {
    it('each target module answers 409 listing the number and its slot; allowed once the route moves', async () => {
      const c = ctx();
      for (const type of ['queue', 'extension', 'ivr', 'voicemail'] as const) {
        const target = await createTarget(c, type);
        const spare = await createTarget(c, type);
        const n = await createNumber(c, {
          e164: `+1 415 555 02${10 + ['queue', 'extension', 'ivr', 'voicemail'].indexOf(type)}`,
          routing: { schedule_id: null, open: { type, target_id: target }, closed: { type, target_id: target } },
        });
        const path = { queue: 'queues', extension: 'extensions', ivr: 'ivr', voicemail: 'voicemail' }[type];
        const r = await c.api('DELETE', `/api/v1/telephony/${path}/${target}`, { token: c.tokens.tenant_admin });
        expect(r.status, `${type}: ${r.text}`).toBe(409);
        const errors = [...r.body.errors].sort((x: { message: string }, y: { message: string }) => x.message.localeCompare(y.message));
        expect(errors).toEqual([
          { field: `number:${n.id}`, message: 'routes closed here' },
          { field: `number:${n.id}`, message: 'routes open here' },
        ]);
        // The same check, called directly.
        await expect(assertNotReferenced(c.deps.db, 'demo', type, target)).rejects.toMatchObject({ status: 409 });
        await c.api('PATCH', `${URL}/${n.id}`, { token: c.tokens.tenant_admin, body: { routing: { open: { type, target_id: spare }, closed: null } } });
        expect((await c.api('DELETE', `/api/v1/telephony/${path}/${target}`, { token: c.tokens.tenant_admin })).status, type).toBe(204);
        await expect(assertNotReferenced(c.deps.db, 'demo', type, spare)).rejects.toMatchObject({ status: 409 });
      }
    });
  });
});
