import { describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../../test/harness.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);
const URL = '/api/v1/telephony/schedules';
const EMPTY_WEEK = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

async function createSchedule(c: TestContext, body: Record<string, unknown>, token = c.tokens.tenant_admin) {
  const r = await c.api('POST', URL, { token, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data as {
    id: string;
    name: string;
    timezone: string;
    weekly: Record<string, { start: string; end: string }[]>;
    holidays: unknown[];
    closures: unknown[];
  };
}

async function scheduleCount(c: TestContext, token = c.tokens.viewer): Promise<number> {
  return (await c.api('GET', `${URL}?page_size=1`, { token })).body.meta.total;
}

async function childRows(c: TestContext, id: string) {
  const db = c.deps.db;
  const [hours, holidays, closures] = await Promise.all([
    db.selectFrom('tel_schedule_hours').selectAll().where('schedule_id', '=', id).execute(),
    db.selectFrom('tel_schedule_holidays').selectAll().where('schedule_id', '=', id).execute(),
    db.selectFrom('tel_schedule_closures').selectAll().where('schedule_id', '=', id).execute(),
  ]);
  return hours.length + holidays.length + closures.length;
}

describeEachDb('telephony schedules', (ctx) => {
  describe('POST /api/v1/telephony/schedules', () => {
    it('creates a schedule: hours sorted per day, missing days closed, holidays by date, closures in UTC; audited', async () => {
      const c = ctx();
      const s = await createSchedule(c, {
        name: '  Office hours ',
        timezone: 'europe/berlin',
        weekly: {
          mon: [
            { start: '13:00', end: '17:00' },
            { start: '09:00', end: '12:00' },
          ],
          fri: [{ start: '09:00', end: '24:00' }],
        },
        holidays: [
          { date: '2026-12-26', name: 'Boxing Day', recurring: true },
          { date: '2026-12-25', name: 'Christmas Day', recurring: true },
          { date: '2026-11-27', name: 'Offsite' },
        ],
        closures: [{ starts_at: '2026-02-10T23:00:00+01:00', ends_at: '2026-02-11T06:00:00+01:00', reason: 'Move' }],
      });
      expect(s).toMatchObject({
        name: 'Office hours',
        timezone: 'Europe/Berlin',
        weekly: {
          ...EMPTY_WEEK,
          mon: [
            { start: '09:00', end: '12:00' },
            { start: '13:00', end: '17:00' },
          ],
          fri: [{ start: '09:00', end: '24:00' }],
        },
        holidays: [
          { date: '2026-11-27', name: 'Offsite', recurring: false },
          { date: '2026-12-25', name: 'Christmas Day', recurring: true },
          { date: '2026-12-26', name: 'Boxing Day', recurring: true },
        ],
        closures: [{ starts_at: '2026-02-10T22:00:00.000Z', ends_at: '2026-02-11T05:00:00.000Z', reason: 'Move' }],
      });
      const got = await c.api('GET', `${URL}/${s.id}`, { token: c.tokens.viewer });
      expect(got.body.data).toEqual(s);
      const audit = await c.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', s.id).execute();
      expect(audit.map((a) => [a.action, a.tenant_id, a.actor_email])).toEqual([['schedule.created', 'demo', 'admin@demo.local']]);
      expect(JSON.parse(audit[0].after ?? '{}')).toEqual(s);
    });

    it("takes the tenant's time zone when none is given", async () => {
      const c = ctx();
      // The seeded demo tenant is in Europe/Berlin; beta has the default UTC.
      expect((await createSchedule(c, { name: 'Default zone' })).timezone).toBe('Europe/Berlin');
      const beta = await c.api('POST', URL, { token: c.other.token, body: { name: 'Default zone' } });
      expect(beta.status).toBe(201);
      expect(beta.body.data).toMatchObject({ timezone: 'UTC', weekly: EMPTY_WEEK, holidays: [], closures: [] });
    });

    it('rejects bad hours, zones, holidays and closures with a field for each, creating nothing', async () => {
      const c = ctx();
      const before = await scheduleCount(c);
      const cases: [Record<string, unknown>, string[]][] = [
        [{ name: 'Bad zone', timezone: 'Mars/Olympus_Mons' }, ['timezone']],
        [{ name: 'Offset zone', timezone: '+01:00' }, ['timezone']],
        [{ name: '' }, ['name']],
        [{ name: 'Bad time', weekly: { mon: [{ start: '9:00', end: '17:00' }] } }, ['weekly.mon.0.start']],
        [{ name: 'Past midnight', weekly: { mon: [{ start: '22:00', end: '24:30' }] } }, ['weekly.mon.0.end']],
        [{ name: 'Backwards', weekly: { tue: [{ start: '17:00', end: '09:00' }] } }, ['weekly.tue.0.end']],
        [{ name: 'Empty interval', weekly: { wed: [{ start: '09:00', end: '09:00' }] } }, ['weekly.wed.0.end']],
        [
          {
            name: 'Overlap',
            weekly: {
              thu: [
                { start: '12:00', end: '18:00' },
                { start: '09:00', end: '12:30' },
              ],
            },
          },
          ['weekly.thu.0.start'],
        ],
        [{ name: 'Unknown day', weekly: { someday: [] } }, ['weekly']],
        [{ name: 'Bad date', holidays: [{ date: '2026-02-30', name: 'Nope' }] }, ['holidays.0.date']],
        [
          {
            name: 'Twice',
            holidays: [
              { date: '2026-12-25', name: 'A' },
              { date: '2026-12-25', name: 'B', recurring: true },
            ],
          },
          ['holidays.1.date'],
        ],
        [{ name: 'Nameless holiday', holidays: [{ date: '2026-12-25', name: ' ' }] }, ['holidays.0.name']],
        [{ name: 'Backwards closure', closures: [{ starts_at: '2026-02-11T06:00:00Z', ends_at: '2026-02-10T22:00:00Z' }] }, ['closures.0.ends_at']],
        [{ name: 'Local closure', closures: [{ starts_at: '2026-02-10T22:00:00', ends_at: '2026-02-11T06:00:00Z' }] }, ['closures.0.starts_at']],
      ];
      for (const [body, expected] of cases) {
        const r = await c.api('POST', URL, { token: c.tokens.tenant_admin, body });
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(r.body.code).toBe('validation_failed');
        expect(fields(r), JSON.stringify(body)).toEqual(expected);
      }
      expect(await scheduleCount(c)).toBe(before);
    });

    it('keeps names unique per tenant ignoring case (409 on name); another tenant may reuse one', async () => {
      const c = ctx();
      await createSchedule(c, { name: 'Support line' });
      const before = await scheduleCount(c);
      for (const name of ['Support line', 'SUPPORT LINE']) {
        const r = await c.api('POST', URL, { token: c.tokens.tenant_admin, body: { name } });
        expect(r.status, name).toBe(409);
        expect(fields(r)).toEqual(['name']);
      }
      expect(await scheduleCount(c)).toBe(before);
      expect((await c.api('POST', URL, { token: c.other.token, body: { name: 'Support line' } })).status).toBe(201);
    });

    it('needs telephony:manage (tenant admins only) and a sign-in', async () => {
      const c = ctx();
      const before = await scheduleCount(c);
      expect((await c.api('POST', URL, { body: { name: 'Anon' } })).status).toBe(401);
      for (const token of [c.tokens.supervisor, c.tokens.agent, c.tokens.viewer]) {
        const r = await c.api('POST', URL, { token, body: { name: 'Not mine' } });
        expect(r.status).toBe(403);
        expect(r.body.code).toBe('forbidden');
      }
      expect(await scheduleCount(c)).toBe(before);
    });
  });

  describe('GET /api/v1/telephony/schedules', () => {
    it('lists my schedules by name (ignoring case) with search, sort and pagination; readable by every role', async () => {
      const c = ctx();
      await createSchedule(c, { name: 'Zl Charlie' });
      await createSchedule(c, { name: 'zl Alpha' });
      await createSchedule(c, { name: 'Zl Bravo', weekly: { sat: [{ start: '10:00', end: '14:00' }] } });
      for (const token of [c.tokens.agent, c.tokens.viewer, c.tokens.supervisor]) {
        const r = await c.api('GET', `${URL}?q=zl`, { token });
        expect(r.status).toBe(200);
        expect(r.body.data.map((s: { name: string }) => s.name)).toEqual(['zl Alpha', 'Zl Bravo', 'Zl Charlie']);
        expect(r.body.meta).toEqual({ page: 1, page_size: 25, total: 3 });
      }
      const desc = await c.api('GET', `${URL}?q=ZL&sort=-name&page_size=2&page=2`, { token: c.tokens.viewer });
      expect(desc.body.data.map((s: { name: string }) => s.name)).toEqual(['zl Alpha']);
      expect(desc.body.meta).toEqual({ page: 2, page_size: 2, total: 3 });
      const bravo = (await c.api('GET', `${URL}?q=bravo`, { token: c.tokens.viewer })).body.data[0];
      expect(bravo.weekly.sat).toEqual([{ start: '10:00', end: '14:00' }]);
      expect((await c.api('GET', `${URL}?q=zl`, { token: c.other.token })).body.data).toEqual([]);
    });

    it('rejects bad query parameters and needs a sign-in', async () => {
      const c = ctx();
      const r = await c.api('GET', `${URL}?sort=timezone`, { token: c.tokens.viewer });
      expect(r.status).toBe(400);
      expect(fields(r)).toEqual(['sort']);
      expect((await c.api('GET', URL)).status).toBe(401);
    });
  });

  describe('GET /api/v1/telephony/schedules/:id', () => {
    it("404 for an unknown id or another tenant's schedule; 400 for a malformed id; 401 without a sign-in", async () => {
      const c = ctx();
      const s = await createSchedule(c, { name: 'Lookup' });
      expect((await c.api('GET', `${URL}/${s.id}`, { token: c.tokens.agent })).status).toBe(200);
      expect((await c.api('GET', `${URL}/00000000-0000-7000-8000-000000000000`, { token: c.tokens.agent })).status).toBe(404);
      const other = await c.api('GET', `${URL}/${s.id}`, { token: c.other.token });
      expect(other.status).toBe(404);
      expect(other.text).not.toContain('Lookup');
      expect((await c.api('GET', `${URL}/${s.id}`)).status).toBe(401);
      const bad = await c.api('GET', `${URL}/${'x'.repeat(65)}`, { token: c.tokens.agent });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['id']);
    });
  });

  describe('PATCH /api/v1/telephony/schedules/:id', () => {
    it('replaces only the lists given; renames and changes the zone; audited with before and after', async () => {
      const c = ctx();
      const s = await createSchedule(c, {
        name: 'Patch me',
        timezone: 'UTC',
        weekly: { mon: [{ start: '09:00', end: '17:00' }] },
        holidays: [{ date: '2026-01-01', name: 'New Year', recurring: true }],
        closures: [{ starts_at: '2026-03-01T00:00:00Z', ends_at: '2026-03-02T00:00:00Z' }],
      });
      const r = await c.api('PATCH', `${URL}/${s.id}`, {
        token: c.tokens.tenant_admin,
        body: { name: 'Patched', timezone: 'Asia/Kolkata', weekly: { sun: [{ start: '00:00', end: '24:00' }] } },
      });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data).toMatchObject({
        name: 'Patched',
        timezone: 'Asia/Kolkata',
        weekly: { ...EMPTY_WEEK, sun: [{ start: '00:00', end: '24:00' }] },
        holidays: s.holidays,
        closures: s.closures,
      });
      const cleared = await c.api('PATCH', `${URL}/${s.id}`, { token: c.tokens.tenant_admin, body: { holidays: [], closures: [] } });
      expect(cleared.body.data).toMatchObject({ weekly: r.body.data.weekly, holidays: [], closures: [] });
      expect(await childRows(c, s.id)).toBe(1);
      const audit = await c.deps.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', s.id)
        .where('action', '=', 'schedule.updated')
        .orderBy('id')
        .execute();
      expect(audit).toHaveLength(2);
      expect(JSON.parse(audit[0].before ?? '{}')).toEqual(s);
      expect(JSON.parse(audit[0].after ?? '{}')).toEqual(r.body.data);
    });

    it("refuses bad input (400), a taken name (409), another tenant's schedule (404) and non-admins (403), changing nothing", async () => {
      const c = ctx();
      await createSchedule(c, { name: 'Taken schedule' });
      const s = await createSchedule(c, { name: 'Guarded', weekly: { mon: [{ start: '09:00', end: '17:00' }] } });
      const url = `${URL}/${s.id}`;
      const bad = await c.api('PATCH', url, {
        token: c.tokens.tenant_admin,
        body: {
          timezone: 'Nowhere/Land',
          weekly: {
            mon: [
              { start: '09:00', end: '12:00' },
              { start: '11:00', end: '13:00' },
            ],
          },
        },
      });
      expect(bad.status).toBe(400);
      expect(fields(bad).sort()).toEqual(['timezone', 'weekly.mon.1.start']);
      const taken = await c.api('PATCH', url, { token: c.tokens.tenant_admin, body: { name: 'TAKEN SCHEDULE', weekly: {} } });
      expect(taken.status).toBe(409);
      expect(fields(taken)).toEqual(['name']);
      const other = await c.api('PATCH', url, { token: c.other.token, body: { name: 'Hijacked', weekly: {} } });
      expect(other.status).toBe(404);
      for (const token of [c.tokens.supervisor, c.tokens.agent, c.tokens.viewer])
        expect((await c.api('PATCH', url, { token, body: { name: 'Nope' } })).status).toBe(403);
      expect((await c.api('PATCH', url, { body: { name: 'Nope' } })).status).toBe(401);
      expect((await c.api('GET', url, { token: c.tokens.viewer })).body.data).toEqual(s);
    });
  });

  describe('DELETE /api/v1/telephony/schedules/:id', () => {
    it('deletes a schedule with its hours, holidays and closures; audited', async () => {
      const c = ctx();
      const s = await createSchedule(c, {
        name: 'Short-lived',
        weekly: { mon: [{ start: '09:00', end: '17:00' }] },
        holidays: [{ date: '2026-05-01', name: 'Labour Day', recurring: true }],
        closures: [{ starts_at: '2026-03-01T00:00:00Z', ends_at: '2026-03-02T00:00:00Z', reason: 'Audit' }],
      });
      expect(await childRows(c, s.id)).toBe(3);
      const r = await c.api('DELETE', `${URL}/${s.id}`, { token: c.tokens.tenant_admin });
      expect(r.status).toBe(204);
      expect((await c.api('GET', `${URL}/${s.id}`, { token: c.tokens.viewer })).status).toBe(404);
      expect(await childRows(c, s.id)).toBe(0);
      const audit = await c.deps.db
        .selectFrom('audit_log')
        .select(['action', 'before'])
        .where('entity_id', '=', s.id)
        .where('action', '=', 'schedule.deleted')
        .execute();
      expect(JSON.parse(audit[0].before ?? '{}')).toEqual(s);
      expect((await c.api('DELETE', `${URL}/${s.id}`, { token: c.tokens.tenant_admin })).status).toBe(404);
    });

    it('refuses (409) while numbers route on it, listing them; works once they have moved', async () => {
      const c = ctx();
      const s = await createSchedule(c, { name: 'In use' });
      const numbers: { id: string; e164: string }[] = [];
      for (const e164 of ['+49 30 901820', '+49 30 901821']) {
        const n = await c.api('POST', '/api/v1/telephony/numbers', {
          token: c.tokens.tenant_admin,
          body: { e164, routing: { schedule_id: s.id, open: { type: 'hangup' }, closed: null } },
        });
        expect(n.status, n.text).toBe(201);
        numbers.push(n.body.data);
      }
      const r = await c.api('DELETE', `${URL}/${s.id}`, { token: c.tokens.tenant_admin });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('conflict');
      expect(r.body.detail).toContain('2 number(s)');
      expect(r.body.errors).toEqual(
        numbers.sort((a, b) => (a.e164 < b.e164 ? -1 : 1)).map((n) => ({ field: `number:${n.id}`, message: `${n.e164} routes on this schedule` })),
      );
      expect((await c.api('GET', `${URL}/${s.id}`, { token: c.tokens.viewer })).status).toBe(200);
      // Move one away and delete the other: then the schedule may go.
      await c.api('PATCH', `/api/v1/telephony/numbers/${numbers[0].id}`, { token: c.tokens.tenant_admin, body: { routing: { schedule_id: null } } });
      const still = await c.api('DELETE', `${URL}/${s.id}`, { token: c.tokens.tenant_admin });
      expect(still.body.errors).toEqual([{ field: `number:${numbers[1].id}`, message: `${numbers[1].e164} routes on this schedule` }]);
      await c.api('DELETE', `/api/v1/telephony/numbers/${numbers[1].id}`, { token: c.tokens.tenant_admin });
      expect((await c.api('DELETE', `${URL}/${s.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
    });

    it("404 for another tenant's schedule and 403 for non-admins: nothing deleted", async () => {
      const c = ctx();
      const s = await createSchedule(c, { name: 'Keep me', weekly: { tue: [{ start: '08:00', end: '12:00' }] } });
      expect((await c.api('DELETE', `${URL}/${s.id}`, { token: c.other.token })).status).toBe(404);
      for (const token of [c.tokens.supervisor, c.tokens.agent, c.tokens.viewer]) expect((await c.api('DELETE', `${URL}/${s.id}`, { token })).status).toBe(403);
      expect((await c.api('DELETE', `${URL}/${s.id}`)).status).toBe(401);
      expect((await c.api('GET', `${URL}/${s.id}`, { token: c.tokens.viewer })).body.data).toEqual(s);
      expect(await childRows(c, s.id)).toBe(1);
    });
  });
});
