import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../db/index.js';
import { type TestContext, describeEachDb } from '../../test/harness.js';
import { listTickets } from './tickets.repo.js';

/** Pretend it is `iso` (only Date is faked: database drivers keep their real timers). */
function at(iso: string) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
}

const t = (fr: number, res: number) => ({ first_response_minutes: fr, resolution_minutes: res });
const targets = { low: t(480, 4800), medium: t(240, 2400), high: t(120, 960), critical: t(15, 240) };
const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]));

/** A fresh token for `role` at the pretended time. */
async function token(c: TestContext, email = 'admin@demo.local') {
  return (await c.login(email)).access_token as string;
}

async function berlinPolicy(c: TestContext, name: string, extra: Record<string, unknown> = {}) {
  const admin = await token(c);
  const s = await c.api('POST', '/api/v1/telephony/schedules', {
    token: admin,
    body: { name: `${name} hours`, timezone: 'Europe/Berlin', weekly: weekdays, holidays: [{ date: '2026-03-30', name: 'Office closed' }] },
  });
  expect(s.status, s.text).toBe(201);
  const p = await c.api('POST', '/api/v1/helpdesk/sla-policies', { token: admin, body: { name, targets, business_hours: true, schedule_id: s.body.data.id, ...extra } });
  expect(p.status, p.text).toBe(201);
  return { policyId: p.body.data.id as string, scheduleId: s.body.data.id as string };
}

async function alwaysPolicy(c: TestContext, name: string, extra: Record<string, unknown> = {}) {
  const p = await c.api('POST', '/api/v1/helpdesk/sla-policies', { token: await token(c), body: { name, targets, business_hours: false, ...extra } });
  expect(p.status, p.text).toBe(201);
  return p.body.data.id as string;
}

async function create(c: TestContext, body: Record<string, unknown>, tok?: string) {
  const r = await c.api('POST', '/api/v1/tickets', { token: tok ?? (await token(c, 'agent@demo.local')), body });
  expect(r.status, r.text).toBe(201);
  return r.body.data;
}
async function get(c: TestContext, id: string) {
  const r = await c.api('GET', `/api/v1/tickets/${id}`, { token: await token(c, 'agent@demo.local') });
  expect(r.status, r.text).toBe(200);
  return r.body.data;
}
async function patch(c: TestContext, id: string, body: Record<string, unknown>) {
  const r = await c.api('PATCH', `/api/v1/tickets/${id}`, { token: await token(c, 'agent@demo.local'), body });
  expect(r.status, r.text).toBe(200);
  return r.body.data;
}

describeEachDb('helpdesk SLA clocks on tickets', (ctx) => {
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('POST /api/v1/tickets', () => {
    it('computes due dates on business hours across a DST change, a weekend and a holiday (Europe/Berlin)', async () => {
      const c = ctx();
      const { policyId, scheduleId } = await berlinPolicy(c, 'Dst Office');
      // Friday 27 March 2026, 16:00 in Berlin (CET, UTC+1). Clocks go forward on Sunday 29th; Monday 30th is a holiday.
      at('2026-03-27T15:00:00.000Z');
      const tk = await create(c, { subject: 'Dst ticket', priority: 'high', sla_policy_id: policyId });
      expect(tk.sla).toMatchObject({ policy_id: policyId, business_hours: true, schedule_id: scheduleId, started_at: '2026-03-27T15:00:00.000Z', paused_at: null });
      // 120 business minutes: 16:00–17:00 Friday, then Tuesday 09:00–10:00 CEST (UTC+2).
      expect(tk.sla.first_response).toEqual({
        target_minutes: 120,
        due_at: '2026-03-31T08:00:00.000Z',
        // 80% = 96 minutes: Tuesday 09:36 CEST.
        warning_at: '2026-03-31T07:36:00.000Z',
        status: 'running',
        stopped_at: null,
        warned_at: null,
        breached_at: null,
        elapsed_minutes: 0,
        remaining_minutes: 120,
      });
      // 960 minutes: 60 on Friday, 480 on Tuesday, 420 on Wednesday → Wednesday 16:00 CEST.
      expect(tk.sla.resolution).toMatchObject({ target_minutes: 960, due_at: '2026-04-01T14:00:00.000Z', warning_at: '2026-04-01T10:48:00.000Z', status: 'running' });

      // On the holiday (Monday noon) only Friday's hour has counted.
      at('2026-03-30T10:00:00.000Z');
      const mon = await get(c, tk.id);
      expect(mon.sla.first_response).toMatchObject({ status: 'running', elapsed_minutes: 60, remaining_minutes: 60 });
      // Tuesday 10:30 CEST: half an hour late.
      at('2026-03-31T08:30:00.000Z');
      expect((await get(c, tk.id)).sla.first_response).toMatchObject({ status: 'breached', breached_at: null, elapsed_minutes: 150, remaining_minutes: -30 });
    });

    it('runs 24/7 clocks on wall-clock time, and the tenant default applies unless a policy or null is given', async () => {
      const c = ctx();
      const always = await alwaysPolicy(c, 'Always On', { is_default: true, warning_percent: 50 });
      at('2026-06-01T22:00:00.000Z');
      const tk = await create(c, { subject: 'Night ticket', priority: 'critical' });
      expect(tk.sla.policy_id).toBe(always);
      expect(tk.sla.business_hours).toBe(false);
      expect(tk.sla.first_response).toMatchObject({ target_minutes: 15, due_at: '2026-06-01T22:15:00.000Z', warning_at: '2026-06-01T22:07:30.000Z' });
      expect(tk.sla.resolution).toMatchObject({ target_minutes: 240, due_at: '2026-06-02T02:00:00.000Z' });
      at('2026-06-01T22:10:00.000Z');
      expect((await get(c, tk.id)).sla.first_response).toMatchObject({ status: 'running', elapsed_minutes: 10, remaining_minutes: 5 });

      const none = await create(c, { subject: 'No SLA', sla_policy_id: null });
      expect(none.sla).toBeNull();
      const office = await berlinPolicy(c, 'Chosen Office');
      const chosen = await create(c, { subject: 'Chosen', sla_policy_id: office.policyId });
      expect(chosen.sla.policy_id).toBe(office.policyId);
    });

    it('refuses an unknown or foreign SLA policy with 400, creating nothing', async () => {
      const c = ctx();
      const foreign = await c.api('POST', '/api/v1/helpdesk/sla-policies', { token: c.other.token, body: { name: 'Beta Sla', targets, business_hours: false } });
      expect(foreign.status, foreign.text).toBe(201);
      const agent = await token(c, 'agent@demo.local');
      const before = (await c.api('GET', '/api/v1/tickets?page_size=1', { token: agent })).body.meta.total;
      for (const id of [foreign.body.data.id, '0190aaaa-0000-7000-8000-000000000000']) {
        const r = await c.api('POST', '/api/v1/tickets', { token: agent, body: { subject: 'Bad policy', sla_policy_id: id } });
        expect(r.status).toBe(400);
        expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(['sla_policy_id']);
      }
      expect((await c.api('GET', '/api/v1/tickets?page_size=1', { token: agent })).body.meta.total).toBe(before);
    });
  });

  describe('PATCH /api/v1/tickets/:id', () => {
    it('pauses while pending, and moves the due dates by the business time spent pending', async () => {
      const c = ctx();
      const { policyId } = await berlinPolicy(c, 'Pause Office');
      // Tuesday 31 March 10:00 CEST.
      at('2026-03-31T08:00:00.000Z');
      const tk = await create(c, { subject: 'Pause me', priority: 'high', sla_policy_id: policyId });
      expect(tk.sla.first_response.due_at).toBe('2026-03-31T10:00:00.000Z'); // 12:00 CEST
      expect(tk.sla.resolution.due_at).toBe('2026-04-02T08:00:00.000Z'); // 7 + 8 + 1 hours: Thursday 10:00 CEST
      // 11:00: waiting on the customer.
      at('2026-03-31T09:00:00.000Z');
      const pending = await patch(c, tk.id, { status: 'pending' });
      expect(pending.sla.paused_at).toBe('2026-03-31T09:00:00.000Z');
      expect(pending.sla.first_response).toMatchObject({ status: 'paused', remaining_minutes: 60 });
      // Still paused the next morning, past the original due date: nothing counted, nothing breached.
      at('2026-04-01T07:30:00.000Z');
      const still = await get(c, tk.id);
      expect(still.sla.first_response).toMatchObject({ status: 'paused', remaining_minutes: 60, elapsed_minutes: 60 });
      const flt = await c.api('GET', '/api/v1/tickets?q=Pause%20me&overdue=true', { token: await token(c, 'agent@demo.local') });
      expect(flt.body.data).toEqual([]);
      // Wednesday 10:00 CEST: back to work after 6 + 1 = 7 business hours pending.
      at('2026-04-01T08:00:00.000Z');
      const back = await patch(c, tk.id, { status: 'in_progress' });
      expect(back.sla.paused_at).toBeNull();
      // 12:00 Tuesday + 420 business minutes = 11:00 Wednesday; 10:00 Thursday + 420 = 17:00 Thursday.
      expect(back.sla.first_response).toMatchObject({ status: 'running', due_at: '2026-04-01T09:00:00.000Z', remaining_minutes: 60, elapsed_minutes: 60 });
      expect(back.sla.resolution).toMatchObject({ status: 'running', due_at: '2026-04-02T15:00:00.000Z' });
    });

    it('a reply given while pending stops the first-response clock at the start of the pause', async () => {
      const c = ctx();
      const always = await alwaysPolicy(c, 'Reply Pending');
      at('2026-06-02T08:00:00.000Z');
      const tk = await create(c, { subject: 'Reply pending', priority: 'high', sla_policy_id: always }); // FR due 10:00
      at('2026-06-02T09:00:00.000Z');
      await patch(c, tk.id, { status: 'pending' });
      at('2026-06-02T11:00:00.000Z');
      const reply = await c.api('POST', `/api/v1/tickets/${tk.id}/messages`, { token: await token(c, 'agent@demo.local'), body: { body: 'Any news?' } });
      expect(reply.status, reply.text).toBe(201);
      expect((await get(c, tk.id)).sla.first_response).toMatchObject({ status: 'met', stopped_at: '2026-06-02T11:00:00.000Z', elapsed_minutes: 60 });
      at('2026-06-02T12:00:00.000Z');
      const back = await patch(c, tk.id, { status: 'in_progress' });
      // The first response moved by the 2 hours of the pause before the reply; the resolution by all 3.
      expect(back.sla.first_response).toMatchObject({ status: 'met', due_at: '2026-06-02T12:00:00.000Z', elapsed_minutes: 60, remaining_minutes: 60 });
      expect(back.sla.resolution).toMatchObject({ status: 'running', due_at: '2026-06-03T03:00:00.000Z' });
    });

    it('the first public reply meets the first-response clock; a late one breaches it; a note does neither', async () => {
      const c = ctx();
      const always = await alwaysPolicy(c, 'Reply Clock');
      at('2026-06-03T08:00:00.000Z');
      const a = await create(c, { subject: 'Reply in time', priority: 'high', sla_policy_id: always });
      const b = await create(c, { subject: 'Reply late', priority: 'high', sla_policy_id: always });
      at('2026-06-03T08:30:00.000Z');
      const agent = await token(c, 'agent@demo.local');
      const note = await c.api('POST', `/api/v1/tickets/${a.id}/messages`, { token: agent, body: { body: 'internal', internal: true } });
      expect(note.status, note.text).toBe(201);
      expect((await get(c, a.id)).sla.first_response.status).toBe('running');
      const reply = await c.api('POST', `/api/v1/tickets/${a.id}/messages`, { token: agent, body: { body: 'On it' } });
      expect(reply.status, reply.text).toBe(201);
      const met = await get(c, a.id);
      expect(met.sla.first_response).toMatchObject({ status: 'met', stopped_at: '2026-06-03T08:30:00.000Z', elapsed_minutes: 30, remaining_minutes: 90 });
      expect(met.sla.resolution.status).toBe('running');
      at('2026-06-03T11:00:00.000Z');
      // Frozen once met.
      expect((await get(c, a.id)).sla.first_response).toMatchObject({ status: 'met', remaining_minutes: 90 });
      await c.api('POST', `/api/v1/tickets/${b.id}/messages`, { token: await token(c, 'agent@demo.local'), body: { body: 'Sorry for the wait' } });
      expect((await get(c, b.id)).sla.first_response).toMatchObject({ status: 'breached', remaining_minutes: -60 });
    });

    it('resolving stops the resolution clock; reopening resumes it without counting the time spent resolved', async () => {
      const c = ctx();
      const always = await alwaysPolicy(c, 'Reopen Clock');
      at('2026-06-04T08:00:00.000Z');
      const tk = await create(c, { subject: 'Reopen me', priority: 'critical', sla_policy_id: always }); // 15 / 240
      at('2026-06-04T08:10:00.000Z');
      await c.api('POST', `/api/v1/tickets/${tk.id}/messages`, { token: await token(c, 'agent@demo.local'), body: { body: 'Fixed' } });
      at('2026-06-04T09:00:00.000Z');
      const resolved = await patch(c, tk.id, { status: 'resolved' });
      expect(resolved.sla.resolution).toMatchObject({ status: 'met', stopped_at: '2026-06-04T09:00:00.000Z', remaining_minutes: 180 });
      at('2026-06-04T14:00:00.000Z');
      expect((await get(c, tk.id)).sla.resolution).toMatchObject({ status: 'met', remaining_minutes: 180 });
      const reopened = await patch(c, tk.id, { status: 'open' });
      expect(reopened.sla.resolution).toMatchObject({ status: 'running', stopped_at: null, due_at: '2026-06-04T17:00:00.000Z', remaining_minutes: 180, elapsed_minutes: 60 });
      expect(reopened.sla.first_response).toMatchObject({ status: 'met', due_at: '2026-06-04T08:15:00.000Z' });
    });

    it('a priority change recomputes the running clocks; null removes them; a closed ticket gets no new clocks (409)', async () => {
      const c = ctx();
      const always = await alwaysPolicy(c, 'Priority Clock');
      at('2026-06-05T08:00:00.000Z');
      const tk = await create(c, { subject: 'Escalate me', priority: 'low', sla_policy_id: always });
      expect(tk.sla.first_response.due_at).toBe('2026-06-05T16:00:00.000Z');
      at('2026-06-05T08:05:00.000Z');
      const up = await patch(c, tk.id, { priority: 'critical' });
      expect(up.sla.first_response).toMatchObject({ target_minutes: 15, due_at: '2026-06-05T08:15:00.000Z', remaining_minutes: 10 });
      expect(up.sla.resolution).toMatchObject({ target_minutes: 240, due_at: '2026-06-05T12:00:00.000Z' });
      const removed = await patch(c, tk.id, { sla_policy_id: null });
      expect(removed.sla).toBeNull();
      const back = await patch(c, tk.id, { sla_policy_id: always });
      // Clocks given later start when they are given.
      expect(back.sla).toMatchObject({ started_at: '2026-06-05T08:05:00.000Z', first_response: { due_at: '2026-06-05T08:20:00.000Z' } });

      const closed = await create(c, { subject: 'Closed no clocks', sla_policy_id: null });
      await patch(c, closed.id, { status: 'closed' });
      const refused = await c.api('PATCH', `/api/v1/tickets/${closed.id}`, { token: await token(c, 'agent@demo.local'), body: { sla_policy_id: always, priority: 'high' } });
      expect(refused.status).toBe(409);
      const after = await get(c, closed.id);
      expect(after).toMatchObject({ priority: 'medium', sla: null });
    });
  });

  describe('GET /api/v1/tickets', () => {
    it('filters overdue (own due date or a running clock past due) and sla_breached', async () => {
      const c = ctx();
      const always = await alwaysPolicy(c, 'Filter Clock');
      at('2026-06-06T08:00:00.000Z');
      const late = await create(c, { subject: 'Flt late', priority: 'high', sla_policy_id: always }); // FR due 10:00
      const dueOnly = await create(c, { subject: 'Flt due date', sla_policy_id: null, due_at: '2026-06-06T09:00:00Z' });
      const paused = await create(c, { subject: 'Flt paused', priority: 'high', sla_policy_id: always });
      const done = await create(c, { subject: 'Flt resolved', priority: 'high', sla_policy_id: always });
      const fine = await create(c, { subject: 'Flt fine', priority: 'low', sla_policy_id: always });
      at('2026-06-06T08:30:00.000Z');
      await patch(c, paused.id, { status: 'pending' });
      at('2026-06-06T11:00:00.000Z');
      // Resolved after its first-response due date: breached, but not overdue.
      await patch(c, done.id, { status: 'resolved' });
      const agent = await token(c, 'agent@demo.local');
      const list = async (qs: string) =>
        ((await c.api('GET', `/api/v1/tickets?q=Flt&page_size=100&sort=number&${qs}`, { token: agent })).body.data as { subject: string }[]).map((x) => x.subject);
      expect(await list('overdue=true')).toEqual(['Flt late', 'Flt due date']);
      expect(await list('overdue=false')).toEqual(['Flt paused', 'Flt resolved', 'Flt fine']);
      expect(await list('sla_breached=true')).toEqual(['Flt late', 'Flt resolved']);
      expect(await list('sla_breached=false')).toEqual(['Flt due date', 'Flt paused', 'Flt fine']);
      expect(await list('overdue=true&sla_breached=true')).toEqual(['Flt late']);
      expect((await c.api('GET', '/api/v1/tickets?overdue=yes', { token: agent })).status).toBe(400);
      expect([late.id, dueOnly.id, fine.id].length).toBe(3);
    });

    it('issues the same number of SQL queries for a page of 1 and of 40 tickets with business-hours clocks', async () => {
      const c = ctx();
      const { policyId } = await berlinPolicy(c, 'Count Office');
      const agent = await token(c, 'agent@demo.local');
      for (let i = 0; i < 40; i++) await create(c, { subject: `Slacount ${i}`, sla_policy_id: policyId }, agent);
      const queries: string[] = [];
      const h = createDb(c.config.databaseUrl, { poolMax: 2, onQuery: (s) => queries.push(s) });
      try {
        const count = async (page_size: number) => {
          queries.length = 0;
          const r = await listTickets(h.db, 'demo', { q: 'slacount', sort: '-created_at', page: 1, page_size });
          expect(r.rows).toHaveLength(page_size);
          expect(r.rows.every((x) => x.sla?.business_hours && x.sla.first_response?.status === 'running')).toBe(true);
          return queries.length;
        };
        const one = await count(1);
        expect(await count(40)).toBe(one);
        // count, rows, tags + the calendar (schedule, hours, holidays, closures).
        expect(one).toBe(7);
      } finally {
        await h.close();
      }
    });
  });

  describe('SLA policy settings', () => {
    it('defaults the warning threshold to 80%, and checks escalation targets in the tenant', async () => {
      const c = ctx();
      const admin = await token(c);
      const p = await c.api('POST', '/api/v1/helpdesk/sla-policies', { token: admin, body: { name: 'Warn Default', targets, business_hours: false } });
      expect(p.body.data).toMatchObject({ warning_percent: 80, escalation: null });
      const team = await c.api('POST', '/api/v1/teams', { token: c.other.token, body: { name: 'Beta escalation' } });
      const bad = await c.api('PATCH', `/api/v1/helpdesk/sla-policies/${p.body.data.id}`, {
        token: admin,
        body: { escalation: { raise_priority: true, team_id: team.body.data.id, assignee_id: '0190aaaa-0000-7000-8000-000000000000' } },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['escalation.assignee_id', 'escalation.team_id']);
      expect((await c.api('GET', `/api/v1/helpdesk/sla-policies/${p.body.data.id}`, { token: admin })).body.data.escalation).toBeNull();
      const ok = await c.api('PATCH', `/api/v1/helpdesk/sla-policies/${p.body.data.id}`, { token: admin, body: { warning_percent: null, escalation: { raise_priority: true } } });
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body.data).toMatchObject({ warning_percent: null, escalation: { raise_priority: true, assignee_id: null, team_id: null } });
      expect((await c.api('PATCH', `/api/v1/helpdesk/sla-policies/${p.body.data.id}`, { token: admin, body: { warning_percent: 100 } })).status).toBe(400);
    });
  });
});
