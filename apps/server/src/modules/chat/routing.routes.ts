import { ChatOffer, IdParams, RoutedChatSession, dataOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { authOf, tenantOf } from '../../http/guard.js';
import { actorOf } from '../audit/repo.js';
import { acceptOffer, declineOffer, listMyOffers, pickUpSession } from './routing.js';

/** Offers (auto-accept off) and picking a chat from the queue. */
export const chatRoutingRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['chat'];
    const write = { access: 'chat:write', feature: 'chat' } as const;

    app.get('/chat/offers', {
      config: write,
      schema: { tags, summary: 'Chats offered to me, waiting for my answer', response: { 200: dataOf(z.array(ChatOffer)) } },
      handler: async (req) => ({ data: await listMyOffers(db, tenantOf(req), authOf(req).userId) }),
    });

    app.post('/chat/offers/:id/accept', {
      config: write,
      schema: { tags, summary: 'Accept a chat offered to me (409 when it expired or the visitor left)', params: IdParams, response: { 200: dataOf(RoutedChatSession) } },
      handler: async (req) => ({ data: await acceptOffer(deps, tenantOf(req), req.params.id, authOf(req).userId, actorOf(req)) }),
    });

    app.post('/chat/offers/:id/decline', {
      config: write,
      schema: { tags, summary: 'Decline a chat offered to me (it goes to the next agent at once)', params: IdParams, response: { 200: dataOf(ChatOffer) } },
      handler: async (req) => ({ data: await declineOffer(deps, tenantOf(req), req.params.id, authOf(req).userId, actorOf(req)) }),
    });

    app.post('/chat/sessions/:id/pickup', {
      config: write,
      schema: { tags, summary: 'Take a waiting chat from the queue myself (capacity holds; 409 when someone else got it)', params: IdParams, response: { 200: dataOf(RoutedChatSession) } },
      handler: async (req) => ({ data: await pickUpSession(deps, tenantOf(req), req.params.id, authOf(req).userId, actorOf(req)) }),
    });

  };
