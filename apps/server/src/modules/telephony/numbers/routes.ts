import { CreateNumberBody, IdParams, NumberListQuery, PhoneNumber, UpdateNumberBody, dataOf, listOf } from '@switchboard/shared';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../../app.js';
import type { DB } from '../../../db/schema.js';
import { AppError, isUniqueViolation, notFound } from '../../../http/errors.js';
import { authOf, tenantOf } from '../../../http/guard.js';
import { pageMeta } from '../../../http/pagination.js';
import { actorOf, recordAudit } from '../../audit/repo.js';
import { assertWithinLimit } from '../../tenants/limits.js';
import { toE164 } from './phone.js';
import {
  type NumberFields,
  assertNumberFree,
  assertScheduleExists,
  assertTrunk,
  countNumbers,
  deleteNumber,
  getNumber,
  insertNumber,
  listNumbers,
  numberTaken,
  updateNumber,
} from './repo.js';

/** Switching SMS on (or giving an SMS webhook) needs the tenant's `sms` feature; switching it off never does. */
function assertSmsAllowed(req: FastifyRequest, body: { sms_enabled?: boolean; sms_webhook_url?: string | null }): void {
  if (!body.sms_enabled && !body.sms_webhook_url) return;
  if (authOf(req).features.sms === false)
    throw new AppError(403, 'feature_disabled', 'Feature disabled', 'The sms feature is switched off for this tenant: SMS settings cannot be turned on');
}

/** References in a number's body must be this tenant's: 400 naming the field otherwise. */
async function assertReferences(db: Kysely<DB>, tenantId: string, f: NumberFields): Promise<void> {
  if (f.trunk_id) await assertTrunk(db, tenantId, f.trunk_id);
  if (f.routing?.schedule_id) await assertScheduleExists(db, tenantId, f.routing.schedule_id);
}

/** Phone numbers (DIDs): unique across the platform, routed by schedule to destinations. */
export const numberRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['telephony'];

    app.get('/telephony/numbers', {
      config: { access: 'telephony:read' },
      schema: { tags, summary: 'List phone numbers', querystring: NumberListQuery, response: { 200: listOf(PhoneNumber) } },
      handler: async (req) => {
        const { rows, total } = await listNumbers(db, tenantOf(req), req.query);
        return { data: rows, meta: pageMeta(req.query, total) };
      },
    });

    app.post('/telephony/numbers', {
      config: { access: 'telephony:manage' },
      schema: {
        tags,
        summary: 'Add a phone number (E.164-normalised, unique across the platform, limited by max_dids)',
        body: CreateNumberBody,
        response: { 201: dataOf(PhoneNumber) },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        assertSmsAllowed(req, req.body);
        const e164 = toE164(req.body.e164);
        try {
          // Read committed: after assertWithinLimit locks the tenant, the count sees numbers committed meanwhile (MariaDB).
          const number = await db
            .transaction()
            .setIsolationLevel('read committed')
            .execute(async (trx) => {
              await assertReferences(trx, tenantId, req.body);
              await assertWithinLimit(trx, tenantId, 'max_dids', () => countNumbers(trx, tenantId));
              await assertNumberFree(trx, e164);
              const id = await insertNumber(trx, tenantId, { ...req.body, e164 });
              const after = (await getNumber(trx, tenantId, id)) as PhoneNumber;
              await recordAudit(trx, actorOf(req), { action: 'number.created', entity_type: 'number', entity_id: id, after });
              return after;
            });
          return reply.status(201).send({ data: number });
        } catch (err) {
          // Two tenants adding the same number at once: the platform-wide unique index decides.
          throw isUniqueViolation(err) ? numberTaken() : err;
        }
      },
    });

    app.get('/telephony/numbers/:id', {
      config: { access: 'telephony:read' },
      schema: { tags, summary: 'Get a phone number', params: IdParams, response: { 200: dataOf(PhoneNumber) } },
      handler: async (req) => {
        const n = await getNumber(db, tenantOf(req), req.params.id);
        if (!n) throw notFound('Number');
        return { data: n };
      },
    });

    app.patch('/telephony/numbers/:id', {
      config: { access: 'telephony:manage' },
      schema: {
        tags,
        summary: 'Update a phone number and its routing (routing keys not given stay)',
        params: IdParams,
        body: UpdateNumberBody,
        response: { 200: dataOf(PhoneNumber) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        try {
          const number = await db.transaction().execute(async (trx) => {
            const before = await getNumber(trx, tenantId, req.params.id);
            if (!before) throw notFound('Number');
            assertSmsAllowed(req, req.body);
            const fields: NumberFields = { ...req.body };
            if (req.body.e164 !== undefined) fields.e164 = toE164(req.body.e164);
            await assertReferences(trx, tenantId, fields);
            if (fields.e164 !== undefined && fields.e164 !== before.e164) await assertNumberFree(trx, fields.e164, before.id);
            await updateNumber(trx, tenantId, before.id, fields);
            const after = (await getNumber(trx, tenantId, before.id)) as PhoneNumber;
            await recordAudit(trx, actorOf(req), { action: 'number.updated', entity_type: 'number', entity_id: before.id, before, after });
            return after;
          });
          return { data: number };
        } catch (err) {
          throw isUniqueViolation(err) ? numberTaken() : err;
        }
      },
    });

    app.delete('/telephony/numbers/:id', {
      config: { access: 'telephony:manage' },
      schema: { tags, summary: 'Delete a phone number (its E.164 becomes free for anyone)', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const before = await getNumber(trx, tenantId, req.params.id);
          if (!before) throw notFound('Number');
          await deleteNumber(trx, tenantId, before.id);
          await recordAudit(trx, actorOf(req), { action: 'number.deleted', entity_type: 'number', entity_id: before.id, before });
        });
        return reply.status(204).send(null);
      },
    });
  };
