import type { Team, TeamMember } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import { num } from '../../db/index.js';
import { contains } from '../../db/query.js';
import type { DB } from '../../db/schema.js';
import { conflict } from '../../http/errors.js';

/** A team with its member count (one query). */
function teamQuery(db: Kysely<DB>, tenantId: string) {
  return db
    .selectFrom('teams as t')
    .where('t.tenant_id', '=', tenantId)
    .select(['t.id', 't.name', 't.description', 't.created_at', 't.updated_at'])
    .select((e) =>
      e.selectFrom('team_members as tm').whereRef('tm.team_id', '=', 't.id').select((x) => x.fn.countAll().as('n')).as('member_count'),
    );
}

function toTeam(r: { id: string; name: string; description: string | null; created_at: string; updated_at: string; member_count: unknown }): Team {
  return { ...r, member_count: num(r.member_count) };
}

export async function getTeam(db: Kysely<DB>, tenantId: string, id: string): Promise<Team | undefined> {
  const r = await teamQuery(db, tenantId).where('t.id', '=', id).executeTakeFirst();
  return r ? toTeam(r) : undefined;
}

/** One page of teams by name: two queries whatever the page size. */
export async function listTeams(db: Kysely<DB>, tenantId: string, f: { q?: string; page: number; page_size: number }) {
  let base = db.selectFrom('teams as t').where('t.tenant_id', '=', tenantId);
  let page = teamQuery(db, tenantId);
  if (f.q) {
    base = base.where(contains('t.name', f.q));
    page = page.where(contains('t.name', f.q));
  }
  const [total, rows] = await Promise.all([
    base.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    page.orderBy(sql`lower(${sql.ref('t.name')})`).orderBy('t.id').limit(f.page_size).offset((f.page - 1) * f.page_size).execute(),
  ]);
  return { rows: rows.map(toTeam), total: num(total.n) };
}

export const teamNameTaken = () => conflict('A team with this name exists', [{ field: 'name', message: 'already exists' }]);

/** Names are unique per tenant ignoring case, on every database (see the migration). */
export async function assertTeamNameFree(db: Kysely<DB>, tenantId: string, name: string, exceptId?: string): Promise<void> {
  let q = db.selectFrom('teams').select('id').where('tenant_id', '=', tenantId).where(sql<string>`lower(${sql.ref('name')})`, '=', name.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw teamNameTaken();
}

/** Members of a team, by name. */
export async function listTeamMembers(db: Kysely<DB>, tenantId: string, teamId: string): Promise<TeamMember[]> {
  return db
    .selectFrom('team_members as tm')
    .innerJoin('users as u', 'u.id', 'tm.user_id')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'tm.user_id').onRef('m.tenant_id', '=', 'tm.tenant_id'))
    .where('tm.tenant_id', '=', tenantId)
    .where('tm.team_id', '=', teamId)
    .where('m.deleted_at', 'is', null)
    .where('u.deleted_at', 'is', null)
    .select(['tm.user_id', 'u.name', 'u.email', 'm.role', 'tm.created_at as added_at'])
    .orderBy(sql`lower(${sql.ref('u.name')})`)
    .orderBy('tm.user_id')
    .execute();
}
