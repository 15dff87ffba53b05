import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/harness.js';
import { AriError, ariFromConfig, createAriClient } from './client.js';
import { type AriSimulator, startAriSimulator } from './simulator.js';

describe('ARI client against the simulator', () => {
  let sim: AriSimulator;
  beforeAll(async () => {
    sim = await startAriSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });
  const client = (over: Partial<Parameters<typeof createAriClient>[0]> = {}) =>
    createAriClient({ url: sim.url, user: sim.user, password: sim.password, ...over });

  it('reads an endpoint in the shape Asterisk sends, and null for an unknown one', async () => {
    sim.setEndpoint('acme-trunk-carrierx', 'online', ['1763778257.12']);
    expect(await client().getEndpoint('PJSIP', 'acme-trunk-carrierx')).toEqual({
      technology: 'PJSIP',
      resource: 'acme-trunk-carrierx',
      state: 'online',
      channel_ids: ['1763778257.12'],
    });
    sim.setEndpoint('acme-trunk-carrierx', 'offline');
    expect((await client().getEndpoint('PJSIP', 'acme-trunk-carrierx'))?.state).toBe('offline');
    expect(await client().getEndpoint('PJSIP', 'acme-trunk-nobody')).toBeNull();
  });

  it('reloads a module (recorded by the simulator) and reports an unknown module as an error', async () => {
    const before = sim.reloads.length;
    await client().reloadModule('res_pjsip_outbound_registration.so');
    expect(sim.reloads.slice(before)).toEqual(['res_pjsip_outbound_registration.so']);
    const err = await client()
      .reloadModule('res_nonexistent.so')
      .catch((e) => e);
    expect(err).toBeInstanceOf(AriError);
    expect(err.status).toBe(404);
    expect(err.message).toMatch(/Module not found/);
    expect(sim.reloads.length).toBe(before + 1);
  });

  it('pings (GET /ari/asterisk/info)', async () => {
    const info = await client().ping();
    expect(info.system?.version).toMatch(/^22\./);
  });

  it('bad credentials → AriError 401 on every call, nothing reloaded', async () => {
    const bad = client({ password: 'wrong-password-123' });
    const before = sim.reloads.length;
    for (const call of [() => bad.ping(), () => bad.getEndpoint('PJSIP', 'acme-trunk-carrierx'), () => bad.reloadModule('res_pjsip.so')]) {
      const err = await call().catch((e) => e);
      expect(err).toBeInstanceOf(AriError);
      expect(err.status).toBe(401);
    }
    expect(sim.reloads.length).toBe(before);
  });

  it('a server error is an AriError with its status', async () => {
    sim.failing = true;
    try {
      const err = await client()
        .getEndpoint('PJSIP', 'acme-trunk-carrierx')
        .catch((e) => e);
      expect(err).toBeInstanceOf(AriError);
      expect(err.status).toBe(500);
    } finally {
      sim.failing = false;
    }
  });

  it('a slow Asterisk times out (AriError without status)', async () => {
    sim.delayMs = 500;
    try {
      const started = Date.now();
      const err = await client({ timeoutMs: 100 })
        .ping()
        .catch((e) => e);
      expect(err).toBeInstanceOf(AriError);
      expect(err.status).toBeUndefined();
      expect(err.message).toMatch(/timed out after 100 ms/);
      expect(Date.now() - started).toBeLessThan(450);
    } finally {
      sim.delayMs = 0;
    }
  });

  it('a dropped connection is an AriError without status', async () => {
    sim.dropping = true;
    try {
      const err = await client()
        .getEndpoint('PJSIP', 'acme-trunk-carrierx')
        .catch((e) => e);
      expect(err).toBeInstanceOf(AriError);
      expect(err.status).toBeUndefined();
    } finally {
      sim.dropping = false;
    }
  });

  it('an unreachable Asterisk is an AriError without status', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const err = await createAriClient({ url: `http://127.0.0.1:${port}`, user: 'u', password: 'p' })
      .ping()
      .catch((e) => e);
    expect(err).toBeInstanceOf(AriError);
    expect(err.status).toBeUndefined();
  });
});

describe('ariFromConfig', () => {
  it('is null without ASTERISK_ARI_PASSWORD and a client with it', () => {
    expect(ariFromConfig(testConfig('sqlite::memory:'))).toBeNull();
    const ari = ariFromConfig(testConfig('sqlite::memory:', { ASTERISK_ARI_URL: 'http://127.0.0.1:8088', ASTERISK_ARI_PASSWORD: 'long-enough-secret' }));
    expect(ari).not.toBeNull();
    expect(typeof ari?.getEndpoint).toBe('function');
  });
});
