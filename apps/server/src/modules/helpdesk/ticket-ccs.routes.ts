import { IdParams, SetTicketCcsBody, TicketCc, dataOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import type { DB } from '../../db/schema.js';
import { notFound, validation } from '../../http/errors.js';
import { tenantOf } from '../../http/guard.js';
import { now } from '../../http/pagination.js';
import { emitEvent } from '../../realtime/events.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import { channelAddresses } from './email-channels.repo.js';
import { getTicket } from './tickets.repo.js';

async function ccsOf(db: Kysely<DB>, tenantId: string, ticketId: string): Promise<TicketCc[]> {
  return db
    .selectFrom('hd_ticket_ccs')
    .select(['email', 'name', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .orderBy('created_at')
    .orderBy('email')
    .execute();
}

/** CCs of a ticket: copied on every email to the requester; their replies thread into the ticket. */
export const ticketCcRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;

    app.get('/tickets/:id/ccs', {
      config: { access: 'tickets:read', feature: 'helpdesk' },
      schema: { tags: ['tickets'], summary: "A ticket's CCs", params: IdParams, response: { 200: dataOf(z.array(TicketCc)) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const ticket = await getTicket(db, tenantId, req.params.id);
        if (!ticket) throw notFound('Ticket');
        return { data: await ccsOf(db, tenantId, ticket.id) };
      },
    });

    app.put('/tickets/:id/ccs', {
      config: { access: 'tickets:write', feature: 'helpdesk' },
      schema: {
        tags: ['tickets'],
        summary: "Replace a ticket's CCs (our own channel addresses are refused)",
        params: IdParams,
        body: SetTicketCcsBody,
        response: { 200: dataOf(z.array(TicketCc)) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const own = await channelAddresses(db, tenantId);
        const bad = req.body.ccs.map((c, i) => ({ c, i })).filter(({ c }) => own.has(c.email));
        if (bad.length) throw validation('A CC cannot be one of our own channel addresses', bad.map(({ i }) => ({ field: `ccs.${i}.email`, message: 'is an email channel address' })));
        // Duplicates merge: the first name given for an address wins.
        const wanted = new Map<string, string | null>();
        for (const c of req.body.ccs) wanted.set(c.email, wanted.get(c.email) ?? c.name ?? null);
        const result = await db.transaction().execute(async (trx) => {
          const ticket = await getTicket(trx, tenantId, req.params.id);
          if (!ticket) throw notFound('Ticket');
          const before = await ccsOf(trx, tenantId, ticket.id);
          const keep = new Set(before.map((c) => c.email));
          const removed = before.filter((c) => !wanted.has(c.email)).map((c) => c.email);
          if (removed.length) await trx.deleteFrom('hd_ticket_ccs').where('tenant_id', '=', tenantId).where('ticket_id', '=', ticket.id).where('email', 'in', removed).execute();
          // Names of kept CCs follow the request too.
          for (const c of before) {
            const name = wanted.get(c.email);
            if (wanted.has(c.email) && name !== undefined && name !== c.name)
              await trx.updateTable('hd_ticket_ccs').set({ name }).where('tenant_id', '=', tenantId).where('ticket_id', '=', ticket.id).where('email', '=', c.email).execute();
          }
          const added = [...wanted].filter(([email]) => !keep.has(email));
          if (added.length)
            await trx
              .insertInto('hd_ticket_ccs')
              .values(added.map(([email, name]) => ({ tenant_id: tenantId, ticket_id: ticket.id, email, name, created_at: now() })))
              .execute();
          const after = await ccsOf(trx, tenantId, ticket.id);
          await recordAudit(trx, actorOf(req), { action: 'ticket.ccs_updated', entity_type: 'ticket', entity_id: ticket.id, before: before.map((c) => c.email), after: after.map((c) => c.email) });
          await emitEvent(trx, tenantId, { type: 'ticket.ccs.updated', data: { ticket_id: ticket.id, ccs: after }, permission: 'tickets:read' });
          return after;
        });
        deps.hub.poke(tenantId);
        return { data: result };
      },
    });
  };
