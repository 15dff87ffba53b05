import {
  AGENT_ROLES,
  CreateUserBody,
  IdParams,
  Ok,
  ROLES,
  ROLE_DESCRIPTIONS,
  ROLE_PERMISSIONS,
  RoleInfo,
  type TenantRole,
  UpdateUserBody,
  User,
  UserListQuery,
  dataOf,
  listOf,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { forbidden, notFound } from '../../http/errors.js';
import { authOf, tenantOf } from '../../http/guard.js';
import { pageMeta } from '../../http/pagination.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import { sendResetLink } from '../auth/routes.js';
import { assertWithinLimit } from '../tenants/limits.js';
import { addMember, countAgents, createUserRepo, getMember, removeMember, updateMember } from './repo.js';


/** A tenant's users: membership, role and profile. */
export const userRoutes = (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, config } = deps;
    const repo = createUserRepo(db);
    const flushMail = (log: { error: (o: object, m: string) => void }) => void deps.mailer.flush().catch((err) => log.error({ err }, 'outbox flush failed'));

    app.get('/roles', {
      config: { access: 'roles:read' },
      schema: { tags: ['users'], summary: 'The five roles and their permissions', response: { 200: dataOf(z.array(RoleInfo)) } },
      handler: async () => ({ data: ROLES.map((role) => ({ role, description: ROLE_DESCRIPTIONS[role], permissions: [...ROLE_PERMISSIONS[role]] })) }),
    });

    app.get('/users', {
      config: { access: 'users:read' },
      schema: { tags: ['users'], summary: 'List users of my tenant', querystring: UserListQuery, response: { 200: listOf(User) } },
      handler: async (req) => {
        const { rows, total } = await repo.list(tenantOf(req), req.query);
        return { data: rows, meta: pageMeta(req.query, total) };
      },
    });

    app.post('/users', {
      config: { access: 'users:write' },
      schema: {
        tags: ['users'],
        summary: 'Add a user (without a password they get an emailed link to set one)',
        body: CreateUserBody,
        response: { 201: dataOf(User) },
      },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        // Read committed: after assertWithinLimit locks the tenant, the count sees users committed meanwhile (MariaDB).
        const user = await db.transaction().setIsolationLevel('read committed').execute(async (trx) => {
          if (AGENT_ROLES.includes(req.body.role)) await assertWithinLimit(trx, tenantId, 'max_agents', () => countAgents(trx, tenantId));
          const { user, accountCreated } = await addMember(trx, tenantId, req.body);
          if (accountCreated && !req.body.password) await sendResetLink(trx, user, config.publicUrl, tenantId);
          await recordAudit(trx, actorOf(req), { action: 'user.created', entity_type: 'user', entity_id: user.id, after: user });
          return user;
        });
        flushMail(req.log);
        return reply.status(201).send({ data: user });
      },
    });

    app.get('/users/:id', {
      config: { access: 'users:read' },
      schema: { tags: ['users'], summary: 'Get a user', params: IdParams, response: { 200: dataOf(User) } },
      handler: async (req) => {
        const user = await getMember(db, tenantOf(req), req.params.id);
        if (!user) throw notFound('User');
        return { data: user };
      },
    });

    app.patch('/users/:id', {
      config: { access: 'users:write' },
      schema: { tags: ['users'], summary: 'Update a user: profile, role, status', params: IdParams, body: UpdateUserBody, response: { 200: dataOf(User) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const updated = await db.transaction().setIsolationLevel('read committed').execute(async (trx) => {
          const before = await getMember(trx, tenantId, req.params.id);
          if (!before) throw notFound('User');
          const changesRole = req.body.role !== undefined && req.body.role !== before.role;
          if (before.id === authOf(req).userId && (changesRole || req.body.status === 'disabled'))
            throw forbidden('You cannot change your own role or disable yourself');
          // Only active members in agent roles count against max_agents.
          const counts = (role: TenantRole, status: string) => status === 'active' && AGENT_ROLES.includes(role);
          const becomesAgent = counts(req.body.role ?? before.role, req.body.status ?? before.status) && !counts(before.role, before.status);
          if (becomesAgent) await assertWithinLimit(trx, tenantId, 'max_agents', () => countAgents(trx, tenantId));
          const after = await updateMember(trx, tenantId, before.id, req.body);
          await recordAudit(trx, actorOf(req), { action: 'user.updated', entity_type: 'user', entity_id: before.id, before, after });
          return after;
        });
        return { data: updated };
      },
    });

    app.delete('/users/:id', {
      config: { access: 'users:write' },
      schema: { tags: ['users'], summary: 'Remove a user from my tenant', params: IdParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const before = await getMember(trx, tenantId, req.params.id);
          if (!before) throw notFound('User');
          if (before.id === authOf(req).userId) throw forbidden('You cannot remove yourself');
          await removeMember(trx, tenantId, before.id);
          await recordAudit(trx, actorOf(req), { action: 'user.deleted', entity_type: 'user', entity_id: before.id, before });
        });
        return reply.status(204).send(null);
      },
    });

    app.post('/users/:id/reset-password', {
      config: { access: 'users:write' },
      schema: { tags: ['users'], summary: 'Email the user a link to set a new password', params: IdParams, response: { 202: Ok } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        await db.transaction().execute(async (trx) => {
          const user = await getMember(trx, tenantId, req.params.id);
          if (!user) throw notFound('User');
          await sendResetLink(trx, user, config.publicUrl, tenantId);
          await recordAudit(trx, actorOf(req), { action: 'user.password_reset_sent', entity_type: 'user', entity_id: user.id });
        });
        flushMail(req.log);
        return reply.status(202).send({ data: { ok: true as const } });
      },
    });
  };
