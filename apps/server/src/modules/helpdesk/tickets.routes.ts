import { CreateTicketBody, IdParams, Ticket, TicketListQuery, UpdateTicketBody, dataOf, listOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { conflict, notFound } from '../../http/errors.js';
import { authOf, tenantOf } from '../../http/guard.js';
import { now, pageMeta } from '../../http/pagination.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import { emitEvent } from '../../realtime/events.js';
import { getTicket, listTickets } from './tickets.repo.js';
import { createTicket, ticketEvent, updateTicket } from './tickets.service.js';

const READ = { access: 'tickets:read', feature: 'helpdesk' } as const;
const WRITE = { access: 'tickets:write', feature: 'helpdesk' } as const;

/** Tickets: numbered per tenant, with a lifecycle, assignment, tags, soft delete and restore. */
export const ticketRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;

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
        const ticket = await createTicket(deps, actorOf(req), tenantOf(req), { ...req.body, created_by: authOf(req).userId });
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
        const ticket = await updateTicket(deps, actorOf(req), tenantOf(req), req.params.id, req.body);
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
          await emitEvent(trx, tenantId, ticketEvent('ticket.deleted', { ...before, deleted_at: at }));
        });
        deps.hub.poke(tenantId);
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
          await emitEvent(trx, tenantId, ticketEvent('ticket.restored', after));
          return after;
        });
        deps.hub.poke(tenantId);
        return { data: ticket };
      },
    });
  };
