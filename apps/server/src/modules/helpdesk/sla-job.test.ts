import { afterEach, expect, it, vi } from 'vitest';
import { claimLease } from '../../jobs/leases.js';
import { lastSeq, readEvents } from '../../realtime/events.js';
import { type TestContext, describeEachDb, startApp } from '../../test/harness.js';
import { runSlaSweep, startSlaJob, sweepTicket } from './sla-job.js';

/** Pretend it is `iso` (only Date is faked: database drivers keep their real timers). */
function at(iso: string) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
}
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000);

const t = (fr: number, res: number) => ({ first_response_minutes: fr, resolution_minutes: res });
const targets = { low: t(480, 4800), medium: t(240, 2400), high: t(120, 960), critical: t(15, 240) };

async function token(c: TestContext, email = 'admin@demo.local') {
  return (await c.login(email)).access_token as string;
}

async function userIds(c: TestContext): Promise<Record<string, string>> {
  const r = await c.api('GET', '/api/v1/users?page_size=100', { token: await token(c) });
  return Object.fromEntries(r.body.data.map((u: { email: string; id: string }) => [u.email, u.id]));
}

async function policy(c: TestContext, name: string, extra: Record<string, unknown> = {}) {
  const r = await c.api('POST', '/api/v1/helpdesk/sla-policies', { token: await token(c), body: { name, targets, business_hours: false, ...extra } });
  expect(r.status, r.text).toBe(201);
  return r.body.data.id as string;
}

async function ticket(c: TestContext, body: Record<string, unknown>) {
  const r = await c.api('POST', '/api/v1/tickets', { token: await token(c, 'agent@demo.local'), body });
  expect(r.status, r.text).toBe(201);
  return r.body.data as { id: string; number: string };
}

/** Raise everything earlier tests left due, so a test's sweep counts only its own tickets. */
async function drain(c: TestContext) {
  vi.useRealTimers();
  await runSlaSweep(c.deps, new Date('2030-01-01T00:00:00.000Z'));
}

async function eventsSince(c: TestContext, seq: number) {
  return readEvents(c.deps.db, 'demo', seq, 10_000);
}

describeEachDb('helpdesk SLA job', (ctx) => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('with two app instances sweeping at once: warns once, breaches once, notifies the assignee and team supervisors, escalates once', async () => {
    const c = ctx();
    const second = await startApp(c.config);
    try {
      const users = await userIds(c);
      const admin = await token(c);
      const team = await c.api('POST', '/api/v1/teams', { token: admin, body: { name: 'Sla Job Team' } });
      for (const email of ['supervisor@demo.local', 'viewer@demo.local'])
        expect((await c.api('POST', `/api/v1/teams/${team.body.data.id}/members`, { token: admin, body: { user_id: users[email] } })).status).toBeLessThan(300);
      const policyId = await policy(c, 'Job Escalating', { escalation: { raise_priority: true, assignee_id: users['admin@demo.local'] } });

      const t0 = '2026-07-01T08:00:00.000Z';
      at(t0);
      const tk = await ticket(c, { subject: 'Job watched', priority: 'medium', assignee_id: users['agent@demo.local'], team_id: team.body.data.id, sla_policy_id: policyId });
      const seq0 = await lastSeq(c.deps.db, 'demo');
      const sweepBoth = async (minutes: number) => {
        const now = plus(t0, minutes);
        at(now.toISOString());
        const rs = await Promise.all([runSlaSweep(c.deps, now), runSlaSweep(second.deps, now), runSlaSweep(c.deps, now), runSlaSweep(second.deps, now)]);
        for (const r of rs) expect(r.errors).toBe(0);
        return rs.reduce((a, r) => ({ warnings: a.warnings + r.warnings, breaches: a.breaches + r.breaches, escalations: a.escalations + r.escalations }), { warnings: 0, breaches: 0, escalations: 0 });
      };

      // Nothing is due before 80% of the 240-minute first-response target.
      expect(await sweepBoth(100)).toEqual({ warnings: 0, breaches: 0, escalations: 0 });
      expect(await sweepBoth(193)).toEqual({ warnings: 1, breaches: 0, escalations: 0 });
      expect(await sweepBoth(200)).toEqual({ warnings: 0, breaches: 0, escalations: 0 });
      let events = await eventsSince(c, seq0);
      const warning = events.filter((e) => e.type === 'ticket.sla.warning');
      expect(warning).toHaveLength(1);
      expect(warning[0]).toMatchObject({ permission: 'tickets:read', user_id: null, data: { clock: 'first_response', ticket: { id: tk.id } } });
      // The assignee and the team's supervisor, not the team's viewer.
      const personal = (list: typeof events, kind: string) =>
        list
          .filter((e) => e.type === 'notification.created' && (e.data as { kind: string }).kind === kind)
          .map((e) => e.user_id)
          .sort();
      expect(personal(events, 'ticket.sla.warning')).toEqual([users['agent@demo.local'], users['supervisor@demo.local']].sort());
      const mails = (await c.outbox()).filter((m) => m.subject.startsWith(`[${tk.number}] SLA warning`));
      expect(mails.map((m) => m.to_address).sort()).toEqual(['agent@demo.local', 'supervisor@demo.local']);
      expect(mails[0].subject).toBe(`[${tk.number}] SLA warning: first response — Job watched`);
      expect(mails[0].body_text).toContain(`/helpdesk/tickets/${tk.id}`);

      // The due date passes: one breach, one escalation (priority one step up, reassigned), whoever sweeps.
      expect(await sweepBoth(241)).toEqual({ warnings: 0, breaches: 1, escalations: 1 });
      expect(await sweepBoth(245)).toEqual({ warnings: 0, breaches: 0, escalations: 0 });
      const after = (await c.api('GET', `/api/v1/tickets/${tk.id}`, { token: await token(c, 'agent@demo.local') })).body.data;
      expect(after).toMatchObject({ priority: 'high', assignee_id: users['admin@demo.local'] });
      expect(after.sla).toMatchObject({ escalated_at: plus(t0, 241).toISOString(), first_response: { status: 'breached', breached_at: plus(t0, 241).toISOString() } });
      events = await eventsSince(c, seq0);
      expect(events.filter((e) => e.type === 'ticket.sla.breached').map((e) => (e.data as { clock: string }).clock)).toEqual(['first_response']);
      // Notified: the assignee before and after the escalation, and the team's supervisor.
      expect(personal(events, 'ticket.sla.breached')).toEqual([users['admin@demo.local'], users['agent@demo.local'], users['supervisor@demo.local']].sort());
      const breachMails = (await c.outbox()).filter((m) => m.subject.startsWith(`[${tk.number}] SLA breached`));
      expect(breachMails.map((m) => m.to_address).sort()).toEqual(['admin@demo.local', 'agent@demo.local', 'supervisor@demo.local']);
      const audit = await c.api('GET', `/api/v1/audit?entity_type=ticket&entity_id=${tk.id}&action=ticket.sla_escalated`, { token: await token(c) });
      expect(audit.body.data).toHaveLength(1);
      expect(audit.body.data[0]).toMatchObject({ actor_email: 'system:sla' });

      // The resolution clock breaches later (high: 960 minutes from the start): no second escalation.
      expect(await sweepBoth(961)).toEqual({ warnings: 0, breaches: 1, escalations: 0 });
      const last = (await c.api('GET', `/api/v1/tickets/${tk.id}`, { token: await token(c, 'agent@demo.local') })).body.data;
      expect(last.priority).toBe('high');
      expect(last.sla.resolution).toMatchObject({ status: 'breached', breached_at: plus(t0, 961).toISOString() });
      events = await eventsSince(c, seq0);
      expect(events.filter((e) => e.type === 'ticket.sla.breached')).toHaveLength(2);
      // The resolution's warning (t0+768 once the priority went up) and its breach both fell due before this sweep: only the breach is raised.
      expect(events.filter((e) => e.type === 'ticket.sla.warning').map((e) => (e.data as { clock: string }).clock)).toEqual(['first_response']);
      const filtered = await c.api('GET', '/api/v1/tickets?sla_breached=true&q=Job%20watched', { token: await token(c, 'agent@demo.local') });
      expect(filtered.body.data.map((x: { id: string }) => x.id)).toEqual([tk.id]);
    } finally {
      await second.close();
    }
  });

  it('two nodes checking the same ticket at the same instant (no lease) still raise its breach once', async () => {
    const c = ctx();
    await drain(c);
    const policyId = await policy(c, 'Job Race', { warning_percent: null });
    const t0 = '2026-07-05T08:00:00.000Z';
    at(t0);
    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push(await ticket(c, { subject: `Job race ${i}`, priority: 'critical', sla_policy_id: policyId }));
    const other = await startApp(c.config);
    try {
      const seq0 = await lastSeq(c.deps.db, 'demo');
      const now = plus(t0, 16);
      at(now.toISOString());
      const results = await Promise.allSettled(tickets.flatMap((tk) => [sweepTicket(c.deps, 'demo', tk.id, now), sweepTicket(other.deps, 'demo', tk.id, now)]));
      // PostgreSQL and MariaDB make the second node wait for the first one's row lock; SQLite locks the
      // whole database and refuses a second writer ("database is locked"): that check is retried by the next sweep.
      for (const r of results) if (r.status === 'rejected') expect([c.dialect, String(r.reason)]).toEqual(['sqlite', expect.stringContaining('locked')]);
      const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const raced = done.reduce((n, r) => n + r.breaches, 0);
      if (c.dialect !== 'sqlite') expect(raced).toBe(5);
      const retried = await runSlaSweep(other.deps, now);
      expect(retried.errors).toBe(0);
      expect(raced + retried.breaches).toBe(5);
      expect(await runSlaSweep(c.deps, now)).toMatchObject({ breaches: 0, errors: 0 });
      const events = (await eventsSince(c, seq0)).filter((e) => e.type === 'ticket.sla.breached');
      expect(events.map((e) => (e.data as { ticket: { id: string } }).ticket.id).sort()).toEqual(tickets.map((tk) => tk.id).sort());
    } finally {
      await other.close();
    }
  });

  it('catches up after a restart, and takes over the lease of a node that died holding it', async () => {
    const c = ctx();
    await drain(c);
    const policyId = await policy(c, 'Job Restart');
    const t0 = '2026-07-02T08:00:00.000Z';
    at(t0);
    const tk = await ticket(c, { subject: 'Job restart', priority: 'critical', sla_policy_id: policyId });
    // A node takes the tenant's lease at t0+20 and dies before doing anything.
    const dead = await startApp(c.config);
    expect(await claimLease(dead.deps.db, dead.deps.dbh.dialect, { job: 'helpdesk.sla', tenantId: 'demo', owner: 'dead-node', now: plus(t0, 20), ttlMs: 5 * 60_000 })).toBe(true);
    await dead.close();
    const seq0 = await lastSeq(c.deps.db, 'demo');
    // A restarted node: the lease still holds at t0+21, so it leaves the tenant alone.
    const fresh = await startApp(c.config);
    try {
      at(plus(t0, 21).toISOString());
      expect(await runSlaSweep(fresh.deps, plus(t0, 21))).toMatchObject({ tenants: 0, skipped: 1, breaches: 0 });
      // Once the lease expired it takes over and raises what fell due while nobody swept: the breach
      // (the warning at 12 minutes is not raised after the breach).
      at(plus(t0, 26).toISOString());
      expect(await runSlaSweep(fresh.deps, plus(t0, 26))).toMatchObject({ tenants: 1, skipped: 0, warnings: 0, breaches: 1 });
      const events = (await eventsSince(c, seq0)).filter((e) => e.type.startsWith('ticket.sla.'));
      expect(events.map((e) => [e.type, (e.data as { clock: string; ticket: { id: string } }).ticket.id])).toEqual([['ticket.sla.breached', tk.id]]);
      const lease = await c.deps.db.selectFrom('job_leases').selectAll().where('job', '=', 'helpdesk.sla').where('tenant_id', '=', 'demo').executeTakeFirstOrThrow();
      expect(lease).toMatchObject({ owner: null, lease_until: null, last_finished_at: plus(t0, 26).toISOString(), last_error: null });
    } finally {
      await fresh.close();
    }
  });

  it('never breaches a clock met in time or paused before its due date; a resumed clock breaches at its moved due date', async () => {
    const c = ctx();
    await drain(c);
    const policyId = await policy(c, 'Job Quiet', { warning_percent: null });
    const t0 = '2026-07-03T08:00:00.000Z';
    at(t0);
    const met = await ticket(c, { subject: 'Job met', priority: 'critical', sla_policy_id: policyId });
    const paused = await ticket(c, { subject: 'Job paused', priority: 'critical', sla_policy_id: policyId });
    at(plus(t0, 5).toISOString());
    const agent = await token(c, 'agent@demo.local');
    expect((await c.api('POST', `/api/v1/tickets/${met.id}/messages`, { token: agent, body: { body: 'Hi' } })).status).toBe(201);
    expect((await c.api('PATCH', `/api/v1/tickets/${paused.id}`, { token: agent, body: { status: 'pending' } })).status).toBe(200);
    const seq0 = await lastSeq(c.deps.db, 'demo');
    at(plus(t0, 60).toISOString());
    expect(await runSlaSweep(c.deps, plus(t0, 60))).toMatchObject({ warnings: 0, breaches: 0, errors: 0 });
    // Back to work at t0+60 after 55 minutes pending: the first response is due at t0+70.
    expect((await c.api('PATCH', `/api/v1/tickets/${paused.id}`, { token: await token(c, 'agent@demo.local'), body: { status: 'in_progress' } })).status).toBe(200);
    at(plus(t0, 69).toISOString());
    expect(await runSlaSweep(c.deps, plus(t0, 69))).toMatchObject({ breaches: 0 });
    at(plus(t0, 71).toISOString());
    expect(await runSlaSweep(c.deps, plus(t0, 71))).toMatchObject({ breaches: 1 });
    const events = (await eventsSince(c, seq0)).filter((e) => e.type.startsWith('ticket.sla.'));
    expect(events.map((e) => [(e.data as { ticket: { id: string } }).ticket.id, (e.data as { clock: string }).clock])).toEqual([[paused.id, 'first_response']]);
  });

  it('runs on its own timer once started, and stops cleanly', async () => {
    const c = ctx();
    await drain(c);
    const policyId = await policy(c, 'Job Timer', { warning_percent: null });
    const t0 = '2026-07-04T08:00:00.000Z';
    at(t0);
    const tk = await ticket(c, { subject: 'Job timer', priority: 'critical', sla_policy_id: policyId });
    at(plus(t0, 30).toISOString());
    const job = startSlaJob(c.deps, { intervalMs: 200 });
    try {
      // Date is frozen: wait on real timers.
      let breached: string | null = null;
      for (let i = 0; i < 50 && !breached; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const row = await c.deps.db.selectFrom('tickets').select('first_response_breached_at').where('id', '=', tk.id).executeTakeFirstOrThrow();
        breached = row.first_response_breached_at;
      }
      expect(breached).toBe(plus(t0, 30).toISOString());
    } finally {
      await job.stop();
    }
  });
});
