/**
 * SIP trunks with ARI connected (the ARI simulator): status from endpoint state, falling back to
 * ps_contacts when ARI fails, and one reload of the outbound registration module after each
 * committed write that adds, changes or removes a registration.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { startAriSimulator } from '../../calls/ari/simulator.js';
import { type TestContext, describeEachDb } from '../../../test/harness.js';

const sim = await startAriSimulator({ user: 'switchboard', password: 'trunk-test-ari-secret' });
afterAll(async () => {
  await sim.close();
});

const BASE = '/api/v1/telephony/trunks';
const MODULE = 'res_pjsip_outbound_registration.so';
const raw = (c: TestContext) => c.deps.db as unknown as Kysely<any>;
const uniqueName = () => `Ari ${randomUUID().slice(0, 8)}`;

/** Reloads the simulator records while `fn` runs. */
async function reloadsDuring(fn: () => Promise<void>): Promise<string[]> {
  const before = sim.reloads.length;
  await fn();
  return sim.reloads.slice(before);
}

/** A ps_contacts row as Asterisk writes it, expiring in the given seconds. */
function contactRow(endpoint: string, expiresInSeconds: number) {
  const hash = randomUUID().replaceAll('-', '');
  return {
    id: `${endpoint}^3B@${hash}`,
    uri: 'sip:198.51.100.7:5060',
    expiration_time: Math.floor(Date.now() / 1000) + expiresInSeconds,
    qualify_frequency: 0,
    outbound_proxy: '',
    path: '',
    user_agent: 'carrier',
    qualify_timeout: 3,
    reg_server: 'sb-node-1',
    authenticate_qualify: 'no',
    via_addr: '198.51.100.7',
    via_port: 5060,
    call_id: hash.slice(0, 16),
    endpoint,
    prune_on_boot: 'no',
    qualify_2xx_only: 'false',
  };
}

describeEachDb(
  'SIP trunks with ARI',
  (ctx) => {
    async function create(c: TestContext, body: Record<string, unknown> = {}) {
      const r = await c.api('POST', BASE, { token: c.tokens.tenant_admin, body: { name: uniqueName(), host: 'sip.carrier.example', ...body } });
      expect(r.status, r.text).toBe(201);
      return r.body.data;
    }
    const statusInList = async (c: TestContext, id: string) => {
      const r = await c.api('GET', `${BASE}?page_size=100`, { token: c.tokens.viewer });
      expect(r.status).toBe(200);
      return r.body.data.find((t: { id: string }) => t.id === id)?.status;
    };
    const statusOf = async (c: TestContext, id: string) => {
      const r = await c.api('GET', `${BASE}/${id}`, { token: c.tokens.viewer });
      expect(r.status).toBe(200);
      return r.body.data.status;
    };

    it('the app has an ARI client from config', () => {
      expect(ctx().deps.ari).not.toBeNull();
    });

    it('status follows ARI endpoint state (online → registered, offline → unreachable) in list and get', async () => {
      const c = ctx();
      const t = await create(c);
      // Unknown to Asterisk (404) and no contacts: unknown.
      expect(await statusOf(c, t.id)).toBe('unknown');
      sim.setEndpoint(t.endpoint, 'online');
      expect(await statusOf(c, t.id)).toBe('registered');
      expect(await statusInList(c, t.id)).toBe('registered');
      sim.setEndpoint(t.endpoint, 'offline');
      expect(await statusOf(c, t.id)).toBe('unreachable');
      expect(await statusInList(c, t.id)).toBe('unreachable');
      // ARI `unknown` keeps what ps_contacts says.
      await raw(c).insertInto('ps_contacts').values(contactRow(t.endpoint, 300)).execute();
      sim.setEndpoint(t.endpoint, 'unknown');
      expect(await statusOf(c, t.id)).toBe('registered');
      sim.setEndpoint(t.endpoint, null);
    });

    it('a page of trunks gets each its own state', async () => {
      const c = ctx();
      const trunks = await Promise.all([create(c), create(c), create(c)]);
      const states = ['online', 'offline', 'unknown'] as const;
      for (const [i, t] of trunks.entries()) sim.setEndpoint(t.endpoint, states[i]);
      const r = await c.api('GET', `${BASE}?page_size=100`, { token: c.tokens.viewer });
      const byId = new Map(r.body.data.map((t: { id: string; status: string }) => [t.id, t.status]));
      expect(trunks.map((t) => byId.get(t.id))).toEqual(['registered', 'unreachable', 'unknown']);
      for (const t of trunks) sim.setEndpoint(t.endpoint, null);
    });

    it('ARI failing or down → the ps_contacts status, requests still succeed', async () => {
      const c = ctx();
      const t = await create(c);
      await raw(c).insertInto('ps_contacts').values(contactRow(t.endpoint, -60)).execute();
      sim.setEndpoint(t.endpoint, 'online');
      expect(await statusOf(c, t.id)).toBe('registered');
      sim.failing = true;
      try {
        expect(await statusOf(c, t.id)).toBe('unreachable');
        expect(await statusInList(c, t.id)).toBe('unreachable');
      } finally {
        sim.failing = false;
      }
      sim.dropping = true;
      try {
        expect(await statusOf(c, t.id)).toBe('unreachable');
        expect(await statusInList(c, t.id)).toBe('unreachable');
      } finally {
        sim.dropping = false;
      }
      sim.setEndpoint(t.endpoint, null);
    });

    it('a registration added, changed or removed reloads the module exactly once, after the commit', async () => {
      const c = ctx();
      const admin = c.tokens.tenant_admin;
      let seenAtReload: unknown[] = [];
      sim.onReload = async () => {
        seenAtReload = await raw(c).selectFrom('ps_registrations').select(['id', 'expiration']).where('tenant_id', '=', 'demo').execute();
      };
      try {
        let t: { id: string; endpoint: string } | undefined;
        // Created with registration on.
        expect(
          await reloadsDuring(async () => {
            t = await create(c, { register: true, outbound_auth: { username: 'acct-1', secret: 'S3cret-outbound!' } });
          }),
        ).toEqual([MODULE]);
        const trunk = t as { id: string; endpoint: string };
        expect(seenAtReload).toContainEqual({ id: trunk.endpoint, expiration: 3600 });
        // Changed registration (expiration): one reload, the new value already committed.
        expect(
          await reloadsDuring(async () => {
            const r = await c.api('PATCH', `${BASE}/${trunk.id}`, { token: admin, body: { registration_expiration: 1800 } });
            expect(r.status, r.text).toBe(200);
          }),
        ).toEqual([MODULE]);
        expect(seenAtReload).toContainEqual({ id: trunk.endpoint, expiration: 1800 });
        // New outbound secret: the registration authenticates differently → reload.
        expect(
          await reloadsDuring(async () => {
            const r = await c.api('PATCH', `${BASE}/${trunk.id}`, {
              token: admin,
              body: { outbound_auth: { username: 'acct-1', secret: 'N3w-secret-outbound!' } },
            });
            expect(r.status, r.text).toBe(200);
          }),
        ).toEqual([MODULE]);
        // A change that does not touch the registration: none.
        expect(
          await reloadsDuring(async () => {
            const r = await c.api('PATCH', `${BASE}/${trunk.id}`, { token: admin, body: { dtmf_mode: 'info', codecs: ['alaw'], max_channels: 5 } });
            expect(r.status, r.text).toBe(200);
          }),
        ).toEqual([]);
        // The same values again: none.
        expect(
          await reloadsDuring(async () => {
            const r = await c.api('PATCH', `${BASE}/${trunk.id}`, { token: admin, body: { registration_expiration: 1800, register: true } });
            expect(r.status, r.text).toBe(200);
          }),
        ).toEqual([]);
        // Registration off: one reload, the row already gone.
        expect(
          await reloadsDuring(async () => {
            const r = await c.api('PATCH', `${BASE}/${trunk.id}`, { token: admin, body: { register: false } });
            expect(r.status, r.text).toBe(200);
          }),
        ).toEqual([MODULE]);
        expect(seenAtReload).not.toContainEqual(expect.objectContaining({ id: trunk.endpoint }));
        // Deleting a trunk without registration: none; with registration: one.
        expect(
          await reloadsDuring(async () => {
            expect((await c.api('DELETE', `${BASE}/${trunk.id}`, { token: admin })).status).toBe(204);
          }),
        ).toEqual([]);
        const registered = await create(c, { register: true, outbound_auth: { username: 'acct-2', secret: 'S3cret-outbound!' } });
        expect(
          await reloadsDuring(async () => {
            expect((await c.api('DELETE', `${BASE}/${registered.id}`, { token: admin })).status).toBe(204);
          }),
        ).toEqual([MODULE]);
        // Trunks without registration: created and deleted without a reload.
        expect(
          await reloadsDuring(async () => {
            const plain = await create(c);
            expect((await c.api('DELETE', `${BASE}/${plain.id}`, { token: admin })).status).toBe(204);
          }),
        ).toEqual([]);
      } finally {
        sim.onReload = undefined;
      }
    });

    it('a failed write reloads nothing; a failing reload never fails the write', async () => {
      const c = ctx();
      const admin = c.tokens.tenant_admin;
      // 400 (registration without credentials): nothing written, no reload.
      expect(
        await reloadsDuring(async () => {
          const r = await c.api('POST', BASE, { token: admin, body: { name: uniqueName(), host: 'sip.carrier.example', register: true } });
          expect(r.status).toBe(400);
        }),
      ).toEqual([]);
      // Another tenant's trunk: 404, no reload.
      const t = await create(c, { register: true, outbound_auth: { username: 'acct-3', secret: 'S3cret-outbound!' } });
      expect(
        await reloadsDuring(async () => {
          const r = await c.api('PATCH', `${BASE}/${t.id}`, { token: c.other.token, body: { register: false } });
          expect(r.status).toBe(404);
        }),
      ).toEqual([]);
      // ARI answering 500, then dropping connections: the writes commit and answer normally.
      sim.failing = true;
      try {
        const r = await c.api('PATCH', `${BASE}/${t.id}`, { token: admin, body: { registration_expiration: 900 } });
        expect(r.status, r.text).toBe(200);
        expect(r.body.data.registration_expiration).toBe(900);
      } finally {
        sim.failing = false;
      }
      sim.dropping = true;
      try {
        const r = await c.api('PATCH', `${BASE}/${t.id}`, { token: admin, body: { register: false } });
        expect(r.status, r.text).toBe(200);
        expect(r.body.data.register).toBe(false);
        expect((await c.api('DELETE', `${BASE}/${t.id}`, { token: admin })).status).toBe(204);
      } finally {
        sim.dropping = false;
      }
      expect((await c.api('GET', `${BASE}/${t.id}`, { token: admin })).status).toBe(404);
      expect(await raw(c).selectFrom('ps_registrations').select('id').where('id', '=', t.endpoint).execute()).toEqual([]);
    });
  },
  { config: { ASTERISK_ARI_URL: sim.url, ASTERISK_ARI_USER: sim.user, ASTERISK_ARI_PASSWORD: sim.password } },
);
