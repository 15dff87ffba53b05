import { Directory, dataOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.js';
import { tenantOf } from '../../http/guard.js';

/**
 * The tenant's directory: who works here and in which teams. Every user of the tenant may read it
 * (an agent assigning a ticket or transferring a chat must see colleagues' names), so it carries
 * no email addresses or settings — those stay behind users:read.
 */
export const directoryRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get('/directory', {
      config: { access: 'tenant:read' },
      schema: { tags: ['users'], summary: 'Colleagues and teams of my tenant (names only)', response: { 200: dataOf(Directory) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const [users, teams, members] = await Promise.all([
          db
            .selectFrom('memberships as m')
            .innerJoin('users as u', 'u.id', 'm.user_id')
            .select(['u.id', 'u.name', 'u.avatar_url', 'm.role'])
            .where('m.tenant_id', '=', tenantId)
            .where('m.status', '=', 'active')
            .where('m.deleted_at', 'is', null)
            .where('u.deleted_at', 'is', null)
            .orderBy('u.name')
            .execute(),
          db.selectFrom('teams').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('name').execute(),
          db.selectFrom('team_members').select(['team_id', 'user_id']).where('tenant_id', '=', tenantId).execute(),
        ]);
        const teamsOf = new Map<string, string[]>();
        for (const m of members) teamsOf.set(m.user_id, [...(teamsOf.get(m.user_id) ?? []), m.team_id]);
        return { data: { users: users.map((u) => ({ ...u, team_ids: teamsOf.get(u.id) ?? [] })), teams } };
      },
    });
  };
