import { CreateTrunkBody, IdParams, Trunk, TrunkListQuery, UpdateTrunkBody, dataOf, listOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app.js';
import { notFound } from '../../../http/errors.js';
import { tenantOf } from '../../../http/guard.js';
import { pageMeta } from '../../../http/pagination.js';
import { actorOf, recordAudit } from '../../audit/repo.js';
import { assertTrunkUnused, deleteTrunk, getTrunk, getTrunkRow, insertTrunk, listTrunks, updateTrunk } from './repo.js';
import { applyTrunkInput } from './service.js';

const tags = ['telephony'];

/** SIP trunks: CRUD; each write replaces the trunk's PJSIP rows in the same transaction. */
export const trunkRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;

    app.get('/telephony/trunks', {
      config: { access: 'telephony:read' },
      schema: { tags, summary: 'List SIP trunks (secrets never included)', querystring: TrunkListQuery, response: { 200: listOf(Trunk) } },
      handler: async (req) => {
        const { rows, total } = await listTrunks(db, tenantOf(req), req.query);
        return { data: rows, meta: pageMeta(req.query, total) };
      },
    });

    app.post('/telephony/trunks', {
      config: { access: 'telephony:manage' },
      schema: { tags, summary: 'Create a SIP trunk', body: CreateTrunkBody, response: { 201: dataOf(Trunk) } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const trunk = await db.transaction().execute(async (trx) => {
          const values = applyTrunkInput(tenantId, null, req.body);
          const id = await insertTrunk(trx, tenantId, values);
          const after = (await getTrunk(trx, tenantId, id)) as Trunk;
          await recordAudit(trx, actorOf(req), { action: 'trunk.created', entity_type: 'trunk', entity_id: id, after });
          return after;
        });
        return reply.status(201).send({ data: trunk });
      },
    });

    app.get('/telephony/trunks/:id', {
      config: { access: 'telephony:read' },
      schema: { tags, summary: 'Get a SIP trunk with its live state', params: IdParams, response: { 200: dataOf(Trunk) } },
      handler: async (req) => {
        const t = await getTrunk(db, tenantOf(req), req.params.id);
        if (!t) throw notFound('Trunk');
        return { data: t };
      },
    });

    app.patch('/telephony/trunks/:id', {
      config: { access: 'telephony:manage' },
      schema: { tags, summary: 'Update a SIP trunk (omitted secrets are kept)', params: IdParams, body: UpdateTrunkBody, response: { 200: dataOf(Trunk) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const trunk = await db.transaction().execute(async (trx) => {
          const row = await getTrunkRow(trx, tenantId, req.params.id);
          if (!row) throw notFound('Trunk');
          const before = (await getTrunk(trx, tenantId, row.id)) as Trunk;
          await updateTrunk(trx, tenantId, row, applyTrunkInput(tenantId, row, req.body));
          const after = (await getTrunk(trx, tenantId, row.id)) as Trunk;
          await recordAudit(trx, actorOf(req), { action: 'trunk.updated', entity_type: 'trunk', entity_id: row.id, before, after });
          return after;
        });
        return { data: trunk };
      },
    });

    app.delete('/telephony/trunks/:id', {
      config: { access: 'telephony:manage' },
      schema: { tags, summary: 'Delete a SIP trunk and its Asterisk rows (refused while numbers use it)', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const row = await getTrunkRow(trx, tenantId, req.params.id);
          if (!row) throw notFound('Trunk');
          await assertTrunkUnused(trx, tenantId, row.id);
          const before = (await getTrunk(trx, tenantId, row.id)) as Trunk;
          await deleteTrunk(trx, tenantId, row);
          await recordAudit(trx, actorOf(req), { action: 'trunk.deleted', entity_type: 'trunk', entity_id: row.id, before });
        });
        return reply.status(204).send(null);
      },
    });
  };
