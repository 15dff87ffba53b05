import { expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../../test/harness.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);

async function post(c: TestContext, path: string, body: Record<string, unknown>, token = c.tokens.tenant_admin) {
  const r = await c.api('POST', `/api/v1/telephony/${path}`, { token, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data;
}

describeEachDb('telephony number routing: GET /api/v1/telephony/numbers/:id/route', (ctx) => {
  it('without a schedule the open destination always applies', async () => {
    const c = ctx();
    const n = await post(c, 'numbers', {
      e164: '+1 415 555 0300',
      routing: { schedule_id: null, open: { type: 'webhook', url: 'https://example.com/in' }, closed: { type: 'hangup' } },
    });
    const r = await c.api('GET', `/api/v1/telephony/numbers/${n.id}/route?at=2026-12-25T03:00:00Z`, { token: c.tokens.viewer });
    expect(r.status, r.text).toBe(200);
    expect(r.body.data).toEqual({
      number_id: n.id,
      e164: '+14155550300',
      at: '2026-12-25T03:00:00.000Z',
      state: 'always_open',
      reason: 'No schedule: the open destination always applies',
      destination: { type: 'webhook', url: 'https://example.com/in' },
      schedule_id: null,
      timezone: null,
      local_time: null,
    });
  });

  it("follows the schedule's zone (New York), not the tenant's (Berlin): hours, holiday, closure, and hang up without a closed destination", async () => {
    const c = ctx();
    const queue = (await post(c, 'queues', { name: 'Route sales' })).id;
    const vm = (await post(c, 'voicemail', { mailbox: '901', name: 'After hours', pin: '2468' })).id;
    const sched = await post(c, 'schedules', {
      name: 'US office',
      timezone: 'America/New_York',
      weekly: { mon: [{ start: '09:00', end: '17:00' }], tue: [{ start: '09:00', end: '17:00' }], fri: [{ start: '09:00', end: '17:00' }] },
      holidays: [{ date: '2026-07-04', name: 'Independence Day', recurring: true }],
      closures: [{ starts_at: '2026-01-13T15:00:00-05:00', ends_at: '2026-01-13T16:00:00-05:00', reason: 'All hands' }],
    });
    const n = await post(c, 'numbers', {
      e164: '+1 212 555 0301',
      routing: { schedule_id: sched.id, open: { type: 'queue', target_id: queue }, closed: { type: 'voicemail', target_id: vm } },
    });
    const route = async (at: string, token = c.tokens.agent) => {
      const r = await c.api('GET', `/api/v1/telephony/numbers/${n.id}/route?at=${encodeURIComponent(at)}`, { token });
      expect(r.status, r.text).toBe(200);
      return r.body.data;
    };
    // Monday 12 January 2026, 08:59:59 and 09:00 in New York (EST, −05:00): 14:59 and 15:00 in Berlin.
    expect(await route('2026-01-12T13:59:59Z')).toMatchObject({
      state: 'closed',
      destination: { type: 'voicemail', target_id: vm },
      local_time: '2026-01-12T08:59:59',
    });
    expect(await route('2026-01-12T14:00:00Z')).toMatchObject({
      state: 'open',
      destination: { type: 'queue', target_id: queue },
      schedule_id: sched.id,
      timezone: 'America/New_York',
      local_time: '2026-01-12T09:00:00',
      reason: 'Open: 09:00–17:00 (Monday 2026-01-12 09:00 in America/New_York)',
    });
    // An offset in the query is the same instant.
    expect(await route('2026-01-12T09:00:00-05:00')).toMatchObject({ at: '2026-01-12T14:00:00.000Z', state: 'open' });
    // Tuesday during the closure (15:00–16:00 local), and after it.
    expect(await route('2026-01-13T20:30:00Z')).toMatchObject({
      state: 'closure',
      destination: { type: 'voicemail', target_id: vm },
      reason: 'Closure: All hands (until 2026-01-13T21:00:00.000Z)',
    });
    expect(await route('2026-01-13T21:00:00Z')).toMatchObject({ state: 'open' });
    // 4 July 2031 is a Friday: the recurring holiday wins over Friday's hours.
    expect(await route('2031-07-04T15:00:00Z')).toMatchObject({
      state: 'holiday',
      reason: 'Holiday: Independence Day (Friday 2031-07-04 11:00 in America/New_York)',
    });

    // Without a closed destination, closed times hang up.
    await c.api('PATCH', `/api/v1/telephony/numbers/${n.id}`, { token: c.tokens.tenant_admin, body: { routing: { closed: null } } });
    const closed = await route('2026-01-12T13:59:59Z');
    expect(closed).toMatchObject({ state: 'closed', destination: { type: 'hangup' } });
    expect(closed.reason).toMatch(/no closed destination: hang up$/);

    // Editing the schedule changes the answer at once.
    await c.api('PATCH', `/api/v1/telephony/schedules/${sched.id}`, {
      token: c.tokens.tenant_admin,
      body: { weekly: { mon: [{ start: '08:00', end: '24:00' }] } },
    });
    expect(await route('2026-01-12T13:59:59Z')).toMatchObject({ state: 'open' });
    expect(await route('2026-01-13T04:59:59Z')).toMatchObject({ state: 'open', local_time: '2026-01-12T23:59:59' });
  });

  it('resolves now when no instant is given', async () => {
    const c = ctx();
    const n = await post(c, 'numbers', { e164: '+1 415 555 0302' });
    const t0 = Date.now();
    const r = await c.api('GET', `/api/v1/telephony/numbers/${n.id}/route`, { token: c.tokens.viewer });
    expect(r.status).toBe(200);
    const at = Date.parse(r.body.data.at);
    expect(at).toBeGreaterThanOrEqual(t0 - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    expect(r.body.data).toMatchObject({ state: 'always_open', destination: { type: 'hangup' } });
  });

  it("400 for an instant that is not ISO-8601 with a zone; 404 for another tenant's number; 401 without a sign-in", async () => {
    const c = ctx();
    const n = await post(c, 'numbers', { e164: '+1 415 555 0303' });
    for (const at of ['tomorrow', '2026-01-12T14:00:00', '2026-13-01T00:00:00Z']) {
      const r = await c.api('GET', `/api/v1/telephony/numbers/${n.id}/route?at=${encodeURIComponent(at)}`, { token: c.tokens.viewer });
      expect(r.status, at).toBe(400);
      expect(fields(r)).toEqual(['at']);
    }
    const other = await c.api('GET', `/api/v1/telephony/numbers/${n.id}/route`, { token: c.other.token });
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('+14155550303');
    expect((await c.api('GET', '/api/v1/telephony/numbers/no-such-number/route', { token: c.tokens.viewer })).status).toBe(404);
    expect((await c.api('GET', `/api/v1/telephony/numbers/${n.id}/route`)).status).toBe(401);
  });
});
