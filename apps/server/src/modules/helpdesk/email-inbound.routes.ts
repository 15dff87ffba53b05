import { InboundEmailResult, dataOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { AppError, unauthorized, validation } from '../../http/errors.js';
import { hashToken } from './email-crypto.js';
import { UnreadableEmail, ingestEmail, tenantTakesEmail } from './email-in.js';

/** Largest raw message taken (MIME inflates attachments by a third). */
const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/**
 * The raw-MIME endpoint: an MTA pipe (`curl --data-binary @-`) or a provider's inbound hook posts
 * one message as `message/rfc822`. It is public in the guard's sense (no user), authenticated by
 * the channel's inbound token (`Authorization: Bearer <token>`, or `?token=` for hooks that can
 * only be given a URL); the token says which channel and tenant the message is for.
 */
export const emailInboundRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    // Scoped to this plugin: the rest of the API keeps JSON only.
    app.addContentTypeParser(['message/rfc822', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_MESSAGE_BYTES }, (_req, body, done) => done(null, body));

    app.post('/helpdesk/email-inbound', {
      config: { access: 'public' },
      bodyLimit: MAX_MESSAGE_BYTES,
      schema: {
        tags: ['helpdesk'],
        summary: 'Take in one raw email (message/rfc822) for the channel of the inbound token',
        description:
          'Authenticate with `Authorization: Bearer <inbound token>` (or `?token=`). A new email opens a ticket (201); a reply is added to its ticket (201); ' +
          'a message seen before, an auto-reply, a bounce or mail from our own address changes nothing (200, with the reason).',
        querystring: z.object({ token: z.string().max(200).optional() }),
        consumes: ['message/rfc822'],
        response: { 200: dataOf(InboundEmailResult), 201: dataOf(InboundEmailResult) },
      },
      handler: async (req, reply) => {
        const header = req.headers.authorization;
        const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : req.query.token;
        if (!token) throw unauthorized('Send the channel inbound token as a Bearer token');
        const channel = await db.selectFrom('hd_email_channels').selectAll().where('inbound_token_hash', '=', hashToken(token)).executeTakeFirst();
        if (!channel) throw unauthorized('Unknown inbound token');
        if (Number(channel.enabled) !== 1) throw new AppError(403, 'channel_disabled', 'Channel disabled', 'This email channel is disabled');
        if (!(await tenantTakesEmail(db, channel.tenant_id)))
          throw new AppError(403, 'feature_disabled', 'Feature disabled', 'The helpdesk is switched off or the account is suspended');
        if (!Buffer.isBuffer(req.body)) throw new AppError(415, 'unsupported_media_type', 'Unsupported media type', 'Send the raw message with Content-Type: message/rfc822');
        if (!req.body.length) throw validation('The message is empty', [{ field: 'body', message: 'empty' }]);
        try {
          const r = await ingestEmail(deps, channel, req.body, { ip: req.ip, requestId: req.id });
          return reply.status(r.outcome === 'created' || r.outcome === 'threaded' ? 201 : 200).send({ data: r });
        } catch (err) {
          if (err instanceof UnreadableEmail) throw validation('The message could not be parsed as MIME', [{ field: 'body', message: err.message.slice(0, 200) }]);
          throw err;
        }
      },
    });
  };
