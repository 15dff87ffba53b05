import {
  BulkUpdateTicketsBody,
  BulkUpdateTicketsResult,
  TICKET_TRANSITIONS,
  type Ticket,
  type TicketStatus,
  type UpdateTicketBody,
  dataOf,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { AppError, type FieldError, validation } from '../../http/errors.js';
import { tenantOf } from '../../http/guard.js';
import { actorOf } from '../audit/repo.js';
import { assertTicketRefs } from './tickets.repo.js';
import { applyTicketUpdate } from './tickets.service.js';

/** Bulk changes to tickets: all or nothing, each ticket updated (audited, evented) as a PATCH would. */
export const bulkTicketRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/tickets/bulk', {
      config: { access: 'tickets:write', feature: 'helpdesk' },
      schema: {
        tags: ['tickets'],
        summary: 'Change up to 100 tickets at once: assignee, team, status, priority, tags (all or nothing)',
        description:
          'When any ticket cannot take the change nothing changes: 400 (`validation_failed`) for unknown tickets or references, 409 (`invalid_transition`) when only status transitions are refused; `errors` has one entry per ticket, field `tickets.<id>`.',
        body: BulkUpdateTicketsBody,
        response: { 200: dataOf(BulkUpdateTicketsResult) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const ids = [...new Set(req.body.ticket_ids)];
        const ch = req.body.changes;
        if (!ids.length) return { data: { updated: 0, tickets: [] } };
        const touchesTags = !!(ch.add_tag_ids?.length || ch.remove_tag_ids?.length);
        if (ch.assignee_id === undefined && ch.team_id === undefined && !ch.status && !ch.priority && !touchesTags)
          throw validation('Nothing to change', [{ field: 'changes', message: 'give at least one change' }]);

        const tickets = await deps.db.transaction().execute(async (trx) => {
          const found = await trx
            .selectFrom('tickets')
            .select(['id', 'number', 'status'])
            .where('tenant_id', '=', tenantId)
            .where('id', 'in', ids)
            .where('deleted_at', 'is', null)
            .execute();
          const byId = new Map(found.map((t) => [t.id, t]));
          const missing: FieldError[] = [];
          const refused: FieldError[] = [];
          for (const id of ids) {
            const t = byId.get(id);
            if (!t) missing.push({ field: `tickets.${id}`, message: 'no such ticket' });
            else if (ch.status && ch.status !== t.status && !TICKET_TRANSITIONS[t.status as TicketStatus].includes(ch.status))
              refused.push({ field: `tickets.${id}`, message: `${t.number}: a ${t.status} ticket cannot become ${ch.status}` });
          }
          const refs = await refErrors(trx, tenantId, ch);
          if (missing.length || refs.length)
            throw validation(`Nothing was changed: ${missing.length} of ${ids.length} tickets not found, ${refs.length} unknown references`, [
              ...missing,
              ...refs,
              ...refused,
            ]);
          if (refused.length)
            throw new AppError(
              409,
              'invalid_transition',
              'Invalid status transition',
              `Nothing was changed: ${refused.length} of ${ids.length} tickets cannot become ${ch.status}`,
              refused,
            );

          const tags = new Map<string, string[]>(ids.map((id) => [id, []]));
          if (touchesTags) {
            const rows = await trx
              .selectFrom('ticket_tags')
              .select(['ticket_id', 'tag_id'])
              .where('tenant_id', '=', tenantId)
              .where('ticket_id', 'in', ids)
              .execute();
            for (const r of rows) tags.get(r.ticket_id)?.push(r.tag_id);
          }
          const remove = new Set(ch.remove_tag_ids ?? []);
          const out: Ticket[] = [];
          for (const id of ids) {
            const patch: z.infer<typeof UpdateTicketBody> = {};
            if (ch.assignee_id !== undefined) patch.assignee_id = ch.assignee_id;
            if (ch.team_id !== undefined) patch.team_id = ch.team_id;
            if (ch.status) patch.status = ch.status;
            if (ch.priority) patch.priority = ch.priority;
            if (touchesTags) patch.tag_ids = [...new Set([...(tags.get(id) ?? []), ...(ch.add_tag_ids ?? [])])].filter((t) => !remove.has(t));
            // The PATCH path: checks, audit, ticket.updated event, SLA clocks and status emails.
            out.push(await applyTicketUpdate(trx, actorOf(req), tenantId, id, patch));
          }
          return out;
        });
        deps.hub.poke(tenantId);
        void deps.mailer?.flush().catch(() => {});
        return { data: { updated: tickets.length, tickets } };
      },
    });
  };

/** The changes' references that are not the tenant's, as `changes.<field>` errors. */
async function refErrors(
  trx: Parameters<typeof assertTicketRefs>[0],
  tenantId: string,
  ch: z.infer<typeof BulkUpdateTicketsBody>['changes'],
): Promise<FieldError[]> {
  try {
    await assertTicketRefs(trx, tenantId, {
      assignee_id: ch.assignee_id,
      team_id: ch.team_id,
      tag_ids: [...(ch.add_tag_ids ?? []), ...(ch.remove_tag_ids ?? [])],
    });
    return [];
  } catch (err) {
    if (!(err instanceof AppError) || !err.errors) throw err;
    const added = new Set(ch.add_tag_ids ?? []);
    return err.errors.map((e) => {
      if (e.field !== 'tag_ids') return { ...e, field: `changes.${e.field}` };
      const id = /tag (\S+) not found/.exec(e.message)?.[1];
      return { ...e, field: id && added.has(id) ? 'changes.add_tag_ids' : 'changes.remove_tag_ids' };
    });
  }
}
