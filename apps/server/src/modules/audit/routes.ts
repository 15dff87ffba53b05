import { AuditEntry, AuditListQuery, listOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.js';
import { tenantOf } from '../../http/guard.js';
import { pageMeta } from '../../http/pagination.js';
import { createAuditRepo } from './repo.js';

/** GET /audit: the tenant's audit trail, filtered, newest first. */
export const auditRoutes = (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const repo = createAuditRepo(deps.db);
    app.get('/audit', {
      config: { access: 'audit:read' },
      schema: { tags: ['audit'], summary: 'List audit entries', querystring: AuditListQuery, response: { 200: listOf(AuditEntry) } },
      handler: async (req) => {
        const { rows, total, nextCursor } = await repo.list(tenantOf(req), req.query);
        return { data: rows, meta: pageMeta(req.query, total, nextCursor) };
      },
    });
  };
