import { ChatTransfer, ChatTransferListQuery, CreateChatTransferBody, IdParams, dataOf } from '@switchboard/shared';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { notFound } from '../../http/errors.js';
import { authOf, tenantOf } from '../../http/guard.js';
import { actorOf } from '../audit/repo.js';
import { type TransferActor, acceptTransfer, cancelTransfer, createTransfer, listMyTransfers, listSessionTransfers, rejectTransfer } from './transfers.js';

function transferActor(req: FastifyRequest): TransferActor {
  const auth = authOf(req);
  return { tenantId: tenantOf(req), userId: auth.userId, supervisor: auth.permissions.has('chat:supervise'), audit: actorOf(req) };
}

/** Chat transfers: agent → agent or agent → team, pending → accepted | rejected | expired | cancelled. */
export const chatTransferRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['chat'];
    const read = { access: 'chat:read', feature: 'chat' } as const;
    const write = { access: 'chat:write', feature: 'chat' } as const;

    app.get('/chat/sessions/:id/transfers', {
      config: read,
      schema: { tags, summary: 'Transfers of a chat, newest first', params: IdParams, response: { 200: dataOf(z.array(ChatTransfer)) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const s = await db.selectFrom('chat_sessions').select('id').where('tenant_id', '=', tenantId).where('id', '=', req.params.id).executeTakeFirst();
        if (!s) throw notFound('Chat session');
        return { data: await listSessionTransfers(db, tenantId, s.id) };
      },
    });

    app.post('/chat/sessions/:id/transfers', {
      config: write,
      schema: { tags, summary: 'Ask to hand my active chat to an agent or a team, with a reason', params: IdParams, body: CreateChatTransferBody, response: { 201: dataOf(ChatTransfer) } },
      handler: async (req, reply) => reply.status(201).send({ data: await createTransfer(deps, transferActor(req), req.params.id, req.body) }),
    });

    app.get('/chat/transfers', {
      config: write,
      schema: { tags, summary: 'My transfers: incoming (to me or my teams) or outgoing', querystring: ChatTransferListQuery, response: { 200: dataOf(z.array(ChatTransfer)) } },
      handler: async (req) => ({ data: await listMyTransfers(db, transferActor(req), req.query.direction, req.query.status) }),
    });

    app.post('/chat/transfers/:id/accept', {
      config: write,
      schema: { tags, summary: 'Accept a transfer: the chat and its whole history move to me', params: IdParams, response: { 200: dataOf(ChatTransfer) } },
      handler: async (req) => ({ data: await acceptTransfer(deps, transferActor(req), req.params.id) }),
    });

    app.post('/chat/transfers/:id/reject', {
      config: write,
      schema: { tags, summary: 'Reject a transfer: the chat stays with the sender', params: IdParams, response: { 200: dataOf(ChatTransfer) } },
      handler: async (req) => ({ data: await rejectTransfer(deps, transferActor(req), req.params.id) }),
    });

    app.post('/chat/transfers/:id/cancel', {
      config: write,
      schema: { tags, summary: 'Take back a pending transfer (sender or supervisor)', params: IdParams, response: { 200: dataOf(ChatTransfer) } },
      handler: async (req) => ({ data: await cancelTransfer(deps, transferActor(req), req.params.id) }),
    });
  };
