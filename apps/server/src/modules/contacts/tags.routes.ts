import { CreateTagBody, IdParams, Tag, TagListQuery, UpdateTagBody, dataOf, listOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import type { DB } from '../../db/schema.js';
import { contains } from '../../db/query.js';
import { conflict, isUniqueViolation, notFound } from '../../http/errors.js';
import { tenantOf } from '../../http/guard.js';
import { now, pageMeta } from '../../http/pagination.js';
import { actorOf, recordAudit } from '../audit/repo.js';

const TAG_COLUMNS = ['id', 'name', 'color', 'created_at'] as const;
const getTag = (db: Kysely<DB>, tenantId: string, id: string) =>
  db.selectFrom('tags').select(TAG_COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
const nameTaken = () => conflict('A tag with this name exists', [{ field: 'name', message: 'already exists' }]);
/**
 * Names are unique per tenant ignoring case, on every database: MariaDB's collation already
 * compares that way, PostgreSQL and SQLite do not, and CSV import matches tag names in any case.
 */
async function assertNameFree(db: Kysely<DB>, tenantId: string, name: string, exceptId?: string): Promise<void> {
  let q = db.selectFrom('tags').select('id').where('tenant_id', '=', tenantId).where(sql<string>`lower(${sql.ref('name')})`, '=', name.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw nameTaken();
}

/** Tags: shared by contacts now and tickets later. */
export const tagRoutes = (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;

    app.get('/tags', {
      config: { access: 'tags:read' },
      schema: { tags: ['tags'], summary: 'List tags', querystring: TagListQuery, response: { 200: listOf(Tag) } },
      handler: async (req) => {
        let q = db.selectFrom('tags').where('tenant_id', '=', tenantOf(req));
        if (req.query.q) q = q.where(contains('name', req.query.q));
        const [total, rows] = await Promise.all([
          q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
          q.select(TAG_COLUMNS).orderBy(sql`lower(${sql.ref('name')})`).orderBy('id').limit(req.query.page_size).offset((req.query.page - 1) * req.query.page_size).execute(),
        ]);
        return { data: rows, meta: pageMeta(req.query, total.n) };
      },
    });

    app.post('/tags', {
      config: { access: 'tags:write' },
      schema: { tags: ['tags'], summary: 'Create a tag', body: CreateTagBody, response: { 201: dataOf(Tag) } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        try {
          const tag = await db.transaction().execute(async (trx) => {
            await assertNameFree(trx, tenantId, req.body.name);
            const at = now();
            const row = { id: uuidv7(), tenant_id: tenantId, name: req.body.name, color: req.body.color ?? null, created_at: at, updated_at: at };
            await trx.insertInto('tags').values(row).execute();
            const tag = { id: row.id, name: row.name, color: row.color, created_at: at };
            await recordAudit(trx, actorOf(req), { action: 'tag.created', entity_type: 'tag', entity_id: row.id, after: tag });
            return tag;
          });
          return reply.status(201).send({ data: tag });
        } catch (err) {
          throw isUniqueViolation(err) ? nameTaken() : err;
        }
      },
    });

    app.get('/tags/:id', {
      config: { access: 'tags:read' },
      schema: { tags: ['tags'], summary: 'Get a tag', params: IdParams, response: { 200: dataOf(Tag) } },
      handler: async (req) => {
        const tag = await getTag(db, tenantOf(req), req.params.id);
        if (!tag) throw notFound('Tag');
        return { data: tag };
      },
    });

    app.patch('/tags/:id', {
      config: { access: 'tags:write' },
      schema: { tags: ['tags'], summary: 'Rename or recolour a tag', params: IdParams, body: UpdateTagBody, response: { 200: dataOf(Tag) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        try {
          const tag = await db.transaction().execute(async (trx) => {
            const before = await getTag(trx, tenantId, req.params.id);
            if (!before) throw notFound('Tag');
            if (req.body.name !== undefined) await assertNameFree(trx, tenantId, req.body.name, before.id);
            await trx.updateTable('tags').set({ ...req.body, updated_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', before.id).execute();
            const after = (await getTag(trx, tenantId, before.id)) as typeof before;
            await recordAudit(trx, actorOf(req), { action: 'tag.updated', entity_type: 'tag', entity_id: before.id, before, after });
            return after;
          });
          return { data: tag };
        } catch (err) {
          throw isUniqueViolation(err) ? nameTaken() : err;
        }
      },
    });

    app.delete('/tags/:id', {
      config: { access: 'tags:write' },
      schema: { tags: ['tags'], summary: 'Delete a tag (removes it from every contact)', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const before = await getTag(trx, tenantId, req.params.id);
          if (!before) throw notFound('Tag');
          await trx.deleteFrom('contact_tags').where('tenant_id', '=', tenantId).where('tag_id', '=', before.id).execute();
          await trx.deleteFrom('tags').where('tenant_id', '=', tenantId).where('id', '=', before.id).execute();
          await recordAudit(trx, actorOf(req), { action: 'tag.deleted', entity_type: 'tag', entity_id: before.id, before });
        });
        return reply.status(204).send(null);
      },
    });
  };
