import { CreateTenantBody, IdParams, Tenant, TenantListQuery, UpdateOwnTenantBody, UpdateTenantBody, dataOf, listOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { conflict, notFound } from '../../http/errors.js';
import { tenantOf } from '../../http/guard.js';
import { now, pageMeta } from '../../http/pagination.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import { addMember } from '../users/repo.js';
import { createTenantRepo, getTenant, insertTenant, slugTaken, updateTenant } from './repo.js';

/** Platform administration of tenants (superadmin) and a tenant's own settings (tenant admin). */
export const tenantRoutes = (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const repo = createTenantRepo(db);

    app.get('/tenants', {
      config: { access: 'tenants:manage' },
      schema: { tags: ['tenants'], summary: 'List tenants', querystring: TenantListQuery, response: { 200: listOf(Tenant) } },
      handler: async (req) => {
        const { rows, total } = await repo.list(req.query);
        return { data: rows, meta: pageMeta(req.query, total) };
      },
    });

    app.post('/tenants', {
      config: { access: 'tenants:manage' },
      schema: { tags: ['tenants'], summary: 'Create a tenant (optionally with its first admin)', body: CreateTenantBody, response: { 201: dataOf(Tenant) } },
      handler: async (req, reply) => {
        const { admin, ...t } = req.body;
        const tenant = await db.transaction().execute(async (trx) => {
          if (await slugTaken(trx, t.id)) throw conflict('A tenant with this id exists (ids are never reused)', [{ field: 'id', message: 'already taken' }]);
          const created = await insertTenant(trx, t);
          await recordAudit(trx, actorOf(req, created.id), { action: 'tenant.created', entity_type: 'tenant', entity_id: created.id, after: created });
          if (admin) {
            const { user } = await addMember(trx, created.id, { ...admin, email: admin.email.toLowerCase(), role: 'tenant_admin' });
            await recordAudit(trx, actorOf(req, created.id), { action: 'user.created', entity_type: 'user', entity_id: user.id, after: user });
          }
          return created;
        });
        return reply.status(201).send({ data: tenant });
      },
    });

    app.get('/tenants/:id', {
      config: { access: 'tenants:manage' },
      schema: { tags: ['tenants'], summary: 'Get a tenant', params: IdParams, response: { 200: dataOf(Tenant) } },
      handler: async (req) => {
        const t = await getTenant(db, req.params.id);
        if (!t) throw notFound('Tenant');
        return { data: t };
      },
    });

    app.patch('/tenants/:id', {
      config: { access: 'tenants:manage' },
      schema: { tags: ['tenants'], summary: 'Update a tenant: status, trial, limits, features, settings', params: IdParams, body: UpdateTenantBody, response: { 200: dataOf(Tenant) } },
      handler: async (req) => {
        const updated = await db.transaction().execute(async (trx) => {
          const before = await getTenant(trx, req.params.id);
          if (!before) throw notFound('Tenant');
          const after = await updateTenant(trx, before, req.body);
          await recordAudit(trx, actorOf(req, before.id), { action: 'tenant.updated', entity_type: 'tenant', entity_id: before.id, before, after });
          return after;
        });
        return { data: updated };
      },
    });

    app.delete('/tenants/:id', {
      config: { access: 'tenants:manage' },
      schema: { tags: ['tenants'], summary: 'Delete a tenant (soft: its data stays, its users can no longer sign in)', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        await db.transaction().execute(async (trx) => {
          const before = await getTenant(trx, req.params.id);
          if (!before) throw notFound('Tenant');
          const at = now();
          await trx.updateTable('tenants').set({ deleted_at: at, updated_at: at }).where('id', '=', before.id).execute();
          await trx.updateTable('refresh_tokens').set({ revoked_at: at }).where('tenant_id', '=', before.id).where('revoked_at', 'is', null).execute();
          await recordAudit(trx, actorOf(req, before.id), { action: 'tenant.deleted', entity_type: 'tenant', entity_id: before.id, before });
        });
        return reply.status(204).send(null);
      },
    });

    app.get('/tenant', {
      config: { access: 'tenant:read' },
      schema: { tags: ['tenants'], summary: 'My tenant', response: { 200: dataOf(Tenant) } },
      handler: async (req) => ({ data: (await getTenant(db, tenantOf(req))) as Tenant }),
    });

    app.patch('/tenant', {
      config: { access: 'tenant:settings' },
      schema: { tags: ['tenants'], summary: 'Update my tenant: name and settings', body: UpdateOwnTenantBody, response: { 200: dataOf(Tenant) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const updated = await db.transaction().execute(async (trx) => {
          const before = (await getTenant(trx, tenantId)) as Tenant;
          const after = await updateTenant(trx, before, req.body);
          await recordAudit(trx, actorOf(req), { action: 'tenant.settings_updated', entity_type: 'tenant', entity_id: tenantId, before, after });
          return after;
        });
        return { data: updated };
      },
    });
  };
