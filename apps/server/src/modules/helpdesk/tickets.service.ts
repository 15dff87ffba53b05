import { type CreateTicketBody, TICKET_TRANSITIONS, type Ticket, type TicketStatus, type UpdateTicketBody } from '@switchboard/shared';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { AppDeps } from '../../app.js';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { type EventInput, emitEvent } from '../../realtime/events.js';
import { type Actor, recordAudit } from '../audit/repo.js';
import { emailStatusChange } from './email-out.js';
import { assertTicketRefs, ensureTicketCounter, formatTicketNumber, getTicket, nextTicketSeq, setTicketTags, ticketPrefix } from './tickets.repo.js';
import { slaAfterWrite } from './ticket-sla.js';

/**
 * Check a status change against the allowed transitions and say which timestamps move with it.
 * Staying in the same status is no change. Refused changes are a 409 `invalid_transition` naming
 * the statuses the ticket may move to.
 */
export function statusChange(current: Ticket, next: TicketStatus, at: string): Partial<Pick<Ticket, 'status' | 'resolved_at' | 'closed_at'>> {
  if (next === current.status) return {};
  const allowed = TICKET_TRANSITIONS[current.status];
  if (!allowed.includes(next)) {
    const list = allowed.length ? allowed.join(', ') : 'none (a closed ticket stays closed)';
    throw new AppError(409, 'invalid_transition', 'Invalid status transition', `A ${current.status} ticket cannot become ${next}; allowed: ${list}`, [
      { field: 'status', message: `allowed next statuses: ${list}` },
    ]);
  }
  const out: Partial<Pick<Ticket, 'status' | 'resolved_at' | 'closed_at'>> = { status: next };
  if (next === 'resolved') out.resolved_at = at;
  // Reopening (or going back to work) clears the resolution: the SLA clock runs again.
  else if (current.status === 'resolved' && next !== 'closed') out.resolved_at = null;
  if (next === 'closed') out.closed_at = at;
  return out;
}

/** What a ticket is created from: the API body plus who or what created it. */
export type NewTicket = z.infer<typeof CreateTicketBody> & {
  /** The user who created it (null for email and other channels without a user). */
  created_by: string | null;
};

/** The `ticket.*` event of a ticket: the ticket itself, for agents who may read tickets. */
export function ticketEvent(type: 'ticket.created' | 'ticket.updated' | 'ticket.deleted' | 'ticket.restored', ticket: Ticket): EventInput {
  return { type, data: { ticket }, permission: 'tickets:read' };
}

/**
 * Create a ticket, numbered `PREFIX-00001` gap-free per tenant, audited, with its `ticket.created`
 * event. Used by the API and by every channel (email, chat). `inTrx` runs inside the creating
 * transaction after the ticket exists (a channel adds its first message there, so both or neither exist).
 */
export async function createTicket(
  deps: Pick<AppDeps, 'db' | 'dbh' | 'hub'>,
  actor: Actor,
  tenantId: string,
  b: NewTicket,
  inTrx?: (trx: Kysely<DB>, ticket: Ticket) => Promise<void>,
): Promise<Ticket> {
  const { db, dbh } = deps;
  await assertTicketRefs(db, tenantId, b);
  const prefix = await ticketPrefix(db, tenantId);
  await ensureTicketCounter(db, tenantId, dbh.dialect);
  const ticket = await db.transaction().execute(async (trx) => {
    // Re-checked inside the transaction: a reference deleted meanwhile must not slip in.
    await assertTicketRefs(trx, tenantId, b);
    const seq = await nextTicketSeq(trx, tenantId);
    const at = new Date().toISOString();
    const id = uuidv7();
    await trx
      .insertInto('tickets')
      .values({
        id,
        tenant_id: tenantId,
        seq,
        number: formatTicketNumber(prefix, seq),
        subject: b.subject,
        description: b.description ?? null,
        status: 'open',
        priority: b.priority ?? 'medium',
        category: b.category ?? null,
        requester_id: b.requester_id ?? null,
        assignee_id: b.assignee_id ?? null,
        team_id: b.team_id ?? null,
        due_at: b.due_at ? new Date(b.due_at).toISOString() : null,
        first_response_at: null,
        resolved_at: null,
        closed_at: null,
        created_by: b.created_by,
        created_at: at,
        updated_at: at,
        deleted_at: null,
        // SLA clocks from the chosen policy, else the tenant's default.
        ...(await slaAfterWrite(
          trx,
          tenantId,
          null,
          { status: 'open', priority: b.priority ?? 'medium', first_response_at: null, resolved_at: null, closed_at: null },
          b.sla_policy_id,
          new Date(at),
        )),
      })
      .execute();
    if (b.tag_ids?.length) await setTicketTags(trx, tenantId, id, b.tag_ids);
    let after = (await getTicket(trx, tenantId, id)) as Ticket;
    if (inTrx) {
      await inTrx(trx, after);
      after = (await getTicket(trx, tenantId, id)) as Ticket;
    }
    await recordAudit(trx, actor, { action: 'ticket.created', entity_type: 'ticket', entity_id: id, after });
    await emitEvent(trx, tenantId, ticketEvent('ticket.created', after));
    return after;
  });
  deps.hub.poke(tenantId);
  return ticket;
}

/**
 * Change a ticket's fields, assignment, tags and status (along the allowed transitions), audited,
 * with its `ticket.updated` event. 404 for a ticket that is not the tenant's (or is in the trash).
 */
export async function updateTicket(
  deps: Pick<AppDeps, 'db' | 'hub'> & Partial<Pick<AppDeps, 'mailer'>>,
  actor: Actor,
  tenantId: string,
  ticketId: string,
  patch: z.infer<typeof UpdateTicketBody>,
): Promise<Ticket> {
  const ticket = await deps.db.transaction().execute((trx) => applyTicketUpdate(trx, actor, tenantId, ticketId, patch));
  deps.hub.poke(tenantId);
  // A status change may have queued a notification to the requester.
  void deps.mailer?.flush().catch(() => {});
  return ticket;
}

/**
 * {@link updateTicket} inside the caller's transaction (call `hub.poke` after commit): an email
 * reply reopens its ticket in the transaction that stores the reply. Becoming resolved queues the
 * requester's notification email in the same transaction.
 */
export async function applyTicketUpdate(trx: Kysely<DB>, actor: Actor, tenantId: string, ticketId: string, patch: z.infer<typeof UpdateTicketBody>): Promise<Ticket> {
  const before = await getTicket(trx, tenantId, ticketId);
  if (!before) throw notFound('Ticket');
  const { tag_ids, status, due_at, sla_policy_id, ...fields } = patch;
  await assertTicketRefs(trx, tenantId, patch);
  const at = new Date().toISOString();
  const changes = {
    ...fields,
    ...(due_at !== undefined ? { due_at: due_at ? new Date(due_at).toISOString() : null } : {}),
    ...(status ? statusChange(before, status, at) : {}),
  };
  // Priority, policy and status changes move the SLA clocks (ticket-sla.ts).
  const stored = await trx.selectFrom('tickets').selectAll().where('tenant_id', '=', tenantId).where('id', '=', before.id).executeTakeFirstOrThrow();
  const sla = await slaAfterWrite(trx, tenantId, stored, { ...before, ...changes }, sla_policy_id, new Date(at));
  await trx.updateTable('tickets').set({ ...changes, ...sla, updated_at: at }).where('tenant_id', '=', tenantId).where('id', '=', before.id).execute();
  if (tag_ids) await setTicketTags(trx, tenantId, before.id, tag_ids);
  const after = (await getTicket(trx, tenantId, before.id)) as Ticket;
  await recordAudit(trx, actor, { action: 'ticket.updated', entity_type: 'ticket', entity_id: before.id, before, after });
  await emitEvent(trx, tenantId, ticketEvent('ticket.updated', after));
  await emailStatusChange(trx, tenantId, before, after);
  return after;
}
