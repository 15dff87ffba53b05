import { expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../test/harness.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);
const URL = '/api/v1/helpdesk/sla-policies';
const t = (fr: number, res: number) => ({ first_response_minutes: fr, resolution_minutes: res });
const targets = { low: t(480, 4800), medium: t(240, 2400), high: t(60, 480), critical: t(15, 240) };

async function schedule(c: TestContext, name: string, token = c.tokens.tenant_admin) {
  const r = await c.api('POST', '/api/v1/telephony/schedules', {
    token,
    body: { name, timezone: 'Europe/Berlin', weekly: { mon: [{ start: '09:00', end: '17:00' }] } },
  });
  expect(r.status, r.text).toBe(201);
  return r.body.data.id as string;
}
async function create(c: TestContext, body: Record<string, unknown>) {
  const r = await c.api('POST', URL, { token: c.tokens.tenant_admin, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data as { id: string; name: string; is_default: boolean; schedule_id: string | null; business_hours: boolean };
}
const count = async (c: TestContext) => (await c.api('GET', `${URL}?page_size=1`, { token: c.tokens.viewer })).body.meta.total as number;
const defaults = async (c: TestContext) =>
  (await c.api('GET', `${URL}?page_size=100`, { token: c.tokens.viewer })).body.data
    .filter((p: { is_default: boolean }) => p.is_default)
    .map((p: { name: string }) => p.name);

describeEachDb('helpdesk SLA policies', (ctx) => {
  it('creates business-hours (on a telephony schedule) and 24/7 policies, lists, gets, updates, deletes', async () => {
    const c = ctx();
    const sid = await schedule(c, 'Sla Office');
    const p = await create(c, { name: 'Sla Standard', targets, business_hours: true, schedule_id: sid });
    expect(p).toMatchObject({ name: 'Sla Standard', targets, business_hours: true, schedule_id: sid, is_default: false });
    const q = await create(c, { name: 'sla Always', targets, business_hours: false });
    expect(q).toMatchObject({ business_hours: false, schedule_id: null });
    const list = await c.api('GET', `${URL}?q=sla`, { token: c.tokens.agent });
    expect(list.body.data.map((x: { name: string }) => x.name)).toEqual(['sla Always', 'Sla Standard']);
    expect((await c.api('GET', `${URL}/${p.id}`, { token: c.tokens.viewer })).body.data).toEqual(p);
    // Switching to 24/7 drops the schedule.
    const up = await c.api('PATCH', `${URL}/${p.id}`, {
      token: c.tokens.tenant_admin,
      body: { business_hours: false, targets: { ...targets, low: t(600, 6000) } },
    });
    expect(up.status, up.text).toBe(200);
    expect(up.body.data).toMatchObject({ business_hours: false, schedule_id: null, targets: { low: t(600, 6000) } });
    const back = await c.api('PATCH', `${URL}/${p.id}`, { token: c.tokens.tenant_admin, body: { business_hours: true, schedule_id: sid } });
    expect(back.body.data).toMatchObject({ business_hours: true, schedule_id: sid });
    const audit = await c.api('GET', `/api/v1/audit?entity_type=sla_policy&entity_id=${p.id}`, { token: c.tokens.tenant_admin });
    expect(audit.body.data.map((a: { action: string }) => a.action).sort()).toEqual(['sla_policy.created', 'sla_policy.updated', 'sla_policy.updated']);
    // The schedule is in use: telephony refuses to delete it.
    const refused = await c.api('DELETE', `/api/v1/telephony/schedules/${sid}`, { token: c.tokens.tenant_admin });
    expect(refused.status).toBe(409);
    expect(refused.body.errors).toEqual([{ field: `sla_policy:${p.id}`, message: 'Sla Standard is timed by this schedule' }]);
    expect((await c.api('DELETE', `${URL}/${p.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
    expect((await c.api('GET', `${URL}/${p.id}`, { token: c.tokens.viewer })).status).toBe(404);
    expect((await c.api('DELETE', `/api/v1/telephony/schedules/${sid}`, { token: c.tokens.tenant_admin })).status).toBe(204);
  });

  it('keeps one default per tenant', async () => {
    const c = ctx();
    const a = await create(c, { name: 'Sla Def A', targets, business_hours: false, is_default: true });
    expect(await defaults(c)).toEqual(['Sla Def A']);
    const b = await create(c, { name: 'Sla Def B', targets, business_hours: false, is_default: true });
    expect(await defaults(c)).toEqual(['Sla Def B']);
    const r = await c.api('PATCH', `${URL}/${a.id}`, { token: c.tokens.tenant_admin, body: { is_default: true } });
    expect(r.body.data.is_default).toBe(true);
    expect(await defaults(c)).toEqual(['Sla Def A']);
    const off = await c.api('PATCH', `${URL}/${a.id}`, { token: c.tokens.tenant_admin, body: { is_default: false } });
    expect(off.status).toBe(400);
    expect(fields(off)).toEqual(['is_default']);
    expect(await defaults(c)).toEqual(['Sla Def A']);
    // Another tenant's default is its own.
    await c.api('POST', URL, { token: c.other.token, body: { name: 'Sla Beta', targets, business_hours: false, is_default: true } });
    expect(await defaults(c)).toEqual(['Sla Def A']);
    expect(b.is_default).toBe(true);
  });

  it('validates targets, the schedule and the name; nothing changes on a refusal', async () => {
    const c = ctx();
    const before = await count(c);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ name: 'Sla X', targets, business_hours: true }, ['schedule_id']],
      [{ name: 'Sla X', targets, business_hours: false, schedule_id: 'x' }, ['schedule_id']],
      [{ name: 'Sla X', targets: { ...targets, high: t(60, 30) }, business_hours: false }, ['targets.high.resolution_minutes']],
      [{ name: 'Sla X', targets: { ...targets, low: t(0, 10) }, business_hours: false }, ['targets.low.first_response_minutes']],
      [{ name: '', targets: { low: targets.low }, business_hours: 'yes' }, ['business_hours', 'name', 'targets.critical', 'targets.high', 'targets.medium']],
      [{ name: 'Sla X', targets, business_hours: true, schedule_id: 'no-such-schedule' }, ['schedule_id']],
    ];
    for (const [body, want] of cases) {
      const r = await c.api('POST', URL, { token: c.tokens.tenant_admin, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(fields(r).sort()).toEqual(want);
    }
    // Another tenant's schedule is unknown here.
    const betaSchedule = await schedule(c, 'Sla Beta Office', c.other.token);
    const foreign = await c.api('POST', URL, {
      token: c.tokens.tenant_admin,
      body: { name: 'Sla X', targets, business_hours: true, schedule_id: betaSchedule },
    });
    expect(foreign.status).toBe(400);
    expect(fields(foreign)).toEqual(['schedule_id']);
    expect(await count(c)).toBe(before);
    const p = await create(c, { name: 'Sla Named', targets, business_hours: false });
    const dup = await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { name: 'SLA NAMED', targets, business_hours: false } });
    expect(dup.status).toBe(409);
    expect(fields(dup)).toEqual(['name']);
    const needs = await c.api('PATCH', `${URL}/${p.id}`, { token: c.tokens.tenant_admin, body: { business_hours: true } });
    expect(needs.status).toBe(400);
    expect(fields(needs)).toEqual(['schedule_id']);
    expect((await c.api('GET', `${URL}/${p.id}`, { token: c.tokens.viewer })).body.data.business_hours).toBe(false);
  });

  it('needs a sign-in and an admin to change; another tenant gets 404 and changes nothing', async () => {
    const c = ctx();
    const p = await create(c, { name: 'Sla Guarded', targets, business_hours: false });
    expect((await c.api('GET', URL)).status).toBe(401);
    expect((await c.api('GET', URL, { token: c.tokens.agent })).status).toBe(200);
    const before = await count(c);
    for (const token of [c.tokens.supervisor, c.tokens.agent, c.tokens.viewer]) {
      expect((await c.api('POST', URL, { token, body: { name: 'Sla No', targets, business_hours: false } })).status).toBe(403);
      expect((await c.api('PATCH', `${URL}/${p.id}`, { token, body: { name: 'Sla No' } })).status).toBe(403);
      expect((await c.api('DELETE', `${URL}/${p.id}`, { token })).status).toBe(403);
    }
    expect(await count(c)).toBe(before);
    for (const [m, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'Hacked' }],
      ['DELETE', undefined],
    ] as const) {
      expect((await c.api(m, `${URL}/${p.id}`, { token: c.other.token, body })).status).toBe(404);
    }
    expect((await c.api('GET', `${URL}/${p.id}`, { token: c.tokens.viewer })).body.data.name).toBe('Sla Guarded');
  });
});
