import { CreateTrunkBody, IdParams, Trunk, TrunkListQuery, UpdateTrunkBody, dataOf, listOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app.js';
import { notFound } from '../../../http/errors.js';
import { tenantOf } from '../../../http/guard.js';
import { pageMeta } from '../../../http/pagination.js';
import { actorOf, recordAudit } from '../../audit/repo.js';
import { assertTrunkUnused, deleteTrunk, getTrunk, getTrunkRow, insertTrunk, listTrunks, updateTrunk } from './repo.js';
import { registrationChanged, reloadRegistrationsIf, withAriStatus } from './ari.js';
import { applyTrunkInput } from './service.js';

const tags = ['telephony'];

/**
 * SIP trunks: CRUD; each write replaces the trunk's PJSIP rows in the same transaction. With ARI
 * connected, reads merge live endpoint state and a committed registration change reloads Asterisk's
 * outbound registration module (best-effort).
 */
export const trunkRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, ari } = deps;

    app.get('/telephony/trunks', {
      config: { access: 'telephony:read' },
      schema: { tags, summary: 'List SIP trunks (secrets never included)', querystring: TrunkListQuery, response: { 200: listOf(Trunk) } },
      handler: async (req) => {
        const { rows, total } = await listTrunks(db, tenantOf(req), req.query);
        return { data: await withAriStatus(ari, rows, req.log), meta: pageMeta(req.query, total) };
      },
    });

    app.post('/telephony/trunks', {
      config: { access: 'telephony:manage' },
      schema: { tags, summary: 'Create a SIP trunk', body: CreateTrunkBody, response: { 201: dataOf(Trunk) } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const values = applyTrunkInput(tenantId, null, req.body);
        const trunk = await db.transaction().execute(async (trx) => {
          const id = await insertTrunk(trx, tenantId, values);
          const after = (await getTrunk(trx, tenantId, id)) as Trunk;
          await recordAudit(trx, actorOf(req), { action: 'trunk.created', entity_type: 'trunk', entity_id: id, after });
          return after;
        });
        await reloadRegistrationsIf(ari, registrationChanged(tenantId, null, values), req.log);
        return reply.status(201).send({ data: trunk });
      },
    });

    app.get('/telephony/trunks/:id', {
      config: { access: 'telephony:read' },
      schema: { tags, summary: 'Get a SIP trunk with its live state', params: IdParams, response: { 200: dataOf(Trunk) } },
      handler: async (req) => {
        const t = await getTrunk(db, tenantOf(req), req.params.id);
        if (!t) throw notFound('Trunk');
        return { data: (await withAriStatus(ari, [t], req.log))[0] as Trunk };
      },
    });

    app.patch('/telephony/trunks/:id', {
      config: { access: 'telephony:manage' },
      schema: { tags, summary: 'Update a SIP trunk (omitted secrets are kept)', params: IdParams, body: UpdateTrunkBody, response: { 200: dataOf(Trunk) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const { trunk, changed } = await db.transaction().execute(async (trx) => {
          const row = await getTrunkRow(trx, tenantId, req.params.id);
          if (!row) throw notFound('Trunk');
          const before = (await getTrunk(trx, tenantId, row.id)) as Trunk;
          const values = applyTrunkInput(tenantId, row, req.body);
          await updateTrunk(trx, tenantId, row, values);
          const after = (await getTrunk(trx, tenantId, row.id)) as Trunk;
          await recordAudit(trx, actorOf(req), { action: 'trunk.updated', entity_type: 'trunk', entity_id: row.id, before, after });
          return { trunk: after, changed: registrationChanged(tenantId, row, values) };
        });
        await reloadRegistrationsIf(ari, changed, req.log);
        return { data: trunk };
      },
    });

    app.delete('/telephony/trunks/:id', {
      config: { access: 'telephony:manage' },
      schema: { tags, summary: 'Delete a SIP trunk and its Asterisk rows (refused while numbers use it)', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const changed = await db.transaction().execute(async (trx) => {
          const row = await getTrunkRow(trx, tenantId, req.params.id);
          if (!row) throw notFound('Trunk');
          await assertTrunkUnused(trx, tenantId, row.id);
          const before = (await getTrunk(trx, tenantId, row.id)) as Trunk;
          await deleteTrunk(trx, tenantId, row);
          await recordAudit(trx, actorOf(req), { action: 'trunk.deleted', entity_type: 'trunk', entity_id: row.id, before });
          return registrationChanged(tenantId, row, null);
        });
        await reloadRegistrationsIf(ari, changed, req.log);
        return reply.status(204).send(null);
      },
    });
  };
