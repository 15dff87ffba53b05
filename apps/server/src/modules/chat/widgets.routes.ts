import {
  CreateWidgetBody,
  IdParams,
  UpdateWidgetBody,
  Widget,
  WidgetListQuery,
  dataOf,
  listOf,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import type { ChatWidgetsTable } from '../../db/schema.js';
import { notFound } from '../../http/errors.js';
import { tenantOf } from '../../http/guard.js';
import { now, pageMeta } from '../../http/pagination.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import { assertWidgetRefs, getWidgetRow, insertWidget, listWidgets, toWidget } from './widgets.repo.js';

/** Chat widgets (admin): what a website embeds, how it looks, whom it routes to, where it may run. */
export const widgetRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, config } = deps;
    const tags = ['chat'];
    const read = { access: 'chat:read', feature: 'chat' } as const;
    const manage = { access: 'chat:manage', feature: 'chat' } as const;
    const view = (r: ChatWidgetsTable) => toWidget(r, config.publicUrl);

    app.get('/chat/widgets', {
      config: read,
      schema: { tags, summary: 'List chat widgets', querystring: WidgetListQuery, response: { 200: listOf(Widget) } },
      handler: async (req) => {
        const { rows, total } = await listWidgets(db, tenantOf(req), req.query);
        return { data: rows.map(view), meta: pageMeta(req.query, total) };
      },
    });

    app.post('/chat/widgets', {
      config: manage,
      schema: { tags, summary: 'Create a chat widget (only the name is required; the answer carries the embed snippet)', body: CreateWidgetBody, response: { 201: dataOf(Widget) } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const b = req.body;
        const widget = await db.transaction().execute(async (trx) => {
          await assertWidgetRefs(trx, tenantId, b);
          const id = await insertWidget(trx, tenantId, b);
          const after = view((await getWidgetRow(trx, tenantId, id)) as ChatWidgetsTable);
          await recordAudit(trx, actorOf(req), { action: 'chat_widget.created', entity_type: 'chat_widget', entity_id: id, after });
          return after;
        });
        return reply.status(201).send({ data: widget });
      },
    });

    app.get('/chat/widgets/:id', {
      config: read,
      schema: { tags, summary: 'Get a chat widget with its embed snippet', params: IdParams, response: { 200: dataOf(Widget) } },
      handler: async (req) => {
        const r = await getWidgetRow(db, tenantOf(req), req.params.id);
        if (!r) throw notFound('Widget');
        return { data: view(r) };
      },
    });

    app.patch('/chat/widgets/:id', {
      config: manage,
      schema: {
        tags,
        summary: 'Update a chat widget (appearance and behaviour merge field by field)',
        params: IdParams,
        body: UpdateWidgetBody,
        response: { 200: dataOf(Widget) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const b = req.body;
        const widget = await db.transaction().execute(async (trx) => {
          const row = await getWidgetRow(trx, tenantId, req.params.id);
          if (!row) throw notFound('Widget');
          await assertWidgetRefs(trx, tenantId, b);
          const before = view(row);
          const set: Partial<ChatWidgetsTable> = { updated_at: now() };
          if (b.name !== undefined) set.name = b.name;
          if (b.enabled !== undefined) set.enabled = b.enabled ? 1 : 0;
          if (b.appearance) set.appearance = JSON.stringify({ ...before.appearance, ...b.appearance });
          if (b.behaviour) set.behaviour = JSON.stringify({ ...before.behaviour, ...b.behaviour });
          if (b.default_team_id !== undefined) set.default_team_id = b.default_team_id;
          if (b.default_assignee_id !== undefined) set.default_assignee_id = b.default_assignee_id;
          if (b.auto_assign !== undefined) set.auto_assign = b.auto_assign ? 1 : 0;
          if (b.strategy !== undefined) set.strategy = b.strategy;
          if (b.required_skills !== undefined) set.required_skills = JSON.stringify([...new Set(b.required_skills)]);
          if (b.offer_timeout_seconds !== undefined) set.offer_timeout_seconds = b.offer_timeout_seconds;
          if (b.schedule_id !== undefined) set.schedule_id = b.schedule_id;
          if (b.offline_message !== undefined) set.offline_message = b.offline_message || null;
          if (b.allowed_domains !== undefined) set.allowed_domains = JSON.stringify([...new Set(b.allowed_domains)]);
          if (b.ip_allowlist !== undefined) set.ip_allowlist = JSON.stringify([...new Set(b.ip_allowlist)]);
          if (b.locale !== undefined) set.locale = b.locale;
          await trx.updateTable('chat_widgets').set(set).where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
          const after = view((await getWidgetRow(trx, tenantId, row.id)) as ChatWidgetsTable);
          await recordAudit(trx, actorOf(req), { action: 'chat_widget.updated', entity_type: 'chat_widget', entity_id: row.id, before, after });
          return after;
        });
        return { data: widget };
      },
    });

    app.delete('/chat/widgets/:id', {
      config: manage,
      schema: { tags, summary: 'Delete a chat widget (its key stops working; past chats stay)', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const row = await getWidgetRow(trx, tenantId, req.params.id);
          if (!row) throw notFound('Widget');
          // The row stays for past chats; it lets go of its schedule so the schedule may be deleted.
          await trx.updateTable('chat_widgets').set({ deleted_at: now(), enabled: 0, schedule_id: null }).where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
          await recordAudit(trx, actorOf(req), { action: 'chat_widget.deleted', entity_type: 'chat_widget', entity_id: row.id, before: view(row) });
        });
        return reply.status(204).send(null);
      },
    });
  };
