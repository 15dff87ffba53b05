import { hostname } from 'node:os';
import { type SlaEscalation, type SlaPolicy, TICKET_PRIORITIES, type Ticket, type TicketPriority, type UpdateTicketBody } from '@switchboard/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { AppDeps } from '../../app.js';
import type { DB, TicketsTable } from '../../db/schema.js';
import { parseJson } from '../../db/query.js';
import { claimLease, releaseLease } from '../../jobs/leases.js';
import { queueEmail } from '../../mail/outbox.js';
import { emitEvent } from '../../realtime/events.js';
import { type Actor, recordAudit } from '../audit/repo.js';
import { getMember } from '../users/repo.js';
import { getSlaPolicy } from './sla.repo.js';
import { CLOCK_COLUMNS, type SlaPendingEvent, nextSlaCheck, pendingSlaEvents } from './ticket-sla.js';
import { getTicket } from './tickets.repo.js';
import { applyTicketUpdate } from './tickets.service.js';

/**
 * The SLA job: raises `ticket.sla.warning` when a clock reaches its policy's warning threshold and
 * `ticket.sla.breached` when it reaches its due date, notifies the assignee and the supervisors of
 * the ticket's team (a personal `notification.created` event and an email each), and applies the
 * policy's escalation once per ticket at its first breach.
 *
 * Persistent: all its state is in the tickets (`sla_next_check_at`, `*_warned_at`, `*_breached_at`,
 * `sla_escalated_at`), so a sweep after a restart raises whatever fell due meanwhile. Once per tenant
 * with several nodes: a sweep works on a tenant only under its lease in `job_leases`, and every
 * warning, breach and escalation is recorded with a conditional UPDATE (`… where <column> is null`)
 * in the transaction that emits its events, so even two sweeps racing on one ticket raise it once.
 */

const JOB = 'helpdesk.sla';
const BATCH = 100;
/** A lease outlives a crashed holder by at most this; a live holder renews it every batch. */
const LEASE_MS = 5 * 60_000;

/** The slice of the app a sweep needs (tests pass an app instance's deps). */
export type SlaJobDeps = Pick<AppDeps, 'db' | 'dbh' | 'hub' | 'config'> & Partial<Pick<AppDeps, 'mailer'>>;

const owners = new WeakMap<object, string>();
/** This node's id in lease owners (one per app instance). */
function ownerOf(deps: object): string {
  let o = owners.get(deps);
  if (!o) {
    o = `${hostname()}:${process.pid}:${uuidv7().slice(-12)}`;
    owners.set(deps, o);
  }
  return o;
}

/** What one sweep did. */
export interface SlaSweepResult {
  /** Tenants swept by this node. */
  tenants: number;
  /** Tenants left alone because another node holds their lease. */
  skipped: number;
  warnings: number;
  breaches: number;
  escalations: number;
  /** Tickets that failed (retried next sweep). */
  errors: number;
}

const systemActor = (tenantId: string): Actor => ({ tenantId, userId: null, email: 'system:sla', ip: null, requestId: null });

/**
 * One sweep over every tenant with SLA work due at `now` (tests pass the instant they pretend it is).
 * Safe to run on several nodes at once and to repeat.
 */
export async function runSlaSweep(deps: SlaJobDeps, now: Date = new Date(), opts: { log?: FastifyBaseLogger } = {}): Promise<SlaSweepResult> {
  const { db } = deps;
  const nowIso = now.toISOString();
  const out: SlaSweepResult = { tenants: 0, skipped: 0, warnings: 0, breaches: 0, escalations: 0, errors: 0 };
  const due = await db.selectFrom('tickets').select('tenant_id').distinct().where('sla_next_check_at', '<=', nowIso).where('deleted_at', 'is', null).execute();
  if (!due.length) return out;
  const tenants = await db
    .selectFrom('tenants')
    .select(['id', 'status', 'features'])
    .where(
      'id',
      'in',
      due.map((d) => d.tenant_id),
    )
    .where('deleted_at', 'is', null)
    .execute();
  // One owner per run: a second sweep started on this node while one runs leaves its tenants alone too.
  const owner = `${ownerOf(deps)}/${uuidv7().slice(-8)}`;
  for (const t of tenants) {
    // A suspended tenant or one without the helpdesk gets no notifications; its clocks wait.
    if (t.status === 'suspended' || t.status === 'inactive') continue;
    if (parseJson<{ helpdesk?: boolean }>(t.features, {}).helpdesk === false) continue;
    const lease = { job: JOB, tenantId: t.id, owner, now, ttlMs: LEASE_MS };
    if (!(await claimLease(db, deps.dbh.dialect, lease).catch(() => false))) {
      out.skipped++;
      continue;
    }
    out.tenants++;
    let error: string | null = null;
    try {
      await sweepTenant(deps, t.id, now, out, lease, opts.log);
    } catch (err) {
      error = String((err as Error).message ?? err);
      opts.log?.error({ err, tenant_id: t.id }, 'SLA sweep failed');
    } finally {
      await releaseLease(db, { job: JOB, tenantId: t.id, owner, now, error }).catch(() => {});
    }
  }
  if (out.warnings || out.breaches) void deps.mailer?.flush().catch(() => {});
  return out;
}

async function sweepTenant(
  deps: SlaJobDeps,
  tenantId: string,
  now: Date,
  out: SlaSweepResult,
  lease: Parameters<typeof claimLease>[2],
  log?: FastifyBaseLogger,
): Promise<void> {
  const failed = new Set<string>();
  for (let round = 0; round < 1000; round++) {
    // Renew the lease each batch; if another node took it over, stop.
    if (round > 0 && !(await claimLease(deps.db, deps.dbh.dialect, lease))) return;
    let q = deps.db
      .selectFrom('tickets')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('sla_next_check_at', '<=', now.toISOString())
      .where('deleted_at', 'is', null)
      .orderBy('sla_next_check_at')
      .orderBy('id')
      .limit(BATCH);
    if (failed.size) q = q.where('id', 'not in', [...failed]);
    const rows = await q.execute();
    for (const { id } of rows) {
      try {
        const r = await sweepTicket(deps, tenantId, id, now);
        out.warnings += r.warnings;
        out.breaches += r.breaches;
        out.escalations += r.escalated ? 1 : 0;
      } catch (err) {
        failed.add(id);
        out.errors++;
        log?.error({ err, tenant_id: tenantId, ticket_id: id }, 'SLA check of a ticket failed');
      }
    }
    if (rows.length < BATCH) return;
  }
}

/**
 * Raise what is due on one ticket, in one transaction: record each warning/breach (conditionally),
 * escalate at the first breach, emit the events, queue the emails, and move `sla_next_check_at`.
 */
export async function sweepTicket(deps: SlaJobDeps, tenantId: string, ticketId: string, now: Date): Promise<{ warnings: number; breaches: number; escalated: boolean }> {
  const nowIso = now.toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('tickets').selectAll().where('tenant_id', '=', tenantId).where('id', '=', ticketId).where('deleted_at', 'is', null);
    // The row lock makes a concurrent ticket write wait, so the next check below is computed on what is stored.
    if (deps.dbh.dialect !== 'sqlite') q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row?.sla_next_check_at || row.sla_next_check_at > nowIso) return null;
    const pending = pendingSlaEvents(row).filter((e) => e.at <= nowIso);
    // A clock that breaches in this sweep does not warn as well (the job was down past its warning).
    const breaching = new Set(pending.filter((e) => e.kind === 'breach').map((e) => e.clock));
    const fired: SlaPendingEvent[] = [];
    for (const e of pending) {
      if (e.kind === 'warning' && breaching.has(e.clock)) continue;
      const col = CLOCK_COLUMNS[e.clock][e.kind === 'breach' ? 'breached' : 'warned'];
      const u = await trx
        .updateTable('tickets')
        .set({ [col]: nowIso })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', ticketId)
        .where(col, 'is', null)
        .executeTakeFirst();
      if (Number(u.numUpdatedRows) === 1) fired.push(e);
    }
    let escalated = false;
    if (fired.some((e) => e.kind === 'breach') && !row.sla_escalated_at && row.sla_policy_id) {
      const policy = await getSlaPolicy(trx, tenantId, row.sla_policy_id);
      if (policy?.escalation) escalated = await escalate(trx, row, policy, fired.find((e) => e.kind === 'breach') as SlaPendingEvent, nowIso);
    }
    if (fired.length) await notify(deps, trx, row, fired, nowIso);
    const fresh = (await trx.selectFrom('tickets').selectAll().where('tenant_id', '=', tenantId).where('id', '=', ticketId).executeTakeFirst()) as TicketsTable;
    await trx
      .updateTable('tickets')
      .set({ sla_next_check_at: nextSlaCheck(fresh) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', ticketId)
      .execute();
    return {
      warnings: fired.filter((e) => e.kind === 'warning').length,
      breaches: fired.filter((e) => e.kind === 'breach').length,
      escalated,
    };
  });
  if (result && (result.warnings || result.breaches || result.escalated)) deps.hub.poke(tenantId);
  return result ?? { warnings: 0, breaches: 0, escalated: false };
}

/** Apply the policy's escalation once (the first breach wins `sla_escalated_at`), audited. */
async function escalate(trx: Kysely<DB>, row: TicketsTable, policy: SlaPolicy, breach: SlaPendingEvent, nowIso: string): Promise<boolean> {
  const won = await trx
    .updateTable('tickets')
    .set({ sla_escalated_at: nowIso })
    .where('tenant_id', '=', row.tenant_id)
    .where('id', '=', row.id)
    .where('sla_escalated_at', 'is', null)
    .executeTakeFirst();
  if (Number(won.numUpdatedRows) !== 1) return false;
  const patch = await escalationPatch(trx, row, policy.escalation as SlaEscalation);
  const actor = systemActor(row.tenant_id);
  const before = { priority: row.priority, assignee_id: row.assignee_id, team_id: row.team_id };
  // The change itself goes through the ticket service (audit `ticket.updated`, event, SLA recompute for a new priority).
  const after: Ticket | null = Object.keys(patch).length ? await applyTicketUpdate(trx, actor, row.tenant_id, row.id, patch) : null;
  await recordAudit(trx, actor, {
    action: 'ticket.sla_escalated',
    entity_type: 'ticket',
    entity_id: row.id,
    before,
    after: {
      policy_id: policy.id,
      clock: breach.clock,
      escalation: policy.escalation,
      priority: after?.priority ?? row.priority,
      assignee_id: after?.assignee_id ?? row.assignee_id,
      team_id: after?.team_id ?? row.team_id,
    },
  });
  return true;
}

/** What the escalation changes on this ticket; a user or team removed since is skipped. */
async function escalationPatch(trx: Kysely<DB>, row: TicketsTable, e: SlaEscalation): Promise<z.infer<typeof UpdateTicketBody>> {
  const patch: z.infer<typeof UpdateTicketBody> = {};
  if (e.raise_priority) {
    const i = TICKET_PRIORITIES.indexOf(row.priority as TicketPriority);
    if (i >= 0 && i < TICKET_PRIORITIES.length - 1) patch.priority = TICKET_PRIORITIES[i + 1];
  }
  if (e.assignee_id && e.assignee_id !== row.assignee_id) {
    const m = await getMember(trx, row.tenant_id, e.assignee_id);
    if (m && m.status === 'active') patch.assignee_id = e.assignee_id;
  }
  if (e.team_id && e.team_id !== row.team_id) {
    const t = await trx.selectFrom('teams').select('id').where('tenant_id', '=', row.tenant_id).where('id', '=', e.team_id).executeTakeFirst();
    if (t) patch.team_id = e.team_id;
  }
  return patch;
}

interface Recipient {
  id: string;
  email: string;
  name: string;
}

/** The ticket's assignees and the supervisors of its teams (before and after an escalation), active members only. */
async function recipientsOf(trx: Kysely<DB>, tenantId: string, assignees: string[], teams: string[]): Promise<Recipient[]> {
  const out = new Map<string, Recipient>();
  if (assignees.length) {
    const rows = await trx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email', 'u.name'])
      .where('m.tenant_id', '=', tenantId)
      .where('m.user_id', 'in', assignees)
      .where('m.status', '=', 'active')
      .where('m.deleted_at', 'is', null)
      .where('u.deleted_at', 'is', null)
      .execute();
    for (const r of rows) out.set(r.id, r);
  }
  if (teams.length) {
    const rows = await trx
      .selectFrom('team_members as tm')
      .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'tm.user_id').onRef('m.tenant_id', '=', 'tm.tenant_id'))
      .innerJoin('users as u', 'u.id', 'tm.user_id')
      .select(['u.id', 'u.email', 'u.name'])
      .where('tm.tenant_id', '=', tenantId)
      .where('tm.team_id', 'in', teams)
      .where('m.role', '=', 'supervisor')
      .where('m.status', '=', 'active')
      .where('m.deleted_at', 'is', null)
      .where('u.deleted_at', 'is', null)
      .execute();
    for (const r of rows) out.set(r.id, r);
  }
  return [...out.values()].sort((a, b) => a.email.localeCompare(b.email));
}

const CLOCK_LABEL = { first_response: 'first response', resolution: 'resolution' } as const;

/** The broadcast event of each warning/breach, and per recipient a personal event and an email. */
async function notify(deps: SlaJobDeps, trx: Kysely<DB>, row: TicketsTable, fired: SlaPendingEvent[], nowIso: string): Promise<void> {
  const tenantId = row.tenant_id;
  const ticket = (await getTicket(trx, tenantId, row.id)) as Ticket;
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  const recipients = await recipientsOf(trx, tenantId, uniq([row.assignee_id, ticket.assignee_id]), uniq([row.team_id, ticket.team_id]));
  const url = `${deps.config.publicUrl}/helpdesk/tickets/${ticket.id}`;
  for (const e of fired) {
    const type = e.kind === 'breach' ? 'ticket.sla.breached' : 'ticket.sla.warning';
    const clock = ticket.sla?.[e.clock] ?? null;
    const dueAt = clock?.due_at ?? row[CLOCK_COLUMNS[e.clock].due];
    const label = CLOCK_LABEL[e.clock];
    const title =
      e.kind === 'breach'
        ? `${ticket.number}: ${label} SLA breached`
        : `${ticket.number}: ${label} due in ${Math.max(0, clock?.remaining_minutes ?? 0)} business minute(s)`;
    const data = { ticket, clock: e.clock, due_at: dueAt, at: nowIso, recipient_ids: recipients.map((r) => r.id) };
    await emitEvent(trx, tenantId, { type, data, permission: 'tickets:read' });
    for (const r of recipients) {
      await emitEvent(trx, tenantId, {
        type: 'notification.created',
        user_id: r.id,
        permission: 'tickets:read',
        data: { kind: type, title, ticket_id: ticket.id, ticket_number: ticket.number, clock: e.clock, due_at: dueAt, url },
      });
      await queueEmail(trx, {
        tenantId,
        to: r.email,
        subject: `[${ticket.number}] ${e.kind === 'breach' ? 'SLA breached' : 'SLA warning'}: ${label} — ${ticket.subject}`,
        text: [
          `Hello ${r.name},`,
          '',
          e.kind === 'breach'
            ? `The ${label} of ticket ${ticket.number} was due at ${dueAt} (UTC) and is overdue.`
            : `The ${label} of ticket ${ticket.number} is due at ${dueAt} (UTC), in ${Math.max(0, clock?.remaining_minutes ?? 0)} business minute(s).`,
          '',
          `Subject: ${ticket.subject}`,
          `Priority: ${ticket.priority}`,
          `Status: ${ticket.status}`,
          '',
          `Open the ticket: ${url}`,
        ].join('\n'),
      });
    }
  }
}

/**
 * Run the sweep every `intervalMs` (never two at once on this node), starting right away so a
 * restarted node catches up. `stop()` waits for a sweep under way.
 */
export function startSlaJob(deps: SlaJobDeps, opts: { intervalMs: number; log?: FastifyBaseLogger }) {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runSlaSweep(deps, new Date(), { log: opts.log })
      .then((r) => {
        if (r.warnings || r.breaches || r.errors) opts.log?.info({ sla_sweep: r }, 'SLA sweep');
      })
      .catch((err) => opts.log?.error({ err }, 'SLA sweep failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  const first = setTimeout(tick, 1000);
  first.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
