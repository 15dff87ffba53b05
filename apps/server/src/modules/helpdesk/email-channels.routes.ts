import {
  CreateEmailChannelBody,
  EmailChannel,
  EmailChannelListQuery,
  EmailChannelTestResult,
  EmailChannelWithToken,
  EmailPollResult,
  IdParams,
  Ok,
  UpdateEmailChannelBody,
  dataOf,
  listOf,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { AppDeps } from '../../app.js';
import type { HdEmailChannelsTable } from '../../db/schema.js';
import { conflict, isUniqueViolation, notFound, validation } from '../../http/errors.js';
import { tenantOf } from '../../http/guard.js';
import { now, pageMeta } from '../../http/pagination.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import { type ChannelRow, assertChannelFree, channelTaken, getChannelRow, listChannelRows, toChannel } from './email-channels.repo.js';
import { encryptSecret, hashToken, newInboundToken } from './email-crypto.js';
import { imapSettingsOf, pollChannel, testImap } from './email-imap.js';
import { emailInboundRoutes } from './email-inbound.routes.js';
import { ticketCcRoutes } from './ticket-ccs.routes.js';

type ChannelBody = z.infer<typeof UpdateEmailChannelBody>;

/** IMAP fields of a body, checked together against what is stored: a host needs a user. */
function imapChanges(b: ChannelBody, before: ChannelRow | null, secret: string): Partial<HdEmailChannelsTable> {
  const out: Partial<HdEmailChannelsTable> = {};
  if (b.imap_host !== undefined) out.imap_host = b.imap_host;
  if (b.imap_port !== undefined) out.imap_port = b.imap_port;
  if (b.imap_tls !== undefined) out.imap_tls = b.imap_tls ? 1 : 0;
  if (b.imap_user !== undefined) out.imap_user = b.imap_user;
  if (b.imap_mailbox !== undefined) out.imap_mailbox = b.imap_mailbox;
  if (b.imap_password !== undefined) out.imap_password = b.imap_password === null ? null : encryptSecret(secret, b.imap_password);
  const host = out.imap_host !== undefined ? out.imap_host : (before?.imap_host ?? null);
  const user = out.imap_user !== undefined ? out.imap_user : (before?.imap_user ?? null);
  if (host && !user) throw validation('An IMAP host needs a user', [{ field: 'imap_user', message: 'required with imap_host' }]);
  // Another server or mailbox is another UID space: read it from its start.
  if ((out.imap_host !== undefined && out.imap_host !== before?.imap_host) || (out.imap_mailbox !== undefined && out.imap_mailbox !== before?.imap_mailbox) || (out.imap_user !== undefined && out.imap_user !== before?.imap_user)) {
    out.imap_uid_validity = null;
    out.imap_last_uid = null;
    out.imap_last_error = null;
  }
  return out;
}

/** The audit view of a channel: what the API shows (no password, no token). */
const audited = (r: ChannelRow, deps: AppDeps) => toChannel(r, deps.config.publicUrl);

/**
 * Email channels (`tenant:settings`): a support address with an optional IMAP mailbox, and an
 * inbound token for the raw-MIME endpoint. The IMAP password is write-only (stored encrypted) and
 * the token is shown once (create, rotate-token). Also registers the raw-MIME endpoint and the
 * ticket CC routes.
 */
export const emailRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['helpdesk'];
    const admin = { access: 'tenant:settings', feature: 'helpdesk' } as const;
    const secret = deps.config.jwtSecret;

    app.get('/helpdesk/email-channels', {
      config: admin,
      schema: { tags, summary: 'List email channels', querystring: EmailChannelListQuery, response: { 200: listOf(EmailChannel) } },
      handler: async (req) => {
        const { rows, total } = await listChannelRows(db, tenantOf(req), req.query);
        return { data: rows.map((r) => toChannel(r, deps.config.publicUrl)), meta: pageMeta(req.query, total) };
      },
    });

    app.post('/helpdesk/email-channels', {
      config: admin,
      schema: {
        tags,
        summary: 'Create an email channel (the answer carries the inbound token, shown this once)',
        body: CreateEmailChannelBody,
        response: { 201: dataOf(EmailChannelWithToken) },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const b = req.body;
        const token = newInboundToken();
        try {
          const row = await db.transaction().execute(async (trx) => {
            await assertChannelFree(trx, tenantId, { name: b.name, address: b.address });
            const at = now();
            const values: HdEmailChannelsTable = {
              id: uuidv7(),
              tenant_id: tenantId,
              name: b.name,
              address: b.address,
              from_name: b.from_name ?? null,
              enabled: b.enabled === false ? 0 : 1,
              imap_host: null,
              imap_port: null,
              imap_tls: 1,
              imap_user: null,
              imap_password: null,
              imap_mailbox: 'INBOX',
              imap_uid_validity: null,
              imap_last_uid: null,
              imap_last_polled_at: null,
              imap_last_error: null,
              poll_lease_owner: null,
              poll_lease_until: null,
              inbound_token_hash: hashToken(token),
              inbound_token_hint: token.slice(-4),
              created_at: at,
              updated_at: at,
              ...imapChanges(b, null, secret),
            };
            await trx.insertInto('hd_email_channels').values(values).execute();
            const created = (await getChannelRow(trx, tenantId, values.id)) as ChannelRow;
            await recordAudit(trx, actorOf(req), { action: 'email_channel.created', entity_type: 'email_channel', entity_id: values.id, after: audited(created, deps) });
            return created;
          });
          return reply.status(201).send({ data: { ...toChannel(row, deps.config.publicUrl), inbound_token: token } });
        } catch (err) {
          throw isUniqueViolation(err) ? channelTaken() : err;
        }
      },
    });

    app.get('/helpdesk/email-channels/:id', {
      config: admin,
      schema: { tags, summary: 'Get an email channel', params: IdParams, response: { 200: dataOf(EmailChannel) } },
      handler: async (req) => {
        const row = await getChannelRow(db, tenantOf(req), req.params.id);
        if (!row) throw notFound('Email channel');
        return { data: toChannel(row, deps.config.publicUrl) };
      },
    });

    app.patch('/helpdesk/email-channels/:id', {
      config: admin,
      schema: {
        tags,
        summary: 'Update an email channel (imap_password: a value sets it, null clears it, absent keeps it)',
        params: IdParams,
        body: UpdateEmailChannelBody,
        response: { 200: dataOf(EmailChannel) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const b = req.body;
        try {
          const row = await db.transaction().execute(async (trx) => {
            const before = await getChannelRow(trx, tenantId, req.params.id);
            if (!before) throw notFound('Email channel');
            await assertChannelFree(trx, tenantId, { name: b.name, address: b.address }, before.id);
            const changes: Partial<HdEmailChannelsTable> = { ...imapChanges(b, before, secret) };
            if (b.name !== undefined) changes.name = b.name;
            if (b.address !== undefined) changes.address = b.address;
            if (b.from_name !== undefined) changes.from_name = b.from_name;
            if (b.enabled !== undefined) changes.enabled = b.enabled ? 1 : 0;
            await trx
              .updateTable('hd_email_channels')
              .set({ ...changes, updated_at: now() })
              .where('tenant_id', '=', tenantId)
              .where('id', '=', before.id)
              .execute();
            const after = (await getChannelRow(trx, tenantId, before.id)) as ChannelRow;
            await recordAudit(trx, actorOf(req), {
              action: 'email_channel.updated',
              entity_type: 'email_channel',
              entity_id: before.id,
              before: audited(before, deps),
              after: { ...audited(after, deps), ...(b.imap_password !== undefined ? { imap_password: b.imap_password === null ? null : 'changed' } : {}) },
            });
            return after;
          });
          return { data: toChannel(row, deps.config.publicUrl) };
        } catch (err) {
          throw isUniqueViolation(err) ? channelTaken() : err;
        }
      },
    });

    app.delete('/helpdesk/email-channels/:id', {
      config: admin,
      schema: {
        tags,
        summary: 'Delete an email channel (its tickets and their threads stay; new mail to its token is refused)',
        params: IdParams,
        response: { 200: Ok },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const before = await getChannelRow(trx, tenantId, req.params.id);
          if (!before) throw notFound('Email channel');
          // Keep the thread records (threading by Message-ID still works); they just lose their channel.
          await trx.updateTable('hd_email_messages').set({ channel_id: null }).where('tenant_id', '=', tenantId).where('channel_id', '=', before.id).execute();
          await trx.deleteFrom('hd_email_channels').where('tenant_id', '=', tenantId).where('id', '=', before.id).execute();
          await recordAudit(trx, actorOf(req), { action: 'email_channel.deleted', entity_type: 'email_channel', entity_id: before.id, before: audited(before, deps) });
        });
        return { data: { ok: true as const } };
      },
    });

    app.post('/helpdesk/email-channels/:id/rotate-token', {
      config: admin,
      schema: {
        tags,
        summary: 'Replace the inbound token (the old one stops working; the new one is shown this once)',
        params: IdParams,
        response: { 200: dataOf(EmailChannelWithToken) },
      },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const token = newInboundToken();
        const row = await db.transaction().execute(async (trx) => {
          const before = await getChannelRow(trx, tenantId, req.params.id);
          if (!before) throw notFound('Email channel');
          await trx
            .updateTable('hd_email_channels')
            .set({ inbound_token_hash: hashToken(token), inbound_token_hint: token.slice(-4), updated_at: now() })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', before.id)
            .execute();
          const after = (await getChannelRow(trx, tenantId, before.id)) as ChannelRow;
          await recordAudit(trx, actorOf(req), {
            action: 'email_channel.token_rotated',
            entity_type: 'email_channel',
            entity_id: before.id,
            before: { inbound_token_hint: before.inbound_token_hint },
            after: { inbound_token_hint: after.inbound_token_hint },
          });
          return after;
        });
        return { data: { ...toChannel(row, deps.config.publicUrl), inbound_token: token } };
      },
    });

    app.post('/helpdesk/email-channels/:id/test', {
      config: admin,
      schema: {
        tags,
        summary: "Test the channel's IMAP settings: log in and open the mailbox (nothing is read or changed)",
        params: IdParams,
        response: { 200: dataOf(EmailChannelTestResult) },
      },
      handler: async (req) => {
        const row = await getChannelRow(db, tenantOf(req), req.params.id);
        if (!row) throw notFound('Email channel');
        const settings = imapSettingsOf(row, secret);
        if ('error' in settings) return { data: { ok: false, error: settings.error, messages: null } };
        return { data: await testImap(settings) };
      },
    });

    app.post('/helpdesk/email-channels/:id/poll', {
      config: admin,
      schema: {
        tags,
        summary: "Read the channel's mailbox now (as the poll job does; `ran: false` when another node is reading it)",
        params: IdParams,
        response: { 200: dataOf(EmailPollResult) },
      },
      handler: async (req) => {
        const row = await getChannelRow(db, tenantOf(req), req.params.id);
        if (!row) throw notFound('Email channel');
        if (!row.imap_host) throw conflict('The channel has no IMAP mailbox to read', [{ field: 'imap_host', message: 'not set' }]);
        if (Number(row.enabled) !== 1) throw conflict('The channel is disabled', [{ field: 'enabled', message: 'false' }]);
        return { data: await pollChannel(deps, row.id, { log: req.log }) };
      },
    });

    await app.register(emailInboundRoutes(deps));
    await app.register(ticketCcRoutes(deps));
  };
