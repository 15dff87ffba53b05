import type { SlaEscalation, SlaPolicy, SlaTargets } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import type { DB, HdSlaPoliciesTable } from '../../db/schema.js';
import { contains, parseJson } from '../../db/query.js';
import { conflict, validation } from '../../http/errors.js';
import { getMember } from '../users/repo.js';

function toPolicy(r: HdSlaPoliciesTable): SlaPolicy {
  return {
    id: r.id,
    name: r.name,
    targets: parseJson<SlaTargets>(r.targets, {} as SlaTargets),
    business_hours: Number(r.business_hours) === 1,
    schedule_id: r.schedule_id,
    is_default: Number(r.is_default) === 1,
    warning_percent: r.warning_percent === null ? null : Number(r.warning_percent),
    escalation: parseJson<SlaEscalation | null>(r.escalation, null),
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export async function getSlaPolicy(db: Kysely<DB>, tenantId: string, id: string): Promise<SlaPolicy | undefined> {
  const r = await db.selectFrom('hd_sla_policies').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return r ? toPolicy(r) : undefined;
}

/** The tenant's default policy, if one is set. */
export async function getDefaultSlaPolicy(db: Kysely<DB>, tenantId: string): Promise<SlaPolicy | undefined> {
  const r = await db.selectFrom('hd_sla_policies').selectAll().where('tenant_id', '=', tenantId).where('is_default', '=', 1).executeTakeFirst();
  return r ? toPolicy(r) : undefined;
}

export async function listSlaPolicies(db: Kysely<DB>, tenantId: string, f: { q?: string; page: number; page_size: number }) {
  let q = db.selectFrom('hd_sla_policies').where('tenant_id', '=', tenantId);
  if (f.q) q = q.where(contains('name', f.q));
  const [total, rows] = await Promise.all([
    q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    q
      .selectAll()
      .orderBy(sql`lower(${sql.ref('name')})`)
      .orderBy('id')
      .limit(f.page_size)
      .offset((f.page - 1) * f.page_size)
      .execute(),
  ]);
  return { rows: rows.map(toPolicy), total: Number(total.n) };
}

export const slaNameTaken = () => conflict('An SLA policy with this name exists', [{ field: 'name', message: 'already exists' }]);

export async function assertSlaNameFree(db: Kysely<DB>, tenantId: string, name: string, exceptId?: string): Promise<void> {
  let q = db
    .selectFrom('hd_sla_policies')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where(sql<string>`lower(${sql.ref('name')})`, '=', name.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw slaNameTaken();
}

/** 400 on `schedule_id` unless it is a schedule of this tenant (another tenant's looks the same as none). */
export async function assertScheduleOfTenant(db: Kysely<DB>, tenantId: string, scheduleId: string): Promise<void> {
  const s = await db.selectFrom('tel_schedules').select('id').where('tenant_id', '=', tenantId).where('id', '=', scheduleId).executeTakeFirst();
  if (!s) throw validation('Unknown schedule', [{ field: 'schedule_id', message: 'no such schedule' }]);
}

/** 400 unless the escalation's user is a member and its team a team of this tenant. */
export async function assertEscalationRefs(db: Kysely<DB>, tenantId: string, e: SlaEscalation | null | undefined): Promise<void> {
  if (!e) return;
  const errors: { field: string; message: string }[] = [];
  if (e.assignee_id && !(await getMember(db, tenantId, e.assignee_id))) errors.push({ field: 'escalation.assignee_id', message: 'no such user in this tenant' });
  if (e.team_id && !(await db.selectFrom('teams').select('id').where('tenant_id', '=', tenantId).where('id', '=', e.team_id).executeTakeFirst()))
    errors.push({ field: 'escalation.team_id', message: 'no such team' });
  if (errors.length) throw validation('Unknown reference', errors);
}

/** Makes `id` the only default policy of the tenant. */
export async function makeDefault(db: Kysely<DB>, tenantId: string, id: string): Promise<void> {
  await db.updateTable('hd_sla_policies').set({ is_default: 0 }).where('tenant_id', '=', tenantId).where('id', '!=', id).where('is_default', '=', 1).execute();
  await db.updateTable('hd_sla_policies').set({ is_default: 1 }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
