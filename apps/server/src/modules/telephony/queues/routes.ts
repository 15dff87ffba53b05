import {
  AddQueueMemberBody,
  CreateQueueBody,
  dataOf,
  IdParams,
  listOf,
  Queue,
  QueueListQuery,
  QueueMember,
  QueueMemberOrderBody,
  QueueMemberParams,
  UpdateQueueBody,
  UpdateQueueMemberBody,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../../app.js';
import { contains } from '../../../db/query.js';
import type { DB } from '../../../db/schema.js';
import { conflict, isUniqueViolation, notFound, validation } from '../../../http/errors.js';
import { tenantOf } from '../../../http/guard.js';
import { pageMeta, parseSort } from '../../../http/pagination.js';
import { actorOf, recordAudit } from '../../audit/repo.js';
import { assertNotReferenced, setDestinations } from '../destinations.js';
import {
  addMember,
  deleteQueue,
  getMember,
  getQueue,
  getQueueRow,
  insertQueue,
  listMembers,
  removeMember,
  reorderMembers,
  toQueues,
  updateMember,
  updateQueue,
} from './repo.js';

const TAGS = ['telephony: queues'];
const READ = { access: 'telephony:read', feature: 'queues' } as const;
const WRITE = { access: 'queues:manage', feature: 'queues' } as const;

/** A concurrent request took the name first: the same answer as the check before the write. */
const rethrow = (err: unknown) => {
  if (isUniqueViolation(err)) throw conflict('A queue with this name exists', [{ field: 'name', message: 'already exists' }]);
  throw err;
};

async function queueOr404(db: Kysely<DB>, tenantId: string, id: string) {
  const q = await getQueueRow(db, tenantId, id);
  if (!q) throw notFound('Queue');
  return q;
}

/** Call queues (Asterisk `queues`) and their members (Asterisk `queue_members`). */
export const queueRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;

    app.get('/telephony/queues', {
      config: READ,
      schema: { tags: TAGS, summary: 'List queues', querystring: QueueListQuery, response: { 200: listOf(Queue) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        let q = db.selectFrom('tel_queues').where('tenant_id', '=', tenantId);
        if (req.query.q) q = q.where(contains('name', req.query.q));
        const [col, dir] = parseSort<'name' | 'created_at'>(req.query.sort);
        const [total, rows] = await Promise.all([
          q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
          q
            .selectAll()
            .orderBy(col === 'name' ? sql`lower(${sql.ref('name')})` : sql.ref(col), dir)
            .orderBy('id')
            .limit(req.query.page_size)
            .offset((req.query.page - 1) * req.query.page_size)
            .execute(),
        ]);
        return { data: await toQueues(db, tenantId, rows), meta: pageMeta(req.query, total.n) };
      },
    });

    app.post('/telephony/queues', {
      config: WRITE,
      schema: { tags: TAGS, summary: 'Create a queue', body: CreateQueueBody, response: { 201: dataOf(Queue) } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const queue = await db
          .transaction()
          .execute(async (trx) => {
            const id = await insertQueue(trx, tenantId, req.body);
            if (req.body.overflow) await setDestinations(trx, tenantId, 'queue', id, { overflow: req.body.overflow });
            const after = (await getQueue(trx, tenantId, id)) as Queue;
            await recordAudit(trx, actorOf(req), { action: 'queue.created', entity_type: 'queue', entity_id: id, after });
            return after;
          })
          .catch(rethrow);
        return reply.status(201).send({ data: queue });
      },
    });

    app.get('/telephony/queues/:id', {
      config: READ,
      schema: { tags: TAGS, summary: 'Get a queue', params: IdParams, response: { 200: dataOf(Queue) } },
      handler: async (req) => {
        const q = await getQueue(db, tenantOf(req), req.params.id);
        if (!q) throw notFound('Queue');
        return { data: q };
      },
    });

    app.patch('/telephony/queues/:id', {
      config: WRITE,
      schema: {
        tags: TAGS,
        summary: 'Update a queue (a new name renames the Asterisk queue and its member rows)',
        params: IdParams,
        body: UpdateQueueBody,
        response: { 200: dataOf(Queue) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const queue = await db
          .transaction()
          .execute(async (trx) => {
            const row = await queueOr404(trx, tenantId, req.params.id);
            const before = (await getQueue(trx, tenantId, row.id)) as Queue;
            const { overflow } = req.body;
            if (overflow && overflow.type === 'queue' && overflow.target_id === row.id)
              throw validation('A queue cannot overflow into itself', [{ field: 'overflow.target_id', message: 'choose another destination' }]);
            await updateQueue(trx, row, req.body);
            if (overflow !== undefined) await setDestinations(trx, tenantId, 'queue', row.id, { overflow });
            const after = (await getQueue(trx, tenantId, row.id)) as Queue;
            await recordAudit(trx, actorOf(req), { action: 'queue.updated', entity_type: 'queue', entity_id: row.id, before, after });
            return after;
          })
          .catch(rethrow);
        return { data: queue };
      },
    });

    app.delete('/telephony/queues/:id', {
      config: WRITE,
      schema: { tags: TAGS, summary: 'Delete a queue and its members (refused while a route points at it)', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const row = await queueOr404(trx, tenantId, req.params.id);
          await assertNotReferenced(trx, tenantId, 'queue', row.id);
          const before = { ...((await getQueue(trx, tenantId, row.id)) as Queue), members: await listMembers(trx, tenantId, row.id) };
          await deleteQueue(trx, row);
          await recordAudit(trx, actorOf(req), { action: 'queue.deleted', entity_type: 'queue', entity_id: row.id, before });
        });
        return reply.status(204).send(null);
      },
    });

    // -- members ---------------------------------------------------------------------------------

    app.get('/telephony/queues/:id/members', {
      config: READ,
      schema: { tags: TAGS, summary: "List a queue's members (lowest penalty first)", params: IdParams, response: { 200: dataOf(z.array(QueueMember)) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const q = await queueOr404(db, tenantId, req.params.id);
        return { data: await listMembers(db, tenantId, q.id) };
      },
    });

    app.post('/telephony/queues/:id/members', {
      config: WRITE,
      schema: { tags: TAGS, summary: 'Add an extension to a queue', params: IdParams, body: AddQueueMemberBody, response: { 201: dataOf(QueueMember) } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const member = await db.transaction().execute(async (trx) => {
          const q = await queueOr404(trx, tenantId, req.params.id);
          const { extension_id, ...fields } = req.body;
          await addMember(trx, q, extension_id, fields);
          const after = (await getMember(trx, tenantId, q.id, extension_id)) as QueueMember;
          await recordAudit(trx, actorOf(req), { action: 'queue.member_added', entity_type: 'queue', entity_id: q.id, after });
          return after;
        });
        return reply.status(201).send({ data: member });
      },
    });

    app.put('/telephony/queues/:id/members/order', {
      config: WRITE,
      schema: {
        tags: TAGS,
        summary: 'Reorder members: penalties 0, 1, 2, … in the order given',
        params: IdParams,
        body: QueueMemberOrderBody,
        response: { 200: dataOf(z.array(QueueMember)) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const members = await db.transaction().execute(async (trx) => {
          const q = await queueOr404(trx, tenantId, req.params.id);
          const before = await listMembers(trx, tenantId, q.id);
          await reorderMembers(trx, q, req.body.extension_ids);
          const after = await listMembers(trx, tenantId, q.id);
          const order = (ms: typeof after) => ms.map((m) => ({ extension_id: m.extension_id, penalty: m.penalty }));
          await recordAudit(trx, actorOf(req), {
            action: 'queue.members_reordered',
            entity_type: 'queue',
            entity_id: q.id,
            before: order(before),
            after: order(after),
          });
          return after;
        });
        return { data: members };
      },
    });

    app.patch('/telephony/queues/:id/members/:extension_id', {
      config: WRITE,
      schema: {
        tags: TAGS,
        summary: "Change a member's penalty, pause or unpause it",
        params: QueueMemberParams,
        body: UpdateQueueMemberBody,
        response: { 200: dataOf(QueueMember) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const member = await db.transaction().execute(async (trx) => {
          const q = await queueOr404(trx, tenantId, req.params.id);
          const before = await getMember(trx, tenantId, q.id, req.params.extension_id);
          if (!before) throw notFound('Queue member');
          await updateMember(trx, q, before.extension_id, req.body);
          const after = (await getMember(trx, tenantId, q.id, before.extension_id)) as QueueMember;
          await recordAudit(trx, actorOf(req), { action: 'queue.member_updated', entity_type: 'queue', entity_id: q.id, before, after });
          return after;
        });
        return { data: member };
      },
    });

    app.delete('/telephony/queues/:id/members/:extension_id', {
      config: WRITE,
      schema: { tags: TAGS, summary: 'Remove a member from a queue', params: QueueMemberParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const q = await queueOr404(trx, tenantId, req.params.id);
          const before = await getMember(trx, tenantId, q.id, req.params.extension_id);
          if (!before) throw notFound('Queue member');
          await removeMember(trx, q, before.extension_id);
          await recordAudit(trx, actorOf(req), { action: 'queue.member_removed', entity_type: 'queue', entity_id: q.id, before });
        });
        return reply.status(204).send(null);
      },
    });
  };
