import {
  CreateIvrMenuBody,
  dataOf,
  GREETING_AUDIO_TYPES,
  GreetingUploadBody,
  IdParams,
  IvrMenu,
  IvrMenuListQuery,
  listOf,
  UpdateIvrMenuBody,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../../app.js';
import { contains } from '../../../db/query.js';
import { conflict, isUniqueViolation, notFound } from '../../../http/errors.js';
import { tenantOf } from '../../../http/guard.js';
import { now, pageMeta } from '../../../http/pagination.js';
import { actorOf, recordAudit } from '../../audit/repo.js';
import { assertNotReferenced, deleteDestinations } from '../destinations.js';
import { NO_GREETING, receiveGreeting, registerUploads, sendGreeting, storeGreeting } from './greeting.js';
import { getMenu, getMenuRow, insertMenu, lockTenantMenus, toMenus, updateMenu } from './repo.js';

const TAGS = ['telephony: IVR'];
const READ = { access: 'telephony:read', feature: 'ivr' } as const;
const WRITE = { access: 'telephony:manage', feature: 'ivr' } as const;

const rethrow = (err: unknown) => {
  if (isUniqueViolation(err)) throw conflict('An IVR menu with this name exists', [{ field: 'name', message: 'already exists' }]);
  throw err;
};

/** IVR menus: greeting (text or uploaded audio), digit options, timeout and invalid-input destinations. */
export const ivrRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, config } = deps;
    await registerUploads(app);

    app.get('/telephony/ivr', {
      config: READ,
      schema: { tags: TAGS, summary: 'List IVR menus', querystring: IvrMenuListQuery, response: { 200: listOf(IvrMenu) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        let q = db.selectFrom('tel_ivr_menus').where('tenant_id', '=', tenantId);
        if (req.query.q) q = q.where(contains('name', req.query.q));
        const [total, rows] = await Promise.all([
          q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
          q
            .selectAll()
            .orderBy(sql`lower(${sql.ref('name')})`)
            .orderBy('id')
            .limit(req.query.page_size)
            .offset((req.query.page - 1) * req.query.page_size)
            .execute(),
        ]);
        return { data: await toMenus(db, tenantId, rows), meta: pageMeta(req.query, total.n) };
      },
    });

    app.post('/telephony/ivr', {
      config: WRITE,
      schema: { tags: TAGS, summary: 'Create an IVR menu', body: CreateIvrMenuBody, response: { 201: dataOf(IvrMenu) } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const menu = await db
          .transaction()
          .setIsolationLevel('read committed')
          .execute(async (trx) => {
            await lockTenantMenus(trx, tenantId);
            const id = await insertMenu(trx, tenantId, req.body);
            const after = (await getMenu(trx, tenantId, id)) as IvrMenu;
            await recordAudit(trx, actorOf(req), { action: 'ivr.created', entity_type: 'ivr', entity_id: id, after });
            return after;
          })
          .catch(rethrow);
        return reply.status(201).send({ data: menu });
      },
    });

    app.get('/telephony/ivr/:id', {
      config: READ,
      schema: { tags: TAGS, summary: 'Get an IVR menu', params: IdParams, response: { 200: dataOf(IvrMenu) } },
      handler: async (req) => {
        const m = await getMenu(db, tenantOf(req), req.params.id);
        if (!m) throw notFound('IVR menu');
        return { data: m };
      },
    });

    app.patch('/telephony/ivr/:id', {
      config: WRITE,
      schema: {
        tags: TAGS,
        summary: 'Update an IVR menu (`options` replaces all options)',
        params: IdParams,
        body: UpdateIvrMenuBody,
        response: { 200: dataOf(IvrMenu) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const menu = await db
          .transaction()
          .setIsolationLevel('read committed')
          .execute(async (trx) => {
            await lockTenantMenus(trx, tenantId);
            const row = await getMenuRow(trx, tenantId, req.params.id);
            if (!row) throw notFound('IVR menu');
            const before = (await getMenu(trx, tenantId, row.id)) as IvrMenu;
            await updateMenu(trx, row, req.body);
            const after = (await getMenu(trx, tenantId, row.id)) as IvrMenu;
            await recordAudit(trx, actorOf(req), { action: 'ivr.updated', entity_type: 'ivr', entity_id: row.id, before, after });
            return after;
          })
          .catch(rethrow);
        return { data: menu };
      },
    });

    app.delete('/telephony/ivr/:id', {
      config: WRITE,
      schema: { tags: TAGS, summary: 'Delete an IVR menu (refused while another route points at it)', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const before = await getMenu(trx, tenantId, req.params.id);
          if (!before) throw notFound('IVR menu');
          await assertNotReferenced(trx, tenantId, 'ivr', before.id, { owner: 'ivr', id: before.id });
          await deleteDestinations(trx, tenantId, 'ivr', before.id);
          await trx.deleteFrom('tel_ivr_menus').where('tenant_id', '=', tenantId).where('id', '=', before.id).execute();
          await recordAudit(trx, actorOf(req), { action: 'ivr.deleted', entity_type: 'ivr', entity_id: before.id, before });
        });
        return reply.status(204).send(null);
      },
    });

    // -- greeting audio --------------------------------------------------------------------------

    app.post('/telephony/ivr/:id/greeting', {
      config: WRITE,
      schema: {
        tags: TAGS,
        summary: 'Upload the greeting audio (WAV, MP3 or Ogg, recognised by content; at most 10 MB)',
        consumes: ['multipart/form-data'],
        params: IdParams,
        body: GreetingUploadBody,
        response: { 200: dataOf(IvrMenu) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        if (!(await getMenuRow(db, tenantId, req.params.id))) throw notFound('IVR menu');
        const stored = await storeGreeting(config.dataDir, await receiveGreeting(req));
        const menu = await db.transaction().execute(async (trx) => {
          const before = await getMenu(trx, tenantId, req.params.id);
          if (!before) throw notFound('IVR menu');
          await trx
            .updateTable('tel_ivr_menus')
            .set({ ...stored, updated_at: stored.greeting_uploaded_at as string })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', before.id)
            .execute();
          const after = (await getMenu(trx, tenantId, before.id)) as IvrMenu;
          await recordAudit(trx, actorOf(req), {
            action: 'ivr.greeting_uploaded',
            entity_type: 'ivr',
            entity_id: before.id,
            before: { greeting_audio: before.greeting_audio },
            after: { greeting_audio: after.greeting_audio },
          });
          return after;
        });
        return { data: menu };
      },
    });

    app.get('/telephony/ivr/:id/greeting', {
      config: READ,
      schema: { tags: TAGS, summary: 'Download the greeting audio', params: IdParams, produces: [...GREETING_AUDIO_TYPES] },
      handler: async (req, reply) => {
        const row = await getMenuRow(db, tenantOf(req), req.params.id);
        if (!row) throw notFound('IVR menu');
        return sendGreeting(reply, config.dataDir, row, `greeting-${row.id}`);
      },
    });

    app.delete('/telephony/ivr/:id/greeting', {
      config: WRITE,
      schema: { tags: TAGS, summary: 'Remove the greeting audio (the text prompt, if any, is used)', params: IdParams, response: { 200: dataOf(IvrMenu) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const menu = await db.transaction().execute(async (trx) => {
          const before = await getMenu(trx, tenantId, req.params.id);
          if (!before) throw notFound('IVR menu');
          if (!before.greeting_audio) throw notFound('Greeting');
          await trx
            .updateTable('tel_ivr_menus')
            .set({ ...NO_GREETING, updated_at: now() })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', before.id)
            .execute();
          const after = (await getMenu(trx, tenantId, before.id)) as IvrMenu;
          await recordAudit(trx, actorOf(req), {
            action: 'ivr.greeting_removed',
            entity_type: 'ivr',
            entity_id: before.id,
            before: { greeting_audio: before.greeting_audio },
          });
          return after;
        });
        return { data: menu };
      },
    });
  };
