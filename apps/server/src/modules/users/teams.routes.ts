import { AddTeamMemberBody, CreateTeamBody, IdParams, Team, TeamListQuery, TeamMember, TeamMemberParams, UpdateTeamBody, dataOf, listOf } from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { isUniqueViolation, notFound } from '../../http/errors.js';
import { tenantOf } from '../../http/guard.js';
import { now, pageMeta } from '../../http/pagination.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import { getMember } from './repo.js';
import { assertTeamNameFree, getTeam, listTeamMembers, listTeams, teamNameTaken } from './teams.repo.js';


/** Teams: named groups of a tenant's users (ticket assignment now; chat and queues later). */
export const teamRoutes = (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const uniqueName = (err: unknown) => (isUniqueViolation(err) ? teamNameTaken() : err);

    app.get('/teams', {
      config: { access: 'users:read' },
      schema: { tags: ['teams'], summary: 'List teams', querystring: TeamListQuery, response: { 200: listOf(Team) } },
      handler: async (req) => {
        const { rows, total } = await listTeams(db, tenantOf(req), req.query);
        return { data: rows, meta: pageMeta(req.query, total) };
      },
    });

    app.post('/teams', {
      config: { access: 'users:write' },
      schema: { tags: ['teams'], summary: 'Create a team', body: CreateTeamBody, response: { 201: dataOf(Team) } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        try {
          const team = await db.transaction().execute(async (trx) => {
            await assertTeamNameFree(trx, tenantId, req.body.name);
            const at = now();
            const id = uuidv7();
            await trx.insertInto('teams').values({ id, tenant_id: tenantId, name: req.body.name, description: req.body.description ?? null, created_at: at, updated_at: at }).execute();
            const after = (await getTeam(trx, tenantId, id)) as Team;
            await recordAudit(trx, actorOf(req), { action: 'team.created', entity_type: 'team', entity_id: id, after });
            return after;
          });
          return reply.status(201).send({ data: team });
        } catch (err) {
          throw uniqueName(err);
        }
      },
    });

    app.get('/teams/:id', {
      config: { access: 'users:read' },
      schema: { tags: ['teams'], summary: 'Get a team', params: IdParams, response: { 200: dataOf(Team) } },
      handler: async (req) => {
        const team = await getTeam(db, tenantOf(req), req.params.id);
        if (!team) throw notFound('Team');
        return { data: team };
      },
    });

    app.patch('/teams/:id', {
      config: { access: 'users:write' },
      schema: { tags: ['teams'], summary: 'Rename or describe a team', params: IdParams, body: UpdateTeamBody, response: { 200: dataOf(Team) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        try {
          const team = await db.transaction().execute(async (trx) => {
            const before = await getTeam(trx, tenantId, req.params.id);
            if (!before) throw notFound('Team');
            if (req.body.name !== undefined) await assertTeamNameFree(trx, tenantId, req.body.name, before.id);
            await trx.updateTable('teams').set({ ...req.body, updated_at: now() }).where('tenant_id', '=', tenantId).where('id', '=', before.id).execute();
            const after = (await getTeam(trx, tenantId, before.id)) as Team;
            await recordAudit(trx, actorOf(req), { action: 'team.updated', entity_type: 'team', entity_id: before.id, before, after });
            return after;
          });
          return { data: team };
        } catch (err) {
          throw uniqueName(err);
        }
      },
    });

    app.delete('/teams/:id', {
      config: { access: 'users:write' },
      schema: { tags: ['teams'], summary: 'Delete a team (its members stay users of the tenant)', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const before = await getTeam(trx, tenantId, req.params.id);
          if (!before) throw notFound('Team');
          await trx.deleteFrom('team_members').where('tenant_id', '=', tenantId).where('team_id', '=', before.id).execute();
          await trx.deleteFrom('teams').where('tenant_id', '=', tenantId).where('id', '=', before.id).execute();
          await recordAudit(trx, actorOf(req), { action: 'team.deleted', entity_type: 'team', entity_id: before.id, before });
        });
        return reply.status(204).send(null);
      },
    });

    app.get('/teams/:id/members', {
      config: { access: 'users:read' },
      schema: { tags: ['teams'], summary: "List a team's members", params: IdParams, response: { 200: dataOf(z.array(TeamMember)) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const team = await getTeam(db, tenantId, req.params.id);
        if (!team) throw notFound('Team');
        return { data: await listTeamMembers(db, tenantId, team.id) };
      },
    });

    app.post('/teams/:id/members', {
      config: { access: 'users:write' },
      schema: { tags: ['teams'], summary: 'Add a user of this tenant to a team (idempotent)', params: IdParams, body: AddTeamMemberBody, response: { 200: dataOf(z.array(TeamMember)) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const members = await db.transaction().execute(async (trx) => {
          const team = await getTeam(trx, tenantId, req.params.id);
          if (!team) throw notFound('Team');
          const user = await getMember(trx, tenantId, req.body.user_id);
          if (!user) throw notFound('User');
          const linked = await trx.selectFrom('team_members').select('user_id').where('team_id', '=', team.id).where('user_id', '=', user.id).executeTakeFirst();
          if (!linked) {
            await trx.insertInto('team_members').values({ tenant_id: tenantId, team_id: team.id, user_id: user.id, created_at: now() }).execute();
            await trx.updateTable('teams').set({ updated_at: now() }).where('id', '=', team.id).execute();
            await recordAudit(trx, actorOf(req), { action: 'team.member_added', entity_type: 'team', entity_id: team.id, after: { user_id: user.id } });
          }
          return listTeamMembers(trx, tenantId, team.id);
        });
        return { data: members };
      },
    });

    app.delete('/teams/:id/members/:user_id', {
      config: { access: 'users:write' },
      schema: { tags: ['teams'], summary: 'Remove a user from a team', params: TeamMemberParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const team = await getTeam(trx, tenantId, req.params.id);
          if (!team) throw notFound('Team');
          const removed = await trx.deleteFrom('team_members').where('tenant_id', '=', tenantId).where('team_id', '=', team.id).where('user_id', '=', req.params.user_id).executeTakeFirst();
          if (!Number(removed.numDeletedRows)) throw notFound('Member of this team');
          await trx.updateTable('teams').set({ updated_at: now() }).where('id', '=', team.id).execute();
          await recordAudit(trx, actorOf(req), { action: 'team.member_removed', entity_type: 'team', entity_id: team.id, before: { user_id: req.params.user_id } });
        });
        return reply.status(204).send(null);
      },
    });
  };
