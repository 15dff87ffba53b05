import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../db/index.js';
import { type TestContext, describeEachDb } from '../../test/harness.js';
import { fts5Query, innodbQuery, searchWords, tsQuery } from './ticket-search.js';
import { listTickets } from './tickets.repo.js';

type T = { id: string; number: string; status: string; assignee_id: string | null; team_id: string | null; priority: string; tags: { id: string }[] };

async function ticket(c: TestContext, body: Record<string, unknown>, token = c.tokens.agent): Promise<T> {
  const r = await c.api('POST', '/api/v1/tickets', { token, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data;
}
const search = async (c: TestContext, q: string, token = c.tokens.viewer, extra = '') =>
  (await c.api('GET', `/api/v1/tickets?page_size=100&q=${encodeURIComponent(q)}${extra}`, { token })).body.data.map((t: T) => t.id) as string[];
const message = (c: TestContext, id: string, body: Record<string, unknown>) => c.api('POST', `/api/v1/tickets/${id}/messages`, { token: c.tokens.agent, body });
/** A word no other test uses (letters only, so every index keeps it whole). */
const word = () =>
  `w${randomUUID()
    .replace(/[^a-f]/g, '')
    .slice(0, 10)}x`;

describe('search query builders', () => {
  it('keeps only words, quotes them, and drops what InnoDB cannot index', () => {
    expect(searchWords('Refund "quoted" -minus* AND résumé 42')).toEqual(['refund', 'quoted', 'minus', 'and', 'résumé', '42']);
    expect(fts5Query(['refund', 'x"y'])).toBe('"refund"* "x""y"*');
    expect(tsQuery(['refund', "o'k"])).toBe("'refund':* & 'o''k':*");
    expect(innodbQuery(['the', 'ab', 'refund'])).toBe('+refund*');
    expect(innodbQuery(['the', 'ab'])).toBeNull();
  });
});

describeEachDb('ticket search and lists', (ctx) => {
  describe('GET /api/v1/tickets?q=', () => {
    it('finds a ticket by a word of a reply, a note, the description or the subject, as a prefix, every word anywhere in it', async () => {
      const c = ctx();
      const [inReply, inNote, inDesc, inSubject, second] = [word(), word(), word(), word(), word()];
      const a = await ticket(c, { subject: `Printer ${inSubject} broken`, description: `It says ${inDesc} on the display` });
      const b = await ticket(c, { subject: 'Unrelated' });
      expect((await message(c, a.id, { body: `Please try the ${inReply} procedure` })).status).toBe(201);
      expect((await message(c, a.id, { body: `<p>Internal: <b>${inNote}</b> and ${second}</p>`, format: 'html', internal: true })).status).toBe(201);
      for (const w of [inReply, inNote, inDesc, inSubject]) expect(await search(c, w), w).toEqual([a.id]);
      // Prefixes, any case; several words must all be somewhere in the ticket (here: subject and a note).
      expect(await search(c, inReply.slice(0, 8).toUpperCase())).toEqual([a.id]);
      expect(await search(c, `${inSubject} ${second}`)).toEqual([a.id]);
      expect(await search(c, `${inSubject} ${word()}`)).toEqual([]);
      // The number and fragments of the subject still match as before.
      expect(await search(c, a.number)).toEqual([a.id]);
      expect(await search(c, inSubject.slice(3, 9))).toEqual([a.id]);
      expect(await search(c, b.number)).toEqual([b.id]);
      // Other filters still apply on top.
      expect(await search(c, inReply, c.tokens.viewer, '&status=resolved')).toEqual([]);
    });

    it('follows edits: a changed subject or note is found by its new words, not its old ones', async () => {
      const c = ctx();
      const [oldSubject, newSubject, oldNote, newNote] = [word(), word(), word(), word()];
      const t = await ticket(c, { subject: `About ${oldSubject}` });
      const note = await message(c, t.id, { body: `Remember ${oldNote}`, internal: true });
      expect(await search(c, oldNote)).toEqual([t.id]);
      expect((await c.api('PATCH', `/api/v1/tickets/${t.id}`, { token: c.tokens.agent, body: { subject: `About ${newSubject}` } })).status).toBe(200);
      expect(
        (await c.api('PATCH', `/api/v1/tickets/${t.id}/messages/${note.body.data.id}`, { token: c.tokens.agent, body: { body: `Remember ${newNote}` } }))
          .status,
      ).toBe(200);
      expect(await search(c, newSubject)).toEqual([t.id]);
      expect(await search(c, newNote)).toEqual([t.id]);
      expect(await search(c, oldSubject)).toEqual([]);
      expect(await search(c, oldNote)).toEqual([]);
    });

    it('leaves out trashed tickets (the trash list finds them) and forgets purged ones', async () => {
      const c = ctx();
      const w = word();
      const t = await ticket(c, { subject: 'To delete' });
      await message(c, t.id, { body: `mentions ${w}` });
      expect((await c.api('DELETE', `/api/v1/tickets/${t.id}`, { token: c.tokens.agent })).status).toBe(204);
      expect(await search(c, w)).toEqual([]);
      expect(await search(c, w, c.tokens.viewer, '&deleted=true')).toEqual([t.id]);
      expect((await c.api('DELETE', `/api/v1/tickets/${t.id}/purge`, { token: c.tokens.tenant_admin })).status).toBe(204);
      expect(await search(c, w, c.tokens.viewer, '&deleted=true')).toEqual([]);
      if (c.dialect === 'sqlite') {
        // The FTS5 rows of the ticket and its message went with them.
        const left = await sql`select d.doc from ticket_search_docs d join ticket_search s on s.rowid = d.id where s.ticket_id = ${t.id}`.execute(c.deps.db);
        expect(left.rows).toEqual([]);
        const before = await sql`select count(*) as n from ticket_search where ticket_search match ${`"${w}"`}`.execute(c.deps.db);
        expect(before.rows).toEqual([{ n: 0 }]);
      }
    });

    it("never finds another tenant's tickets", async () => {
      const c = ctx();
      const w = word();
      const mine = await ticket(c, { subject: `Shared ${w}` });
      const theirs = await ticket(c, { subject: `Shared ${w}`, description: w }, c.other.token);
      await c.api('POST', `/api/v1/tickets/${theirs.id}/messages`, { token: c.other.token, body: { body: `${w} again` } });
      expect(await search(c, w)).toEqual([mine.id]);
      expect(await search(c, w, c.other.token)).toEqual([theirs.id]);
      expect(await search(c, theirs.number)).not.toContain(theirs.id);
    });

    it('keeps a fixed number of SQL queries with a search, whatever the page size', async () => {
      const c = ctx();
      const w = word();
      for (let i = 0; i < 40; i++) {
        const t = await ticket(c, { subject: `Bulk ${i}` });
        if (i % 2 === 0) await message(c, t.id, { body: `reply ${w}` });
        else await c.api('PATCH', `/api/v1/tickets/${t.id}`, { token: c.tokens.agent, body: { description: `desc ${w}` } });
      }
      const queries: string[] = [];
      const h = createDb(c.config.databaseUrl, { poolMax: 2, onQuery: (s) => queries.push(s) });
      try {
        const count = async (page_size: number, q?: string, rows = page_size) => {
          queries.length = 0;
          const r = await listTickets(h.db, 'demo', { q, sort: '-created_at', page: 1, page_size });
          expect(r.rows).toHaveLength(rows);
          return queries.length;
        };
        const plain = await count(1);
        expect(await count(1, w)).toBe(plain);
        expect(await count(40, w)).toBe(plain);
        // Two words: each is a condition of its own, still inside the same statements.
        expect(await count(40, `${w} reply`, 20)).toBe(plain);
      } finally {
        await h.close();
      }
    });
  });

  describe('GET /api/v1/tickets created and updated ranges', () => {
    it('filters by created_from/created_to and updated_from/updated_to (instants or whole UTC days)', async () => {
      const c = ctx();
      const tag = word();
      const ids: string[] = [];
      const days = ['2025-01-10T08:00:00.000Z', '2025-01-11T23:30:00.000Z', '2025-01-12T00:00:00.000Z'];
      for (const at of days) {
        const t = await ticket(c, { subject: `Range ${tag}` });
        await c.deps.db
          .updateTable('tickets')
          .set({ created_at: at, updated_at: at.replace('2025', '2026') })
          .where('id', '=', t.id)
          .execute();
        ids.push(t.id);
      }
      const get = async (qs: string) => {
        const r = await c.api('GET', `/api/v1/tickets?q=${tag}&sort=created_at&${qs}`, { token: c.tokens.viewer });
        expect(r.status, r.text).toBe(200);
        return r.body.data.map((t: T) => ids.indexOf(t.id));
      };
      expect(await get('created_from=2025-01-11')).toEqual([1, 2]);
      expect(await get('created_to=2025-01-11')).toEqual([0, 1]);
      expect(await get('created_from=2025-01-11&created_to=2025-01-11')).toEqual([1]);
      expect(await get(`created_to=${encodeURIComponent('2025-01-12T01:00:00+01:00')}`)).toEqual([0, 1, 2]);
      expect(await get(`created_from=${encodeURIComponent('2025-01-11T23:30:00Z')}`)).toEqual([1, 2]);
      expect(await get('updated_from=2026-01-11&updated_to=2026-01-12')).toEqual([1, 2]);
      expect(await get('updated_to=2025-12-31')).toEqual([]);
      const bad = await c.api('GET', '/api/v1/tickets?created_from=yesterday&updated_to=2025-13-01', { token: c.tokens.viewer });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['created_from', 'updated_to']);
    });
  });

  describe('/api/v1/ticket-views', () => {
    it("saves, lists, changes and deletes the caller's own views; others' are 404", async () => {
      const c = ctx();
      const create = await c.api('POST', '/api/v1/ticket-views', {
        token: c.tokens.agent,
        body: { name: 'My open', filters: { status: 'open,in_progress', q: 'printer', created_from: '2026-01-01' }, sort: '-updated_at' },
      });
      expect(create.status, create.text).toBe(201);
      const v = create.body.data;
      expect(v).toMatchObject({ name: 'My open', filters: { status: 'open,in_progress', q: 'printer', created_from: '2026-01-01' }, sort: '-updated_at' });
      const minimal = await c.api('POST', '/api/v1/ticket-views', { token: c.tokens.agent, body: { name: 'all' } });
      expect(minimal.body.data).toMatchObject({ filters: {}, sort: '-created_at' });
      // A viewer keeps views too (they are personal, not ticket changes).
      expect((await c.api('POST', '/api/v1/ticket-views', { token: c.tokens.viewer, body: { name: 'My open' } })).status).toBe(201);

      expect((await c.api('GET', '/api/v1/ticket-views', { token: c.tokens.agent })).body.data.map((x: { name: string }) => x.name)).toEqual([
        'all',
        'My open',
      ]);
      expect((await c.api('GET', '/api/v1/ticket-views', { token: c.tokens.viewer })).body.data.map((x: { name: string }) => x.name)).toEqual(['My open']);
      expect((await c.api('GET', `/api/v1/ticket-views/${v.id}`, { token: c.tokens.agent })).body.data).toEqual(v);
      for (const token of [c.tokens.viewer, c.tokens.supervisor, c.tokens.tenant_admin, c.other.token]) {
        expect((await c.api('GET', `/api/v1/ticket-views/${v.id}`, { token })).status).toBe(404);
        expect((await c.api('PATCH', `/api/v1/ticket-views/${v.id}`, { token, body: { name: 'stolen' } })).status).toBe(404);
        expect((await c.api('DELETE', `/api/v1/ticket-views/${v.id}`, { token })).status).toBe(404);
      }

      const dup = await c.api('POST', '/api/v1/ticket-views', { token: c.tokens.agent, body: { name: 'MY OPEN' } });
      expect(dup.status).toBe(409);
      expect(dup.body.errors[0].field).toBe('name');
      const bad = await c.api('POST', '/api/v1/ticket-views', {
        token: c.tokens.agent,
        body: { name: 'x', filters: { status: 'nope', colour: 'red' }, sort: 'size' },
      });
      expect(bad.status).toBe(400);

      const changed = await c.api('PATCH', `/api/v1/ticket-views/${v.id}`, { token: c.tokens.agent, body: { name: 'Mine', filters: { priority: 'high' } } });
      expect(changed.status, changed.text).toBe(200);
      expect(changed.body.data).toMatchObject({ name: 'Mine', filters: { priority: 'high' }, sort: '-updated_at' });
      expect((await c.api('PATCH', `/api/v1/ticket-views/${v.id}`, { token: c.tokens.agent, body: { name: 'ALL' } })).status).toBe(409);
      expect((await c.api('DELETE', `/api/v1/ticket-views/${v.id}`, { token: c.tokens.agent })).status).toBe(204);
      expect((await c.api('GET', `/api/v1/ticket-views/${v.id}`, { token: c.tokens.agent })).status).toBe(404);
    });
  });

  describe('POST /api/v1/tickets/bulk', () => {
    const bulk = (c: TestContext, body: unknown, token = c.tokens.agent) => c.api('POST', '/api/v1/tickets/bulk', { token, body });
    const get = async (c: TestContext, id: string) => (await c.api('GET', `/api/v1/tickets/${id}`, { token: c.tokens.agent })).body.data as T;

    it('assigns, sets status and priority and adds/removes tags on every ticket, audited with a ticket.updated event each', async () => {
      const c = ctx();
      const [keep, drop, add] = await Promise.all(
        ['Bk keep', 'Bk drop', 'Bk add'].map(
          async (name) => (await c.api('POST', '/api/v1/tags', { token: c.tokens.supervisor, body: { name: `${name} ${word()}` } })).body.data.id as string,
        ),
      );
      const team = (await c.api('POST', '/api/v1/teams', { token: c.tokens.tenant_admin, body: { name: `Bulk ${word()}` } })).body.data.id;
      const users = (await c.api('GET', '/api/v1/users?q=agent%40demo.local', { token: c.tokens.tenant_admin })).body.data;
      const agent = users.find((u: { email: string }) => u.email === 'agent@demo.local').id;
      const ts = [
        await ticket(c, { subject: 'B1', tag_ids: [keep, drop] }),
        await ticket(c, { subject: 'B2', tag_ids: [drop] }),
        await ticket(c, { subject: 'B3' }),
      ];
      const ids = ts.map((t) => t.id);
      const seqBefore = Number(
        (
          await c.deps.db
            .selectFrom('events')
            .select((e) => e.fn.max('seq').as('m'))
            .where('tenant_id', '=', 'demo')
            .executeTakeFirst()
        )?.m ?? 0,
      );

      const r = await bulk(c, {
        ticket_ids: [...ids, ids[0]],
        changes: { assignee_id: agent, team_id: team, status: 'in_progress', priority: 'high', add_tag_ids: [add], remove_tag_ids: [drop] },
      });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data.updated).toBe(3);
      expect(r.body.data.tickets.map((t: T) => t.id)).toEqual(ids);
      for (const id of ids) {
        const t = await get(c, id);
        expect(t).toMatchObject({ assignee_id: agent, team_id: team, status: 'in_progress', priority: 'high' });
        expect(t.tags.map((x) => x.id)).not.toContain(drop);
        expect(t.tags.map((x) => x.id)).toContain(add);
      }
      expect((await get(c, ids[0])).tags.map((x) => x.id).sort()).toEqual([keep, add].sort());
      const audits = await c.deps.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'ticket.updated').where('entity_id', 'in', ids).execute();
      expect(audits.map((a) => a.entity_id).sort()).toEqual([...ids].sort());
      const events = await c.deps.db.selectFrom('events').select(['type', 'data']).where('tenant_id', '=', 'demo').where('seq', '>', seqBefore).execute();
      const updated = events.filter((e) => e.type === 'ticket.updated').map((e) => JSON.parse(e.data as string).ticket.id);
      expect(updated.sort()).toEqual([...ids].sort());
      // Nothing to do is a no-op; nothing to change on tickets is a 400.
      expect((await bulk(c, { ticket_ids: [], changes: {} })).body.data).toEqual({ updated: 0, tickets: [] });
      expect((await bulk(c, { ticket_ids: ids, changes: {} })).status).toBe(400);
    });

    it('changes nothing when any ticket cannot take the change, and lists which', async () => {
      const c = ctx();
      const a = await ticket(c, { subject: 'Ok 1' });
      const b = await ticket(c, { subject: 'Ok 2' });
      const closed = await ticket(c, { subject: 'Closed' });
      expect((await c.api('PATCH', `/api/v1/tickets/${closed.id}`, { token: c.tokens.agent, body: { status: 'closed' } })).status).toBe(200);
      const betaTicket = await ticket(c, { subject: 'Beta' }, c.other.token);
      const unknown = randomUUID();

      const r = await bulk(c, { ticket_ids: [a.id, closed.id, b.id], changes: { status: 'in_progress', priority: 'critical' } });
      expect(r.status, r.text).toBe(409);
      expect(r.body.code).toBe('invalid_transition');
      expect(r.body.errors).toEqual([{ field: `tickets.${closed.id}`, message: `${closed.number}: a closed ticket cannot become in_progress` }]);

      const r2 = await bulk(c, { ticket_ids: [a.id, betaTicket.id, unknown, closed.id], changes: { status: 'in_progress' } });
      expect(r2.status).toBe(400);
      expect(r2.body.errors.map((e: { field: string }) => e.field)).toEqual([`tickets.${betaTicket.id}`, `tickets.${unknown}`, `tickets.${closed.id}`]);

      const betaTag = (await c.api('POST', '/api/v1/tags', { token: c.other.token, body: { name: `beta ${word()}` } })).body.data.id;
      const r3 = await bulk(c, { ticket_ids: [a.id, b.id], changes: { priority: 'low', add_tag_ids: [betaTag] } });
      expect(r3.status).toBe(400);
      expect(r3.body.errors.map((e: { field: string }) => e.field)).toEqual(['changes.add_tag_ids']);

      for (const t of [a, b]) expect(await get(c, t.id)).toMatchObject({ status: 'open', priority: 'medium' });
      expect((await get(c, closed.id)).status).toBe('closed');
      expect((await c.api('GET', `/api/v1/tickets/${betaTicket.id}`, { token: c.other.token })).body.data).toMatchObject({
        status: 'open',
        priority: 'medium',
      });

      expect((await bulk(c, { ticket_ids: Array.from({ length: 101 }, () => randomUUID()), changes: { priority: 'low' } })).status).toBe(400);
      expect((await bulk(c, { ticket_ids: [a.id], changes: { priority: 'low' } }, c.tokens.viewer)).status).toBe(403);
    });
  });
});
