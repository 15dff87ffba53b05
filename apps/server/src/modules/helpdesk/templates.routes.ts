import {
  CreateTemplateBody,
  IdParams,
  RenderTemplateBody,
  RenderedTemplate,
  Template,
  TemplateListQuery,
  UpdateTemplateBody,
  dataOf,
  listOf,
  renderTemplate,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { isUniqueViolation, notFound } from '../../http/errors.js';
import { tenantOf } from '../../http/guard.js';
import { now, pageMeta } from '../../http/pagination.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import { getTenant } from '../tenants/repo.js';
import { assertTemplateNameFree, getTemplate, listTemplates, templateNameTaken } from './templates.repo.js';

/** Helpdesk templates: new-ticket templates and canned replies with `{{variables}}`. */
export const templateRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['helpdesk'];
    const read = { access: 'tickets:read', feature: 'helpdesk' } as const;
    const write = { access: 'tickets:write', feature: 'helpdesk' } as const;

    app.get('/helpdesk/templates', {
      config: read,
      schema: { tags, summary: 'List templates', querystring: TemplateListQuery, response: { 200: listOf(Template) } },
      handler: async (req) => {
        const { rows, total } = await listTemplates(db, tenantOf(req), req.query);
        return { data: rows, meta: pageMeta(req.query, total) };
      },
    });

    app.post('/helpdesk/templates', {
      config: write,
      schema: { tags, summary: 'Create a template (400 naming any unknown variable)', body: CreateTemplateBody, response: { 201: dataOf(Template) } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        try {
          const template = await db.transaction().execute(async (trx) => {
            await assertTemplateNameFree(trx, tenantId, req.body.name);
            const at = now();
            const id = uuidv7();
            await trx
              .insertInto('hd_templates')
              .values({
                id,
                tenant_id: tenantId,
                kind: req.body.kind,
                name: req.body.name,
                subject: req.body.subject || null,
                body: req.body.body,
                format: req.body.format ?? 'text',
                created_at: at,
                updated_at: at,
              })
              .execute();
            const after = (await getTemplate(trx, tenantId, id)) as Template;
            await recordAudit(trx, actorOf(req), { action: 'template.created', entity_type: 'template', entity_id: id, after });
            return after;
          });
          return reply.status(201).send({ data: template });
        } catch (err) {
          throw isUniqueViolation(err) ? templateNameTaken() : err;
        }
      },
    });

    app.get('/helpdesk/templates/:id', {
      config: read,
      schema: { tags, summary: 'Get a template', params: IdParams, response: { 200: dataOf(Template) } },
      handler: async (req) => {
        const t = await getTemplate(db, tenantOf(req), req.params.id);
        if (!t) throw notFound('Template');
        return { data: t };
      },
    });

    app.patch('/helpdesk/templates/:id', {
      config: write,
      schema: { tags, summary: 'Update a template', params: IdParams, body: UpdateTemplateBody, response: { 200: dataOf(Template) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        try {
          const template = await db.transaction().execute(async (trx) => {
            const before = await getTemplate(trx, tenantId, req.params.id);
            if (!before) throw notFound('Template');
            if (req.body.name !== undefined) await assertTemplateNameFree(trx, tenantId, req.body.name, before.id);
            const { subject, ...rest } = req.body;
            await trx
              .updateTable('hd_templates')
              .set({ ...rest, ...(subject !== undefined ? { subject: subject || null } : {}), updated_at: now() })
              .where('tenant_id', '=', tenantId)
              .where('id', '=', before.id)
              .execute();
            const after = (await getTemplate(trx, tenantId, before.id)) as Template;
            await recordAudit(trx, actorOf(req), { action: 'template.updated', entity_type: 'template', entity_id: before.id, before, after });
            return after;
          });
          return { data: template };
        } catch (err) {
          throw isUniqueViolation(err) ? templateNameTaken() : err;
        }
      },
    });

    app.delete('/helpdesk/templates/:id', {
      config: write,
      schema: { tags, summary: 'Delete a template', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const before = await getTemplate(trx, tenantId, req.params.id);
          if (!before) throw notFound('Template');
          await trx.deleteFrom('hd_templates').where('tenant_id', '=', tenantId).where('id', '=', before.id).execute();
          await recordAudit(trx, actorOf(req), { action: 'template.deleted', entity_type: 'template', entity_id: before.id, before });
        });
        return reply.status(204).send(null);
      },
    });

    app.post('/helpdesk/templates/:id/render', {
      config: read,
      schema: {
        tags,
        summary: "Render a template with the given values (missing → empty; tenant.name defaults to the tenant's name)",
        params: IdParams,
        body: RenderTemplateBody,
        response: { 200: dataOf(RenderedTemplate) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const t = await getTemplate(db, tenantId, req.params.id);
        if (!t) throw notFound('Template');
        const b = req.body;
        const tenantName = b.tenant?.name ?? (await getTenant(db, tenantId))?.name ?? null;
        const vars = {
          'ticket.number': b.ticket?.number,
          'ticket.subject': b.ticket?.subject,
          'requester.name': b.requester?.name,
          'requester.email': b.requester?.email,
          'agent.name': b.agent?.name,
          'tenant.name': tenantName,
        };
        return {
          data: {
            subject: t.subject === null ? null : renderTemplate(t.subject, vars),
            body: renderTemplate(t.body, vars, { html: t.format === 'html' }),
            format: t.format,
          },
        };
      },
    });
  };
