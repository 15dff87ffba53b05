import { CreateTicketViewBody, IdParams, TicketView, TicketViewFilters, UpdateTicketViewBody, dataOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { parseJson } from '../../db/query.js';
import type { DB, TicketViewsTable } from '../../db/schema.js';
import { conflict, isUniqueViolation, notFound } from '../../http/errors.js';
import { authOf, tenantOf } from '../../http/guard.js';
import { now } from '../../http/pagination.js';
import { actorOf, recordAudit } from '../audit/repo.js';

// Saving a view is personal, not a change to tickets: whoever may read tickets may keep views.
const READ = { access: 'tickets:read', feature: 'helpdesk' } as const;
const TAGS = ['tickets'];

function toView(r: TicketViewsTable): TicketView {
  // Filters were checked on the way in; a key a later version dropped is left out rather than failing the list.
  const filters = TicketViewFilters.safeParse(parseJson<unknown>(r.filters, {}));
  return {
    id: r.id,
    name: r.name,
    filters: filters.success ? filters.data : {},
    sort: r.sort as TicketView['sort'],
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** The caller's own view (another user's, or another tenant's, is not found). */
async function getView(db: Kysely<DB>, tenantId: string, userId: string, id: string) {
  return db.selectFrom('ticket_views').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}

const nameTaken = () => conflict('You already have a view with this name', [{ field: 'name', message: 'already exists' }]);

/** Names are unique per user ignoring case, on every database (the unique indexes back this up). */
async function assertNameFree(db: Kysely<DB>, tenantId: string, userId: string, name: string, exceptId?: string): Promise<void> {
  let q = db
    .selectFrom('ticket_views')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where(sql<string>`lower(${sql.ref('name')})`, '=', name.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw nameTaken();
}

/** Saved ticket list views: each user's own named filters and sort. */
export const ticketViewRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;

    app.get('/ticket-views', {
      config: READ,
      schema: { tags: TAGS, summary: "The caller's saved ticket views, by name", response: { 200: dataOf(z.array(TicketView)) } },
      handler: async (req) => {
        const rows = await db
          .selectFrom('ticket_views')
          .selectAll()
          .where('tenant_id', '=', tenantOf(req))
          .where('user_id', '=', authOf(req).userId)
          .orderBy(sql`lower(${sql.ref('name')})`)
          .orderBy('id')
          .execute();
        return { data: rows.map(toView) };
      },
    });

    app.post('/ticket-views', {
      config: READ,
      schema: {
        tags: TAGS,
        summary: 'Save a view of the ticket list (filters as the list query parameters, and a sort)',
        body: CreateTicketViewBody,
        response: { 201: dataOf(TicketView) },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const userId = authOf(req).userId;
        try {
          const view = await db.transaction().execute(async (trx) => {
            await assertNameFree(trx, tenantId, userId, req.body.name);
            const at = now();
            const row: TicketViewsTable = {
              id: uuidv7(),
              tenant_id: tenantId,
              user_id: userId,
              name: req.body.name,
              filters: JSON.stringify(req.body.filters),
              sort: req.body.sort,
              created_at: at,
              updated_at: at,
            };
            await trx.insertInto('ticket_views').values(row).execute();
            const after = toView(row);
            await recordAudit(trx, actorOf(req), { action: 'ticket_view.created', entity_type: 'ticket_view', entity_id: row.id, after });
            return after;
          });
          return reply.status(201).send({ data: view });
        } catch (err) {
          throw isUniqueViolation(err) ? nameTaken() : err;
        }
      },
    });

    app.get('/ticket-views/:id', {
      config: READ,
      schema: { tags: TAGS, summary: 'Get one of your saved views', params: IdParams, response: { 200: dataOf(TicketView) } },
      handler: async (req) => {
        const row = await getView(db, tenantOf(req), authOf(req).userId, req.params.id);
        if (!row) throw notFound('View');
        return { data: toView(row) };
      },
    });

    app.patch('/ticket-views/:id', {
      config: READ,
      schema: {
        tags: TAGS,
        summary: 'Rename a saved view or change its filters (replaced whole) or sort',
        params: IdParams,
        body: UpdateTicketViewBody,
        response: { 200: dataOf(TicketView) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const userId = authOf(req).userId;
        try {
          const view = await db.transaction().execute(async (trx) => {
            const before = await getView(trx, tenantId, userId, req.params.id);
            if (!before) throw notFound('View');
            if (req.body.name !== undefined) await assertNameFree(trx, tenantId, userId, req.body.name, before.id);
            await trx
              .updateTable('ticket_views')
              .set({
                ...(req.body.name !== undefined ? { name: req.body.name } : {}),
                ...(req.body.filters !== undefined ? { filters: JSON.stringify(req.body.filters) } : {}),
                ...(req.body.sort !== undefined ? { sort: req.body.sort } : {}),
                updated_at: now(),
              })
              .where('tenant_id', '=', tenantId)
              .where('id', '=', before.id)
              .execute();
            const after = toView((await getView(trx, tenantId, userId, before.id)) as TicketViewsTable);
            await recordAudit(trx, actorOf(req), {
              action: 'ticket_view.updated',
              entity_type: 'ticket_view',
              entity_id: before.id,
              before: toView(before),
              after,
            });
            return after;
          });
          return { data: view };
        } catch (err) {
          throw isUniqueViolation(err) ? nameTaken() : err;
        }
      },
    });

    app.delete('/ticket-views/:id', {
      config: READ,
      schema: { tags: TAGS, summary: 'Delete one of your saved views', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const userId = authOf(req).userId;
        await db.transaction().execute(async (trx) => {
          const before = await getView(trx, tenantId, userId, req.params.id);
          if (!before) throw notFound('View');
          await trx.deleteFrom('ticket_views').where('tenant_id', '=', tenantId).where('id', '=', before.id).execute();
          await recordAudit(trx, actorOf(req), { action: 'ticket_view.deleted', entity_type: 'ticket_view', entity_id: before.id, before: toView(before) });
        });
        return reply.status(204).send(null);
      },
    });
  };
