import type { Ticket, TicketPriority, TicketStatus } from '@switchboard/shared';
import { TICKET_PRIORITIES } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/index.js';
import { num } from '../../db/index.js';
import { parseJson } from '../../db/query.js';
import type { DB, TicketsTable } from '../../db/schema.js';
import { validation } from '../../http/errors.js';
import { now, parseSort } from '../../http/pagination.js';
import { getMember } from '../users/repo.js';
import { rangeBound, ticketSearch } from './ticket-search.js';
import { type SlaCalendars, overdueSql, slaBreachedSql, slaCalendars, ticketSla, withoutSlaColumns } from './ticket-sla.js';

type TagRef = Ticket['tags'][number];

function toTicket(r: TicketsTable, tags: TagRef[], cals: SlaCalendars): Ticket {
  const { tenant_id: _t, seq: _s, ...rest } = withoutSlaColumns(r);
  return { ...rest, status: r.status as TicketStatus, priority: r.priority as TicketPriority, tags, sla: ticketSla(r, cals, new Date()) };
}

/** Tags of many tickets in one query (lists stay at a fixed number of queries). */
async function tagsOf(db: Kysely<DB>, tenantId: string, ticketIds: string[]): Promise<Map<string, TagRef[]>> {
  const out = new Map<string, TagRef[]>(ticketIds.map((id) => [id, []]));
  if (!ticketIds.length) return out;
  const rows = await db
    .selectFrom('ticket_tags as tt')
    .innerJoin('tags as t', 't.id', 'tt.tag_id')
    .select(['tt.ticket_id', 't.id', 't.name', 't.color'])
    .where('tt.tenant_id', '=', tenantId)
    .where('tt.ticket_id', 'in', ticketIds)
    .orderBy(sql`lower(${sql.ref('t.name')})`)
    .execute();
  for (const r of rows) out.get(r.ticket_id)?.push({ id: r.id, name: r.name, color: r.color });
  return out;
}

/** A ticket of the tenant; `deleted: true` finds one in the trash instead. */
export async function getTicket(db: Kysely<DB>, tenantId: string, id: string, opts: { deleted?: boolean } = {}): Promise<Ticket | undefined> {
  const r = await db
    .selectFrom('tickets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', opts.deleted ? 'is not' : 'is', null)
    .executeTakeFirst();
  if (!r) return undefined;
  const [tags, cals] = await Promise.all([tagsOf(db, tenantId, [id]), slaCalendars(db, tenantId, [r])]);
  return toTicket(r, tags.get(id) ?? [], cals);
}

/** References in a ticket body must be the tenant's own: an unknown one is a 400 on its field. */
export async function assertTicketRefs(
  db: Kysely<DB>,
  tenantId: string,
  f: { requester_id?: string | null; assignee_id?: string | null; team_id?: string | null; tag_ids?: string[] },
): Promise<void> {
  const errors: { field: string; message: string }[] = [];
  if (f.requester_id) {
    const c = await db
      .selectFrom('contacts')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', f.requester_id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!c) errors.push({ field: 'requester_id', message: 'no such contact' });
  }
  if (f.assignee_id && !(await getMember(db, tenantId, f.assignee_id))) errors.push({ field: 'assignee_id', message: 'no such user in this tenant' });
  if (f.team_id) {
    const t = await db.selectFrom('teams').select('id').where('tenant_id', '=', tenantId).where('id', '=', f.team_id).executeTakeFirst();
    if (!t) errors.push({ field: 'team_id', message: 'no such team' });
  }
  if (f.tag_ids?.length) {
    const found = new Set((await db.selectFrom('tags').select('id').where('tenant_id', '=', tenantId).where('id', 'in', f.tag_ids).execute()).map((t) => t.id));
    for (const id of f.tag_ids) if (!found.has(id)) errors.push({ field: 'tag_ids', message: `tag ${id} not found` });
  }
  if (errors.length) throw validation('Unknown reference', errors);
}

export async function setTicketTags(db: Kysely<DB>, tenantId: string, ticketId: string, tagIds: string[]): Promise<void> {
  await db.deleteFrom('ticket_tags').where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).execute();
  const unique = [...new Set(tagIds)];
  if (unique.length)
    await db
      .insertInto('ticket_tags')
      .values(unique.map((tag_id) => ({ tenant_id: tenantId, ticket_id: ticketId, tag_id, created_at: now() })))
      .execute();
}

/** The tenant's ticket prefix: settings.ticket_prefix, else the upper-case slug. */
export async function ticketPrefix(db: Kysely<DB>, tenantId: string): Promise<string> {
  const t = await db.selectFrom('tenants').select('settings').where('id', '=', tenantId).executeTakeFirstOrThrow();
  const prefix = parseJson<{ ticket_prefix?: string | null }>(t.settings, {}).ticket_prefix;
  return (
    prefix ||
    tenantId
      .replace(/[^a-z0-9]/gi, '')
      .toUpperCase()
      .slice(0, 10)
  );
}

const COUNTER = 'ticket';

/**
 * Make sure the tenant's ticket counter row exists. Runs in its own statement, outside the
 * creating transaction, so concurrent first tickets never race on the insert (a failed insert
 * would abort a PostgreSQL transaction; MariaDB would deadlock on the shared lock it takes).
 */
export async function ensureTicketCounter(db: Database, tenantId: string, dialect: string): Promise<void> {
  const row = { tenant_id: tenantId, name: COUNTER, value: 0 };
  if (dialect === 'mysql') await db.insertInto('tenant_counters').ignore().values(row).execute();
  else
    await db
      .insertInto('tenant_counters')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
      .execute();
}

/**
 * The next ticket number, taken inside the creating transaction: the UPDATE locks the counter row
 * until commit (PostgreSQL and MariaDB row lock; SQLite's write lock), so concurrent creates queue
 * behind it, and a rolled-back create gives its number back. Gap-free and unique.
 */
export async function nextTicketSeq(trx: Kysely<DB>, tenantId: string): Promise<number> {
  await trx
    .updateTable('tenant_counters')
    .set((e) => ({ value: sql<number>`${e.ref('value')} + 1` }))
    .where('tenant_id', '=', tenantId)
    .where('name', '=', COUNTER)
    .execute();
  const r = await trx.selectFrom('tenant_counters').select('value').where('tenant_id', '=', tenantId).where('name', '=', COUNTER).executeTakeFirstOrThrow();
  return num(r.value);
}

export const formatTicketNumber = (prefix: string, seq: number) => `${prefix}-${String(seq).padStart(5, '0')}`;

export interface TicketListFilter {
  status?: string;
  priority?: TicketPriority;
  assignee_id?: string;
  team_id?: string;
  tag_id?: string;
  requester_id?: string;
  q?: string;
  deleted?: 'true' | 'false';
  created_from?: string;
  created_to?: string;
  updated_from?: string;
  updated_to?: string;
  overdue?: 'true' | 'false';
  sla_breached?: 'true' | 'false';
  sort: string;
  page: number;
  page_size: number;
}

/** Range filters: query key, column, and whether it is the end of its range. */
const RANGES = [
  ['created_from', 't.created_at', false],
  ['created_to', 't.created_at', true],
  ['updated_from', 't.updated_at', false],
  ['updated_to', 't.updated_at', true],
] as const;

/** Priority rank in SQL, so `sort=priority` orders low < medium < high < critical on every database. */
const priorityRank = sql<number>`case ${sql.ref('t.priority')} ${sql.join(
  TICKET_PRIORITIES.map((p, i) => sql`when ${p} then ${i}`),
  sql` `,
)} end`;

/**
 * One page of tickets in a fixed number of queries whatever the page size: count, rows, their tags
 * (three), plus four for the calendars when any ticket on the page has business-hours SLA clocks.
 */
export async function listTickets(db: Kysely<DB>, tenantId: string, f: TicketListFilter): Promise<{ rows: Ticket[]; total: number }> {
  let q = db
    .selectFrom('tickets as t')
    .where('t.tenant_id', '=', tenantId)
    .where('t.deleted_at', f.deleted === 'true' ? 'is not' : 'is', null);
  if (f.status) q = q.where('t.status', 'in', f.status.split(','));
  if (f.priority) q = q.where('t.priority', '=', f.priority);
  if (f.assignee_id) q = q.where('t.assignee_id', '=', f.assignee_id);
  if (f.team_id) q = q.where('t.team_id', '=', f.team_id);
  if (f.requester_id) q = q.where('t.requester_id', '=', f.requester_id);
  // Full-text over subject, description and messages (ticket-search.ts), or a part of the number/subject.
  if (f.q) q = q.where(ticketSearch(db, tenantId, f.q));
  for (const [key, col, end] of RANGES) {
    const v = f[key];
    if (!v) continue;
    const { at, inclusive } = rangeBound(v, end);
    q = q.where(col, end ? (inclusive ? '<=' : '<') : '>=', at);
  }
  if (f.overdue) q = q.where((e) => (f.overdue === 'true' ? overdueSql(now()) : e.not(overdueSql(now()))));
  if (f.sla_breached) q = q.where((e) => (f.sla_breached === 'true' ? slaBreachedSql(now()) : e.not(slaBreachedSql(now()))));
  if (f.tag_id) {
    const tagId = f.tag_id;
    q = q.where((e) => e.exists(e.selectFrom('ticket_tags as tt').select('tt.tag_id').whereRef('tt.ticket_id', '=', 't.id').where('tt.tag_id', '=', tagId)));
  }
  const [col, dir] = parseSort<'created_at' | 'updated_at' | 'number' | 'priority' | 'due_at'>(f.sort);
  let page = q.selectAll('t');
  if (col === 'priority') page = page.orderBy(priorityRank, dir);
  else if (col === 'number') page = page.orderBy('t.seq', dir);
  // Tickets without a due date come last in both directions, the same on every database.
  else if (col === 'due_at') page = page.orderBy(sql`case when ${sql.ref('t.due_at')} is null then 1 else 0 end`).orderBy('t.due_at', dir);
  else page = page.orderBy(`t.${col}`, dir);
  const [total, rows] = await Promise.all([
    q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    page
      .orderBy('t.seq', dir)
      .limit(f.page_size)
      .offset((f.page - 1) * f.page_size)
      .execute(),
  ]);
  // Tags, and the calendars of business-hours SLA clocks (none, or four queries for any number of tickets).
  const [tags, cals] = await Promise.all([
    tagsOf(
      db,
      tenantId,
      rows.map((r) => r.id),
    ),
    slaCalendars(db, tenantId, rows),
  ]);
  return { rows: rows.map((r) => toTicket(r, tags.get(r.id) ?? [], cals)), total: num(total.n) };
}
