import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDb, type TestContext } from '../../../test/harness.js';
import { asteriskQueueName, nameSlug } from './repo.js';
import { createExtension, expectAraRowsValid, fields, setFeature } from './testing.js';

type Row = Record<string, any>;
const Q = '/api/v1/telephony/queues';

async function createQueue(c: TestContext, body: Record<string, unknown>, token = c.tokens.supervisor) {
  const r = await c.api('POST', Q, { token, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data as Row;
}

/** Asterisk's rows of tenant demo (or all tenants). */
async function astQueues(c: TestContext, tenant = 'demo'): Promise<Row[]> {
  return (await sql<Row>`select * from queues where tenant_id = ${tenant} order by name`.execute(c.deps.db)).rows;
}
async function astMembers(c: TestContext, queueName?: string): Promise<Row[]> {
  const rows = queueName
    ? await sql<Row>`select * from queue_members where queue_name = ${queueName} order by penalty, interface`.execute(c.deps.db)
    : await sql<Row>`select * from queue_members order by queue_name, interface`.execute(c.deps.db);
  return rows.rows;
}
async function ourMembers(c: TestContext, queueId: string): Promise<Row[]> {
  return c.deps.db.selectFrom('tel_queue_members').selectAll().where('queue_id', '=', queueId).execute();
}

describe('Asterisk queue names', () => {
  it('are `<tenant>-<name slug>`: lower-case ASCII, accents dropped, at most 80 characters', () => {
    expect(nameSlug('  Ventes Été / Nord! ')).toBe('ventes-ete-nord');
    expect(asteriskQueueName('acme', 'Sales')).toBe('acme-sales');
    expect(asteriskQueueName('acme', 'x'.repeat(100))).toHaveLength(80);
    expect(() => asteriskQueueName('acme', '!!! ???')).toThrow(/letter or digit/);
  });
});

describeEachDb('telephony queues', (ctx) => {
  describe('POST /api/v1/telephony/queues', () => {
    it('creates a queue with defaults and writes a valid Asterisk queues row named <tenant>-<slug>', async () => {
      const c = ctx();
      const q = await createQueue(c, { name: 'Sales Team' });
      expect(q).toMatchObject({
        name: 'Sales Team',
        asterisk_name: 'demo-sales-team',
        strategy: 'ringall',
        ring_timeout: 15,
        retry: 5,
        wrapup_time: 0,
        max_length: 0,
        max_wait: null,
        overflow: null,
        join_empty: 'yes',
        leave_when_empty: 'no',
        announce_frequency: 0,
        announce_position: 'no',
        music_on_hold: 'default',
        service_level: 20,
        member_count: 0,
      });
      const rows = (await astQueues(c)).filter((r) => r.name === 'demo-sales-team');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        tenant_id: 'demo',
        strategy: 'ringall',
        timeout: 15,
        retry: 5,
        wrapuptime: 0,
        maxlen: 0,
        joinempty: 'yes',
        leavewhenempty: 'no',
        musiconhold: 'default',
        servicelevel: 20,
        ringinuse: 'no',
      });
      expectAraRowsValid('queues', rows);
      const audit = await c.deps.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', q.id).execute();
      expect(audit.map((a) => a.action)).toEqual(['queue.created']);
    });

    it('takes every field, each strategy of Asterisk, and an overflow destination stored in tel_destinations', async () => {
      const c = ctx();
      const target = await createQueue(c, { name: 'Overflow target' });
      const strategies = ['ringall', 'leastrecent', 'fewestcalls', 'random', 'rrmemory', 'rrordered', 'linear', 'wrandom'];
      for (const strategy of strategies) {
        const q = await createQueue(c, {
          name: `Strat ${strategy}`,
          strategy,
          ring_timeout: 20,
          retry: 3,
          wrapup_time: 10,
          max_length: 7,
          max_wait: 120,
          overflow: { type: 'queue', target_id: target.id },
          join_empty: 'strict',
          leave_when_empty: 'loose',
          announce_frequency: 30,
          announce_position: 'limit',
          announce_position_limit: 3,
          music_on_hold: 'jazz_1',
          service_level: 30,
        });
        expect(q).toMatchObject({ strategy, max_wait: 120, overflow: { type: 'queue', target_id: target.id }, announce_position: 'limit' });
        const [row] = (await astQueues(c)).filter((r) => r.name === q.asterisk_name);
        expect(row).toMatchObject({
          strategy,
          timeout: 20,
          retry: 3,
          wrapuptime: 10,
          maxlen: 7,
          joinempty: 'strict',
          leavewhenempty: 'loose',
          announce_frequency: 30,
          announce_position: 'limit',
          announce_position_limit: 3,
          musiconhold: 'jazz_1',
          servicelevel: 30,
        });
        expectAraRowsValid('queues', [row]);
        const dest = await c.deps.db.selectFrom('tel_destinations').selectAll().where('owner_type', '=', 'queue').where('owner_id', '=', q.id).execute();
        expect(dest).toEqual([{ tenant_id: 'demo', owner_type: 'queue', owner_id: q.id, slot: 'overflow', type: 'queue', target_id: target.id, value: null }]);
      }
      // The target is now referenced: deleting it is refused with the routes listed.
      const del = await c.api('DELETE', `${Q}/${target.id}`, { token: c.tokens.supervisor });
      expect(del.status).toBe(409);
      expect(del.body.errors).toHaveLength(strategies.length);
      expect(del.body.errors[0].message).toBe('routes overflow here');
    });

    it('answers 400 with the fields for bad values, and creates nothing', async () => {
      const c = ctx();
      const before = (await astQueues(c)).length;
      const bad = await c.api('POST', Q, {
        token: c.tokens.supervisor,
        body: {
          name: 'Bad',
          strategy: 'roundrobin',
          ring_timeout: 0,
          retry: -1,
          max_length: 1.5,
          join_empty: 'maybe',
          music_on_hold: 'a b',
          announce_position: 'sometimes',
        },
      });
      expect(bad.status).toBe(400);
      expect(fields(bad).sort()).toEqual(['announce_position', 'join_empty', 'max_length', 'music_on_hold', 'retry', 'ring_timeout', 'strategy']);
      const noName = await c.api('POST', Q, { token: c.tokens.supervisor, body: {} });
      expect(fields(noName)).toEqual(['name']);
      const noSlug = await c.api('POST', Q, { token: c.tokens.supervisor, body: { name: '???' } });
      expect(noSlug.status).toBe(400);
      expect(fields(noSlug)).toEqual(['name']);
      const overflow = await c.api('POST', Q, { token: c.tokens.supervisor, body: { name: 'Overflow bad', overflow: { type: 'queue' } } });
      expect(overflow.status).toBe(400);
      expect(fields(overflow)).toEqual(['overflow.target_id']);
      expect((await astQueues(c)).length).toBe(before);
    });

    it('refuses an overflow to another tenant’s object (400) and a name taken in any case (409)', async () => {
      const c = ctx();
      const theirs = await c.api('POST', Q, { token: c.other.token, body: { name: 'Beta only' } });
      expect(theirs.status).toBe(201);
      const r = await c.api('POST', Q, {
        token: c.tokens.supervisor,
        body: { name: 'Uses beta', overflow: { type: 'queue', target_id: theirs.body.data.id } },
      });
      expect(r.status).toBe(400);
      expect(fields(r)).toEqual(['overflow']);
      expect(await c.deps.db.selectFrom('tel_queues').select('id').where('name', '=', 'Uses beta').execute()).toEqual([]);
      await createQueue(c, { name: 'Support' });
      const dup = await c.api('POST', Q, { token: c.tokens.supervisor, body: { name: 'SUPPORT' } });
      expect(dup.status).toBe(409);
      expect(fields(dup)).toEqual(['name']);
      // Another tenant may use the same name (its Asterisk queue is beta-support).
      const other = await c.api('POST', Q, { token: c.other.token, body: { name: 'Support' } });
      expect(other.status).toBe(201);
      expect(other.body.data.asterisk_name).toBe('beta-support');
      // A different name with the same slug would collide in Asterisk.
      const slug = await c.api('POST', Q, { token: c.tokens.supervisor, body: { name: 'Support!' } });
      expect(slug.status).toBe(409);
      expect(slug.body.detail).toContain('demo-support');
    });

    it('needs queues:manage (supervisor or admin) and a sign-in', async () => {
      const c = ctx();
      for (const token of [c.tokens.agent, c.tokens.viewer]) expect((await c.api('POST', Q, { token, body: { name: 'Nope' } })).status).toBe(403);
      expect((await c.api('POST', Q, { body: { name: 'Nope' } })).status).toBe(401);
      expect((await c.api('POST', Q, { token: c.tokens.tenant_admin, body: { name: 'By admin' } })).status).toBe(201);
    });
  });

  describe('GET /api/v1/telephony/queues', () => {
    it('lists, searches, sorts and pages; readable by every role; nothing of another tenant', async () => {
      const c = ctx();
      for (const n of ['Lq Charlie', 'lq Alpha', 'Lq Bravo']) await createQueue(c, { name: n });
      const r = await c.api('GET', `${Q}?q=lq`, { token: c.tokens.viewer });
      expect(r.status).toBe(200);
      expect(r.body.data.map((q: Row) => q.name)).toEqual(['lq Alpha', 'Lq Bravo', 'Lq Charlie']);
      expect(r.body.meta).toEqual({ page: 1, page_size: 25, total: 3 });
      const desc = await c.api('GET', `${Q}?q=lq&sort=-name&page_size=2&page=2`, { token: c.tokens.agent });
      expect(desc.body.data.map((q: Row) => q.name)).toEqual(['lq Alpha']);
      const created = await c.api('GET', `${Q}?q=lq&sort=created_at`, { token: c.tokens.agent });
      expect(created.body.data.map((q: Row) => q.name)).toEqual(['Lq Charlie', 'lq Alpha', 'Lq Bravo']);
      expect((await c.api('GET', `${Q}?q=lq`, { token: c.other.token })).body.data).toEqual([]);
      const bad = await c.api('GET', `${Q}?sort=strategy`, { token: c.tokens.viewer });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['sort']);
      expect((await c.api('GET', Q)).status).toBe(401);
    });
  });

  describe('GET/PATCH/DELETE /api/v1/telephony/queues/:id', () => {
    it('gets one queue; another tenant gets 404', async () => {
      const c = ctx();
      const q = await createQueue(c, { name: 'Getme' });
      const r = await c.api('GET', `${Q}/${q.id}`, { token: c.tokens.viewer });
      expect(r.body.data).toEqual(q);
      expect((await c.api('GET', `${Q}/${q.id}`, { token: c.other.token })).status).toBe(404);
      expect((await c.api('GET', `${Q}/nope`, { token: c.tokens.viewer })).status).toBe(404);
      expect((await c.api('GET', `${Q}/${q.id}`)).status).toBe(401);
    });

    it('updates values in place and renames the Asterisk queue and its members’ rows (no orphan rows)', async () => {
      const c = ctx();
      const q = await createQueue(c, { name: 'Before rename' });
      const e1 = await createExtension(c, 'Rename One');
      const e2 = await createExtension(c, 'Rename Two');
      for (const e of [e1, e2])
        expect((await c.api('POST', `${Q}/${q.id}/members`, { token: c.tokens.supervisor, body: { extension_id: e.id } })).status).toBe(201);
      const uniqueids = (await astMembers(c, 'demo-before-rename')).map((m) => Number(m.uniqueid)).sort();
      const r = await c.api('PATCH', `${Q}/${q.id}`, {
        token: c.tokens.supervisor,
        body: { name: 'After Rename', strategy: 'rrmemory', wrapup_time: 15, max_wait: 90 },
      });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data).toMatchObject({
        name: 'After Rename',
        asterisk_name: 'demo-after-rename',
        strategy: 'rrmemory',
        wrapup_time: 15,
        max_wait: 90,
        member_count: 2,
      });
      const names = (await astQueues(c)).map((x) => x.name);
      expect(names).toContain('demo-after-rename');
      expect(names).not.toContain('demo-before-rename');
      const [row] = (await astQueues(c)).filter((x) => x.name === 'demo-after-rename');
      expect(row).toMatchObject({ strategy: 'rrmemory', wrapuptime: 15 });
      expectAraRowsValid('queues', [row]);
      expect(await astMembers(c, 'demo-before-rename')).toEqual([]);
      const moved = await astMembers(c, 'demo-after-rename');
      expect(moved.map((m) => m.interface).sort()).toEqual([`PJSIP/demo-${e1.number}`, `PJSIP/demo-${e2.number}`].sort());
      // Rewritten in place: Asterisk keeps its members (same uniqueid).
      expect(moved.map((m) => Number(m.uniqueid)).sort()).toEqual(uniqueids);
      expectAraRowsValid('queue_members', moved);
      const audit = await c.deps.db
        .selectFrom('audit_log')
        .select(['before', 'after'])
        .where('entity_id', '=', q.id)
        .where('action', '=', 'queue.updated')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.before as string).name).toBe('Before rename');
      expect(JSON.parse(audit.after as string).name).toBe('After Rename');
      // A case-only rename keeps the Asterisk name.
      const caseOnly = await c.api('PATCH', `${Q}/${q.id}`, { token: c.tokens.supervisor, body: { name: 'AFTER rename' } });
      expect(caseOnly.body.data.asterisk_name).toBe('demo-after-rename');
    });

    it('sets and clears the overflow; refuses an overflow into itself, bad values and another tenant (nothing changed)', async () => {
      const c = ctx();
      const q = await createQueue(c, { name: 'Patch overflow' });
      const set = await c.api('PATCH', `${Q}/${q.id}`, {
        token: c.tokens.supervisor,
        body: { overflow: { type: 'external', number: '+14155550100' }, max_wait: 60 },
      });
      expect(set.body.data.overflow).toEqual({ type: 'external', number: '+14155550100' });
      const self = await c.api('PATCH', `${Q}/${q.id}`, { token: c.tokens.supervisor, body: { overflow: { type: 'queue', target_id: q.id } } });
      expect(self.status).toBe(400);
      expect(fields(self)).toEqual(['overflow.target_id']);
      const bad = await c.api('PATCH', `${Q}/${q.id}`, { token: c.tokens.supervisor, body: { ring_timeout: 'long', strategy: 'loud' } });
      expect(fields(bad).sort()).toEqual(['ring_timeout', 'strategy']);
      const other = await c.api('PATCH', `${Q}/${q.id}`, { token: c.other.token, body: { name: 'Stolen', overflow: null } });
      expect(other.status).toBe(404);
      expect((await c.api('PATCH', `${Q}/${q.id}`, { token: c.tokens.agent, body: { name: 'Agent' } })).status).toBe(403);
      const unchanged = await c.api('GET', `${Q}/${q.id}`, { token: c.tokens.viewer });
      expect(unchanged.body.data).toMatchObject({ name: 'Patch overflow', overflow: { type: 'external', number: '+14155550100' }, max_wait: 60 });
      const cleared = await c.api('PATCH', `${Q}/${q.id}`, { token: c.tokens.supervisor, body: { overflow: null, max_wait: null } });
      expect(cleared.body.data).toMatchObject({ overflow: null, max_wait: null });
      expect(await c.deps.db.selectFrom('tel_destinations').selectAll().where('owner_id', '=', q.id).execute()).toEqual([]);
    });

    it('deletes a queue with its members and every Asterisk row; refused (409) while a route points at it; 404 for another tenant', async () => {
      const c = ctx();
      const q = await createQueue(c, { name: 'Deleteme' });
      const e = await createExtension(c, 'Delete member');
      await c.api('POST', `${Q}/${q.id}/members`, { token: c.tokens.supervisor, body: { extension_id: e.id } });
      const user = await createQueue(c, { name: 'Points at deleteme', overflow: { type: 'queue', target_id: q.id } });
      const refused = await c.api('DELETE', `${Q}/${q.id}`, { token: c.tokens.supervisor });
      expect(refused.status).toBe(409);
      expect(refused.body.errors).toEqual([{ field: `queue:${user.id}`, message: 'routes overflow here' }]);
      expect((await c.api('DELETE', `${Q}/${q.id}`, { token: c.other.token })).status).toBe(404);
      expect((await c.api('DELETE', `${Q}/${q.id}`, { token: c.tokens.agent })).status).toBe(403);
      expect((await astQueues(c)).some((r) => r.name === 'demo-deleteme')).toBe(true);
      expect((await c.api('PATCH', `${Q}/${user.id}`, { token: c.tokens.supervisor, body: { overflow: null } })).status).toBe(200);
      const del = await c.api('DELETE', `${Q}/${q.id}`, { token: c.tokens.supervisor });
      expect(del.status).toBe(204);
      expect((await c.api('GET', `${Q}/${q.id}`, { token: c.tokens.viewer })).status).toBe(404);
      expect((await astQueues(c)).some((r) => r.name === 'demo-deleteme')).toBe(false);
      expect(await astMembers(c, 'demo-deleteme')).toEqual([]);
      expect(await ourMembers(c, q.id)).toEqual([]);
      expect(await c.deps.db.selectFrom('tel_destinations').selectAll().where('owner_id', '=', q.id).execute()).toEqual([]);
      const audit = await c.deps.db
        .selectFrom('audit_log')
        .select('before')
        .where('entity_id', '=', q.id)
        .where('action', '=', 'queue.deleted')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.before as string).members).toHaveLength(1);
      // The extension itself is untouched.
      expect((await c.api('GET', `/api/v1/telephony/extensions/${e.id}`, { token: c.tokens.viewer })).status).toBe(200);
    });
  });

  describe('members', () => {
    it('adds extensions with penalty and pause state: queue_members rows with PJSIP/<tenant>-<number> and a database-assigned uniqueid', async () => {
      const c = ctx();
      const q = await createQueue(c, { name: 'Members' });
      const a = await createExtension(c, 'Alice Agent');
      const b = await createExtension(c, 'Bob Agent');
      const ra = await c.api('POST', `${Q}/${q.id}/members`, { token: c.tokens.supervisor, body: { extension_id: a.id, penalty: 2 } });
      expect(ra.status, ra.text).toBe(201);
      expect(ra.body.data).toMatchObject({
        extension_id: a.id,
        number: a.number,
        name: 'Alice Agent',
        interface: `PJSIP/demo-${a.number}`,
        penalty: 2,
        paused: false,
        pause_reason: null,
      });
      const rb = await c.api('POST', `${Q}/${q.id}/members`, { token: c.tokens.supervisor, body: { extension_id: b.id, paused: true, pause_reason: 'Lunch' } });
      expect(rb.body.data).toMatchObject({ penalty: 0, paused: true, pause_reason: 'Lunch' });
      const rows = await astMembers(c, 'demo-members');
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        queue_name: 'demo-members',
        interface: `PJSIP/demo-${b.number}`,
        state_interface: `PJSIP/demo-${b.number}`,
        membername: 'Bob Agent',
        penalty: 0,
        paused: 1,
        reason_paused: 'Lunch',
        tenant_id: 'demo',
      });
      expect(rows[1]).toMatchObject({ interface: `PJSIP/demo-${a.number}`, membername: 'Alice Agent', penalty: 2, paused: 0, reason_paused: null });
      const ids = rows.map((r) => Number(r.uniqueid));
      for (const id of ids) expect(Number.isInteger(id) && id > 0).toBe(true);
      expect(new Set(ids).size).toBe(2);
      expectAraRowsValid('queue_members', rows);
      const list = await c.api('GET', `${Q}/${q.id}/members`, { token: c.tokens.viewer });
      expect(list.status).toBe(200);
      expect(list.body.data.map((m: Row) => m.extension_id)).toEqual([b.id, a.id]);
      expect((await c.api('GET', `${Q}/${q.id}`, { token: c.tokens.viewer })).body.data.member_count).toBe(2);
      const audit = await c.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', q.id).where('action', '=', 'queue.member_added').execute();
      expect(audit).toHaveLength(2);
    });

    it('refuses a duplicate (409), an unknown or foreign extension (400), bad values (400), a foreign queue (404)', async () => {
      const c = ctx();
      const q = await createQueue(c, { name: 'Member checks' });
      const a = await createExtension(c, 'Dup Agent');
      expect((await c.api('POST', `${Q}/${q.id}/members`, { token: c.tokens.supervisor, body: { extension_id: a.id } })).status).toBe(201);
      const dup = await c.api('POST', `${Q}/${q.id}/members`, { token: c.tokens.supervisor, body: { extension_id: a.id } });
      expect(dup.status).toBe(409);
      expect(fields(dup)).toEqual(['extension_id']);
      const foreign = await createExtension(c, 'Beta Agent', c.other.token);
      for (const extension_id of [foreign.id, 'no-such-extension']) {
        const r = await c.api('POST', `${Q}/${q.id}/members`, { token: c.tokens.supervisor, body: { extension_id } });
        expect(r.status).toBe(400);
        expect(fields(r)).toEqual(['extension_id']);
      }
      const bad = await c.api('POST', `${Q}/${q.id}/members`, {
        token: c.tokens.supervisor,
        body: { extension_id: a.id, penalty: -1, paused: 'yes', pause_reason: 'x'.repeat(81) },
      });
      expect(fields(bad).sort()).toEqual(['pause_reason', 'paused', 'penalty']);
      const reasonUnpaused = await c.api('POST', `${Q}/${q.id}/members`, {
        token: c.tokens.supervisor,
        body: { extension_id: (await createExtension(c, 'Reason')).id, pause_reason: 'why' },
      });
      expect(reasonUnpaused.status).toBe(400);
      expect(fields(reasonUnpaused)).toEqual(['pause_reason']);
      // Beta's own extension into demo's queue, and demo's into... beta cannot even see the queue.
      const betaAdd = await c.api('POST', `${Q}/${q.id}/members`, { token: c.other.token, body: { extension_id: foreign.id } });
      expect(betaAdd.status).toBe(404);
      expect((await c.api('GET', `${Q}/${q.id}/members`, { token: c.other.token })).status).toBe(404);
      expect((await c.api('POST', `${Q}/${q.id}/members`, { token: c.tokens.agent, body: { extension_id: a.id } })).status).toBe(403);
      expect((await c.api('GET', `${Q}/${q.id}/members`)).status).toBe(401);
      expect(await astMembers(c, 'demo-member-checks')).toHaveLength(1);
    });

    it('pauses with a reason, unpauses (reason cleared), changes the penalty: in place in Asterisk', async () => {
      const c = ctx();
      const q = await createQueue(c, { name: 'Pausing' });
      const a = await createExtension(c, 'Pause Agent');
      await c.api('POST', `${Q}/${q.id}/members`, { token: c.tokens.supervisor, body: { extension_id: a.id } });
      const [before] = await astMembers(c, 'demo-pausing');
      const url = `${Q}/${q.id}/members/${a.id}`;
      const p = await c.api('PATCH', url, { token: c.tokens.supervisor, body: { paused: true, pause_reason: 'Training' } });
      expect(p.status, p.text).toBe(200);
      expect(p.body.data).toMatchObject({ paused: true, pause_reason: 'Training' });
      expect((await astMembers(c, 'demo-pausing'))[0]).toMatchObject({ paused: 1, reason_paused: 'Training', uniqueid: before.uniqueid });
      const pen = await c.api('PATCH', url, { token: c.tokens.supervisor, body: { penalty: 5 } });
      expect(pen.body.data).toMatchObject({ penalty: 5, paused: true, pause_reason: 'Training' });
      const u = await c.api('PATCH', url, { token: c.tokens.supervisor, body: { paused: false } });
      expect(u.body.data).toMatchObject({ paused: false, pause_reason: null, penalty: 5 });
      const rows = await astMembers(c, 'demo-pausing');
      expect(rows[0]).toMatchObject({ paused: 0, reason_paused: null, penalty: 5, uniqueid: before.uniqueid });
      expectAraRowsValid('queue_members', rows);
      const reason = await c.api('PATCH', url, { token: c.tokens.supervisor, body: { pause_reason: 'not paused' } });
      expect(reason.status).toBe(400);
      expect(fields(reason)).toEqual(['pause_reason']);
      expect(fields(await c.api('PATCH', url, { token: c.tokens.supervisor, body: { penalty: 1001 } }))).toEqual(['penalty']);
      expect((await c.api('PATCH', url, { token: c.other.token, body: { paused: true } })).status).toBe(404);
      expect((await c.api('PATCH', `${Q}/${q.id}/members/no-such`, { token: c.tokens.supervisor, body: { paused: true } })).status).toBe(404);
      expect((await c.api('PATCH', url, { token: c.tokens.viewer, body: { paused: true } })).status).toBe(403);
      expect((await astMembers(c, 'demo-pausing'))[0]).toMatchObject({ paused: 0 });
    });

    it('reorders by penalty 0, 1, 2… and refuses an order that is not exactly the members', async () => {
      const c = ctx();
      const q = await createQueue(c, { name: 'Ordering' });
      const exts = [await createExtension(c, 'Ord A'), await createExtension(c, 'Ord B'), await createExtension(c, 'Ord C')];
      for (const e of exts) await c.api('POST', `${Q}/${q.id}/members`, { token: c.tokens.supervisor, body: { extension_id: e.id, penalty: 9 } });
      const url = `${Q}/${q.id}/members/order`;
      const order = [exts[2].id, exts[0].id, exts[1].id];
      const r = await c.api('PUT', url, { token: c.tokens.supervisor, body: { extension_ids: order } });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data.map((m: Row) => [m.extension_id, m.penalty])).toEqual(order.map((id, i) => [id, i]));
      const rows = await astMembers(c, 'demo-ordering');
      expect(rows.map((m) => [m.interface, m.penalty])).toEqual([2, 0, 1].map((i, p) => [`PJSIP/demo-${exts[i].number}`, p]));
      for (const body of [
        { extension_ids: [exts[0].id, exts[1].id] },
        { extension_ids: [...order, order[0]] },
        { extension_ids: [exts[0].id, exts[1].id, 'other'] },
      ]) {
        const bad = await c.api('PUT', url, { token: c.tokens.supervisor, body });
        expect(bad.status).toBe(400);
        expect(fields(bad).some((f) => f.startsWith('extension_ids'))).toBe(true);
      }
      expect(fields(await c.api('PUT', url, { token: c.tokens.supervisor, body: { extension_ids: [] } }))).toEqual(['extension_ids']);
      expect((await c.api('PUT', url, { token: c.other.token, body: { extension_ids: order } })).status).toBe(404);
      expect((await c.api('PUT', url, { token: c.tokens.agent, body: { extension_ids: order } })).status).toBe(403);
      expect((await astMembers(c, 'demo-ordering')).map((m) => m.penalty)).toEqual([0, 1, 2]);
    });

    it('removes a member (both rows); 404 for a non-member and another tenant', async () => {
      const c = ctx();
      const q = await createQueue(c, { name: 'Removing' });
      const a = await createExtension(c, 'Remove A');
      const b = await createExtension(c, 'Remove B');
      for (const e of [a, b]) await c.api('POST', `${Q}/${q.id}/members`, { token: c.tokens.supervisor, body: { extension_id: e.id } });
      expect((await c.api('DELETE', `${Q}/${q.id}/members/${a.id}`, { token: c.other.token })).status).toBe(404);
      expect((await c.api('DELETE', `${Q}/${q.id}/members/${a.id}`, { token: c.tokens.agent })).status).toBe(403);
      expect((await c.api('DELETE', `${Q}/${q.id}/members/${a.id}`, { token: c.tokens.supervisor })).status).toBe(204);
      expect((await c.api('DELETE', `${Q}/${q.id}/members/${a.id}`, { token: c.tokens.supervisor })).status).toBe(404);
      expect((await astMembers(c, 'demo-removing')).map((m) => m.interface)).toEqual([`PJSIP/demo-${b.number}`]);
      expect((await ourMembers(c, q.id)).map((m) => m.extension_id)).toEqual([b.id]);
    });

    it('deleting an extension takes it out of every queue in the same transaction', async () => {
      const c = ctx();
      const q1 = await createQueue(c, { name: 'Ext gone 1' });
      const q2 = await createQueue(c, { name: 'Ext gone 2' });
      const a = await createExtension(c, 'Leaving');
      const b = await createExtension(c, 'Staying');
      for (const q of [q1, q2])
        for (const e of [a, b]) await c.api('POST', `${Q}/${q.id}/members`, { token: c.tokens.supervisor, body: { extension_id: e.id } });
      const del = await c.api('DELETE', `/api/v1/telephony/extensions/${a.id}`, { token: c.tokens.tenant_admin });
      expect(del.status, del.text).toBe(204);
      for (const q of [q1, q2]) {
        expect((await ourMembers(c, q.id)).map((m) => m.extension_id)).toEqual([b.id]);
        expect((await astMembers(c, q.asterisk_name)).map((m) => m.interface)).toEqual([`PJSIP/demo-${b.number}`]);
      }
    });
  });

  describe('feature flag `queues`', () => {
    it('off: every queue route answers 403 feature_disabled; on again: they work', async () => {
      const c = ctx();
      const q = await createQueue(c, { name: 'Flagged' });
      await setFeature(c, 'queues', false);
      try {
        const calls: [string, string, unknown?][] = [
          ['GET', Q],
          ['POST', Q, { name: 'Off' }],
          ['GET', `${Q}/${q.id}`],
          ['PATCH', `${Q}/${q.id}`, { name: 'Off' }],
          ['DELETE', `${Q}/${q.id}`],
          ['GET', `${Q}/${q.id}/members`],
          ['POST', `${Q}/${q.id}/members`, { extension_id: 'x' }],
          ['PUT', `${Q}/${q.id}/members/order`, { extension_ids: ['x'] }],
          ['PATCH', `${Q}/${q.id}/members/x`, { paused: true }],
          ['DELETE', `${Q}/${q.id}/members/x`],
        ];
        for (const [method, url, body] of calls) {
          const r = await c.api(method, url, { token: c.tokens.tenant_admin, body });
          expect(r.status, `${method} ${url}`).toBe(403);
          expect(r.body.code).toBe('feature_disabled');
        }
      } finally {
        await setFeature(c, 'queues', true);
      }
      expect((await c.api('GET', `${Q}/${q.id}`, { token: c.tokens.viewer })).status).toBe(200);
    });
  });
});
