import {
  CreateExtensionBody,
  Extension,
  ExtensionListQuery,
  ExtensionWithPassword,
  type Feature,
  IdParams,
  SoftphoneSettings,
  UpdateExtensionBody,
  dataOf,
  listOf,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../../app.js';
import type { DB } from '../../../db/schema.js';
import { AppError, notFound } from '../../../http/errors.js';
import { tenantOf } from '../../../http/guard.js';
import { pageMeta } from '../../../http/pagination.js';
import { actorOf, recordAudit } from '../../audit/repo.js';
import { assertWithinLimit } from '../../tenants/limits.js';
import { getTenant } from '../../tenants/repo.js';
import { assertNotReferenced } from '../destinations.js';
import { refreshExtensionInQueues, removeExtensionFromQueues } from '../queues/repo.js';
import {
  assertUserLinkable,
  countExtensions,
  deleteExtension,
  getExtension,
  getExtensionRow,
  insertExtension,
  listExtensions,
  resolveNumber,
  updateExtension,
  voicemailMailbox,
} from './repo.js';
import { applyExtensionInput, generateSipPassword, sipServer } from './service.js';

const tags = ['telephony'];

async function tenantInfo(db: Kysely<DB>, tenantId: string) {
  const t = await getTenant(db, tenantId);
  if (!t) throw notFound('Tenant');
  return t;
}

const featureOff = (feature: Feature) => new AppError(403, 'feature_disabled', 'Feature disabled', `The ${feature} feature is switched off for this tenant`);

/** Extensions: CRUD, a password reset and softphone settings; each write replaces the PJSIP rows in the same transaction. */
export const extensionRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, config } = deps;

    app.get('/telephony/extensions', {
      config: { access: 'telephony:read' },
      schema: { tags, summary: 'List extensions with their registration state', querystring: ExtensionListQuery, response: { 200: listOf(Extension) } },
      handler: async (req) => {
        const { rows, total } = await listExtensions(db, tenantOf(req), req.query);
        return { data: rows, meta: pageMeta(req.query, total) };
      },
    });

    app.post('/telephony/extensions', {
      config: { access: 'telephony:manage' },
      schema: {
        tags,
        summary: 'Create an extension (the answer shows its generated SIP password, this once)',
        body: CreateExtensionBody,
        response: { 201: dataOf(ExtensionWithPassword) },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const body = req.body;
        // Read committed: after assertWithinLimit locks the tenant, the count sees extensions committed meanwhile (MariaDB).
        const created = await db
          .transaction()
          .setIsolationLevel('read committed')
          .execute(async (trx) => {
            const tenant = await tenantInfo(trx, tenantId);
            if (body.webrtc && !tenant.features.webrtc) throw featureOff('webrtc');
            if (body.recording && !tenant.features.recording) throw featureOff('recording');
            await assertWithinLimit(trx, tenantId, 'max_agents', () => countExtensions(trx, tenantId));
            const number = await resolveNumber(trx, tenantId, tenant.settings.extension_digits, body.number);
            const values = applyExtensionInput(tenantId, null, body, number);
            if (values.user_id) await assertUserLinkable(trx, tenantId, values.user_id);
            const mailbox = values.voicemail_box_id ? await voicemailMailbox(trx, tenantId, values.voicemail_box_id) : null;
            const password = generateSipPassword();
            const id = await insertExtension(trx, tenantId, values, password, mailbox);
            const after = (await getExtension(trx, tenantId, id)) as Extension;
            await recordAudit(trx, actorOf(req), { action: 'extension.created', entity_type: 'extension', entity_id: id, after });
            return { ...after, sip_password: password };
          });
        return reply.status(201).send({ data: created });
      },
    });

    app.get('/telephony/extensions/:id', {
      config: { access: 'telephony:read' },
      schema: { tags, summary: 'Get an extension with its registrations', params: IdParams, response: { 200: dataOf(Extension) } },
      handler: async (req) => {
        const e = await getExtension(db, tenantOf(req), req.params.id);
        if (!e) throw notFound('Extension');
        return { data: e };
      },
    });

    app.patch('/telephony/extensions/:id', {
      config: { access: 'telephony:manage' },
      schema: { tags, summary: 'Update an extension', params: IdParams, body: UpdateExtensionBody, response: { 200: dataOf(Extension) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const body = req.body;
        const updated = await db.transaction().execute(async (trx) => {
          const row = await getExtensionRow(trx, tenantId, req.params.id);
          if (!row) throw notFound('Extension');
          const tenant = await tenantInfo(trx, tenantId);
          if (body.webrtc && !Number(row.webrtc) && !tenant.features.webrtc) throw featureOff('webrtc');
          if (body.recording && !Number(row.recording) && !tenant.features.recording) throw featureOff('recording');
          const renumbered = body.number !== undefined && body.number !== row.number;
          const number = renumbered ? await resolveNumber(trx, tenantId, tenant.settings.extension_digits, body.number, row.id) : row.number;
          const values = applyExtensionInput(tenantId, row, body, number);
          if (values.user_id && values.user_id !== row.user_id) await assertUserLinkable(trx, tenantId, values.user_id, row.id);
          // A newly given box must exist; a kept one that was deleted since just stops being referenced.
          const mailbox = values.voicemail_box_id ? await voicemailMailbox(trx, tenantId, values.voicemail_box_id, body.voicemail_box_id !== undefined) : null;
          const before = (await getExtension(trx, tenantId, row.id)) as Extension;
          await updateExtension(trx, tenantId, row, values, mailbox);
          // Queue member rows carry its name (Asterisk's membername).
          await refreshExtensionInQueues(trx, tenantId, row.id);
          const after = (await getExtension(trx, tenantId, row.id)) as Extension;
          await recordAudit(trx, actorOf(req), { action: 'extension.updated', entity_type: 'extension', entity_id: row.id, before, after });
          return after;
        });
        return { data: updated };
      },
    });

    app.delete('/telephony/extensions/:id', {
      config: { access: 'telephony:manage' },
      schema: {
        tags,
        summary: 'Delete an extension and its Asterisk rows, taking it out of its queues (refused while a route points at it)',
        params: IdParams,
        response: { 204: z.null() },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const row = await getExtensionRow(trx, tenantId, req.params.id);
          if (!row) throw notFound('Extension');
          await assertNotReferenced(trx, tenantId, 'extension', row.id);
          // Its queue memberships go with it (Switchboard's and Asterisk's member rows).
          await removeExtensionFromQueues(trx, tenantId, row.id);
          const before = (await getExtension(trx, tenantId, row.id)) as Extension;
          await deleteExtension(trx, tenantId, row);
          await recordAudit(trx, actorOf(req), { action: 'extension.deleted', entity_type: 'extension', entity_id: row.id, before });
        });
        return reply.status(204).send(null);
      },
    });

    app.post('/telephony/extensions/:id/reset-password', {
      config: { access: 'telephony:manage' },
      schema: {
        tags,
        summary: 'Generate a new SIP password (shown this once; phones must be updated)',
        params: IdParams,
        response: { 200: dataOf(ExtensionWithPassword) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const result = await db.transaction().execute(async (trx) => {
          const row = await getExtensionRow(trx, tenantId, req.params.id);
          if (!row) throw notFound('Extension');
          const values = applyExtensionInput(tenantId, row, {}, row.number);
          const mailbox = row.voicemail_box_id ? await voicemailMailbox(trx, tenantId, row.voicemail_box_id, false) : null;
          const password = generateSipPassword();
          await updateExtension(trx, tenantId, row, values, mailbox, password);
          const after = (await getExtension(trx, tenantId, row.id)) as Extension;
          await recordAudit(trx, actorOf(req), { action: 'extension.password_reset', entity_type: 'extension', entity_id: row.id });
          return { ...after, sip_password: password };
        });
        return { data: result };
      },
    });

    app.get('/telephony/extensions/:id/softphone', {
      config: { access: 'telephony:read' },
      schema: { tags, summary: 'Settings to type into a softphone for this extension', params: IdParams, response: { 200: dataOf(SoftphoneSettings) } },
      handler: async (req) => {
        const e = await getExtension(db, tenantOf(req), req.params.id);
        if (!e) throw notFound('Extension');
        const server = sipServer(config);
        return {
          data: {
            username: e.endpoint,
            auth_username: e.endpoint,
            domain: server.domain,
            port: e.webrtc ? null : 5060,
            transport: e.webrtc ? ('wss' as const) : ('udp' as const),
            wss_url: e.webrtc ? server.wss : null,
            display_name: e.display_name,
            number: e.number,
            // Configured only when every value shown came from SIP_DOMAIN (and SIP_WSS_URL for WebRTC).
            source: server.domainConfigured && (!e.webrtc || server.wssConfigured) ? ('configured' as const) : ('derived_from_public_url' as const),
          },
        };
      },
    });
  };
