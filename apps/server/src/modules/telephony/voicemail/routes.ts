import {
  CreateVoicemailBoxBody,
  dataOf,
  GREETING_AUDIO_TYPES,
  GreetingUploadBody,
  IdParams,
  listOf,
  UpdateVoicemailBoxBody,
  VoicemailBox,
  VoicemailBoxListQuery,
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
import { assertNotReferenced } from '../destinations.js';
import { NO_GREETING, receiveGreeting, registerUploads, sendGreeting, storeGreeting } from '../ivr/greeting.js';
import { assertNoExtensionUses, deleteBox, getBoxRow, insertBox, toBox, updateBox } from './repo.js';

const TAGS = ['telephony: voicemail'];
const READ = { access: 'telephony:read' } as const;
const WRITE = { access: 'telephony:manage' } as const;

const rethrow = (err: unknown) => {
  if (isUniqueViolation(err)) throw conflict('A voicemail box with this number exists', [{ field: 'mailbox', message: 'already exists' }]);
  throw err;
};

/** Voicemail boxes (Asterisk `voicemail` rows in the tenant's context). */
export const voicemailRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, config } = deps;
    await registerUploads(app);

    app.get('/telephony/voicemail', {
      config: READ,
      schema: { tags: TAGS, summary: 'List voicemail boxes', querystring: VoicemailBoxListQuery, response: { 200: listOf(VoicemailBox) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        let q = db.selectFrom('tel_voicemail_boxes').where('tenant_id', '=', tenantId);
        const text = req.query.q;
        if (text) q = q.where((e) => e.or([contains('mailbox', text), contains('name', text), contains('email', text)]));
        const [total, rows] = await Promise.all([
          q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
          q
            .selectAll()
            // Numeric order of digit strings: shorter first, then by digits.
            .orderBy(sql`length(${sql.ref('mailbox')})`)
            .orderBy('mailbox')
            .limit(req.query.page_size)
            .offset((req.query.page - 1) * req.query.page_size)
            .execute(),
        ]);
        return { data: rows.map(toBox), meta: pageMeta(req.query, total.n) };
      },
    });

    app.post('/telephony/voicemail', {
      config: WRITE,
      schema: { tags: TAGS, summary: 'Create a voicemail box', body: CreateVoicemailBoxBody, response: { 201: dataOf(VoicemailBox) } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const box = await db
          .transaction()
          .execute(async (trx) => {
            const id = await insertBox(trx, tenantId, req.body);
            const after = toBox((await getBoxRow(trx, tenantId, id)) as NonNullable<Awaited<ReturnType<typeof getBoxRow>>>);
            await recordAudit(trx, actorOf(req), { action: 'voicemail.created', entity_type: 'voicemail', entity_id: id, after });
            return after;
          })
          .catch(rethrow);
        return reply.status(201).send({ data: box });
      },
    });

    app.get('/telephony/voicemail/:id', {
      config: READ,
      schema: { tags: TAGS, summary: 'Get a voicemail box', params: IdParams, response: { 200: dataOf(VoicemailBox) } },
      handler: async (req) => {
        const row = await getBoxRow(db, tenantOf(req), req.params.id);
        if (!row) throw notFound('Voicemail box');
        return { data: toBox(row) };
      },
    });

    app.patch('/telephony/voicemail/:id', {
      config: WRITE,
      schema: { tags: TAGS, summary: 'Update a voicemail box', params: IdParams, body: UpdateVoicemailBoxBody, response: { 200: dataOf(VoicemailBox) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const box = await db
          .transaction()
          .execute(async (trx) => {
            const row = await getBoxRow(trx, tenantId, req.params.id);
            if (!row) throw notFound('Voicemail box');
            await updateBox(trx, row, req.body);
            const after = toBox((await getBoxRow(trx, tenantId, row.id)) as typeof row);
            await recordAudit(trx, actorOf(req), {
              action: 'voicemail.updated',
              entity_type: 'voicemail',
              entity_id: row.id,
              before: toBox(row),
              // The PIN is never recorded; only that it changed.
              after: { ...after, ...(req.body.pin !== undefined ? { pin_changed: true } : {}) },
            });
            return after;
          })
          .catch(rethrow);
        return { data: box };
      },
    });

    app.delete('/telephony/voicemail/:id', {
      config: WRITE,
      schema: { tags: TAGS, summary: 'Delete a voicemail box (refused while a route points at it)', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const row = await getBoxRow(trx, tenantId, req.params.id);
          if (!row) throw notFound('Voicemail box');
          await assertNotReferenced(trx, tenantId, 'voicemail', row.id);
          await assertNoExtensionUses(trx, tenantId, row.id);
          await deleteBox(trx, row);
          await recordAudit(trx, actorOf(req), { action: 'voicemail.deleted', entity_type: 'voicemail', entity_id: row.id, before: toBox(row) });
        });
        return reply.status(204).send(null);
      },
    });

    // -- greeting audio --------------------------------------------------------------------------

    app.post('/telephony/voicemail/:id/greeting', {
      config: WRITE,
      schema: {
        tags: TAGS,
        summary: "Upload the box's greeting (WAV, MP3 or Ogg, recognised by content; at most 10 MB)",
        consumes: ['multipart/form-data'],
        params: IdParams,
        body: GreetingUploadBody,
        response: { 200: dataOf(VoicemailBox) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        if (!(await getBoxRow(db, tenantId, req.params.id))) throw notFound('Voicemail box');
        const stored = await storeGreeting(config.dataDir, await receiveGreeting(req));
        const box = await db.transaction().execute(async (trx) => {
          const row = await getBoxRow(trx, tenantId, req.params.id);
          if (!row) throw notFound('Voicemail box');
          await trx
            .updateTable('tel_voicemail_boxes')
            .set({ ...stored, updated_at: now() })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', row.id)
            .execute();
          const after = toBox((await getBoxRow(trx, tenantId, row.id)) as typeof row);
          await recordAudit(trx, actorOf(req), {
            action: 'voicemail.greeting_uploaded',
            entity_type: 'voicemail',
            entity_id: row.id,
            before: { greeting_audio: toBox(row).greeting_audio },
            after: { greeting_audio: after.greeting_audio },
          });
          return after;
        });
        return { data: box };
      },
    });

    app.get('/telephony/voicemail/:id/greeting', {
      config: READ,
      schema: { tags: TAGS, summary: "Download the box's greeting", params: IdParams, produces: [...GREETING_AUDIO_TYPES] },
      handler: async (req, reply) => {
        const row = await getBoxRow(db, tenantOf(req), req.params.id);
        if (!row) throw notFound('Voicemail box');
        return sendGreeting(reply, config.dataDir, row, `voicemail-${row.mailbox}`);
      },
    });

    app.delete('/telephony/voicemail/:id/greeting', {
      config: WRITE,
      schema: { tags: TAGS, summary: "Remove the box's greeting (Asterisk's default plays)", params: IdParams, response: { 200: dataOf(VoicemailBox) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const box = await db.transaction().execute(async (trx) => {
          const row = await getBoxRow(trx, tenantId, req.params.id);
          if (!row) throw notFound('Voicemail box');
          if (!row.greeting_sha256) throw notFound('Greeting');
          await trx
            .updateTable('tel_voicemail_boxes')
            .set({ ...NO_GREETING, updated_at: now() })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', row.id)
            .execute();
          const after = toBox((await getBoxRow(trx, tenantId, row.id)) as typeof row);
          await recordAudit(trx, actorOf(req), {
            action: 'voicemail.greeting_removed',
            entity_type: 'voicemail',
            entity_id: row.id,
            before: { greeting_audio: toBox(row).greeting_audio },
          });
          return after;
        });
        return { data: box };
      },
    });
  };
