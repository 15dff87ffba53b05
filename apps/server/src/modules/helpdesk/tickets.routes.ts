import { CreateTicketBody, IdParams, Ticket, TicketListQuery, UpdateTicketBody, dataOf, listOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { conflict, notFound } from '../../http/errors.js';
import { authOf, tenantOf } from '../../http/guard.js';
import { now, pageMeta } from '../../http/pagination.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import {
  assertTicketRefs,
  ensureTicketCounter,
  formatTicketNumber,
  getTicket,
  listTickets,
  nextTicketSeq,
  setTicketTags,
  ticketPrefix,
} from './tickets.repo.js';
import { statusChange } from './tickets.service.js';

const READ = { access: 'tickets:read', feature: 'helpdesk' } as const;
const WRITE = { access: 'tickets:write', feature: 'helpdesk' } as const;

/** Tickets: numbered per tenant, with a lifecycle, assignment, tags, soft delete and restore. */
export const ticketRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, dbh } = deps;

    app.get('/tickets', {
      config: READ,
      schema: { tags: ['tickets'], summary: 'List and filter tickets', querystring: TicketListQuery, response: { 200: listOf(Ticket) } },
      handler: async (req) => {
        const { rows, total } = await listTickets(db, tenantOf(req), req.query);
        return { data: rows, meta: pageMeta(req.query, total) };
      },
    });

    app.post('/tickets', {
      config: WRITE,
      schema: {
        tags: ['tickets'],
        summary: 'Create a ticket (numbered PREFIX-00001, gap-free per tenant)',
        body: CreateTicketBody,
        response: { 201: dataOf(Ticket) },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const b = req.body;
        await assertTicketRefs(db, tenantId, b);
        const prefix = await ticketPrefix(db, tenantId);
        await ensureTicketCounter(db, tenantId, dbh.dialect);
        const ticket = await db.transaction().execute(async (trx) => {
          // Re-checked inside the transaction: a reference deleted meanwhile must not slip in.
          await assertTicketRefs(trx, tenantId, b);
          const seq = await nextTicketSeq(trx, tenantId);
          const at = now();
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
              created_by: authOf(req).userId,
              created_at: at,
              updated_at: at,
              deleted_at: null,
            })
            .execute();
          if (b.tag_ids?.length) await setTicketTags(trx, tenantId, id, b.tag_ids);
          const after = (await getTicket(trx, tenantId, id)) as Ticket;
          await recordAudit(trx, actorOf(req), { action: 'ticket.created', entity_type: 'ticket', entity_id: id, after });
          return after;
        });
        return reply.status(201).send({ data: ticket });
      },
    });

    app.get('/tickets/:id', {
      config: READ,
      schema: { tags: ['tickets'], summary: 'Get a ticket', params: IdParams, response: { 200: dataOf(Ticket) } },
      handler: async (req) => {
        const t = await getTicket(db, tenantOf(req), req.params.id);
        if (!t) throw notFound('Ticket');
        return { data: t };
      },
    });

    app.patch('/tickets/:id', {
      config: WRITE,
      schema: {
        tags: ['tickets'],
        summary: 'Update a ticket: fields, assignment, tags, and status along the allowed transitions',
        params: IdParams,
        body: UpdateTicketBody,
        response: { 200: dataOf(Ticket) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const ticket = await db.transaction().execute(async (trx) => {
          const before = await getTicket(trx, tenantId, req.params.id);
          if (!before) throw notFound('Ticket');
          const { tag_ids, status, due_at, ...fields } = req.body;
          await assertTicketRefs(trx, tenantId, req.body);
          const at = now();
          const changes = {
            ...fields,
            ...(due_at !== undefined ? { due_at: due_at ? new Date(due_at).toISOString() : null } : {}),
            ...(status ? statusChange(before, status, at) : {}),
          };
          await trx
            .updateTable('tickets')
            .set({ ...changes, updated_at: at })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', before.id)
            .execute();
          if (tag_ids) await setTicketTags(trx, tenantId, before.id, tag_ids);
          const after = (await getTicket(trx, tenantId, before.id)) as Ticket;
          await recordAudit(trx, actorOf(req), { action: 'ticket.updated', entity_type: 'ticket', entity_id: before.id, before, after });
          return after;
        });
        return { data: ticket };
      },
    });

    app.delete('/tickets/:id', {
      config: WRITE,
      schema: { tags: ['tickets'], summary: 'Move a ticket to the trash (restore with POST …/restore)', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const before = await getTicket(trx, tenantId, req.params.id);
          if (!before) throw notFound('Ticket');
          const at = now();
          await trx.updateTable('tickets').set({ deleted_at: at, updated_at: at }).where('tenant_id', '=', tenantId).where('id', '=', before.id).execute();
          await recordAudit(trx, actorOf(req), { action: 'ticket.deleted', entity_type: 'ticket', entity_id: before.id, before });
        });
        return reply.status(204).send(null);
      },
    });

    app.post('/tickets/:id/restore', {
      config: WRITE,
      schema: { tags: ['tickets'], summary: 'Restore a ticket from the trash', params: IdParams, response: { 200: dataOf(Ticket) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const ticket = await db.transaction().execute(async (trx) => {
          const deleted = await getTicket(trx, tenantId, req.params.id, { deleted: true });
          if (!deleted) {
            if (await getTicket(trx, tenantId, req.params.id)) throw conflict('This ticket is not deleted');
            throw notFound('Ticket');
          }
          await trx
            .updateTable('tickets')
            .set({ deleted_at: null, updated_at: now() })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', deleted.id)
            .execute();
          const after = (await getTicket(trx, tenantId, deleted.id)) as Ticket;
          await recordAudit(trx, actorOf(req), { action: 'ticket.restored', entity_type: 'ticket', entity_id: deleted.id, before: deleted, after });
          return after;
        });
        return { data: ticket };
      },
    });
  };
