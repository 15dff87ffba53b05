import {
  ChangePasswordBody,
  ForgotPasswordBody,
  LoginBody,
  Me,
  Ok,
  RefreshBody,
  RegisterBody,
  ResetPasswordBody,
  SwitchTenantBody,
  TokenPair,
  UpdateProfileBody,
  dataOf,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import type { AppDeps } from '../../app.js';
import { queueEmail } from '../../mail/outbox.js';
import { AppError, conflict, forbidden, unauthorized } from '../../http/errors.js';
import { authOf, loadAuthContext, tenantBlock } from '../../http/guard.js';
import { createLimiter } from '../../http/rate-limit.js';
import { now } from '../../http/pagination.js';
import { actorOf, recordAudit } from '../audit/repo.js';
import { insertTenant, slugTaken } from '../tenants/repo.js';
import { addMember } from '../users/repo.js';
import { hashPassword, newOpaqueToken, sha256, verifyPassword } from './crypto.js';
import { buildMe, findRefreshToken, invalidCredentials, issueTokens, membershipsOf, revokeFamily, revokeUserTokens } from './service.js';

const TRIAL_DAYS = 14;
const RESET_TTL_MS = 60 * 60 * 1000;
const tokenResponse = { 200: dataOf(TokenPair) };

export const authRoutes = (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, config, tokens } = deps;
    const perIp = createLimiter({ keyPrefix: 'login_ip', points: config.loginMaxPerIp, durationSeconds: config.loginWindowSeconds, redis: deps.redis });
    const perAccount = createLimiter({ keyPrefix: 'login_acct', points: config.loginMaxPerAccount, durationSeconds: config.loginWindowSeconds, redis: deps.redis });
    // Sign-ups and reset emails from one address: enough for people, not for scripts.
    const perIpMail = createLimiter({ keyPrefix: 'mail_ip', points: 20, durationSeconds: 3600, redis: deps.redis });
    const issue = (trx: typeof db, userId: string, tenantId: string | null, family?: string) =>
      issueTokens(trx, tokens, config.refreshTtl, userId, tenantId, family);

    app.post('/auth/register', {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Sign up: a new tenant (on trial) and its first admin', body: RegisterBody, response: { 201: dataOf(TokenPair) } },
      handler: async (req, reply) => {
        if (!config.selfSignup) throw forbidden('Self sign-up is disabled on this installation');
        await perIpMail.hit(`register:${req.ip}`);
        const b = req.body;
        const pair = await db.transaction().execute(async (trx) => {
          if (await slugTaken(trx, b.slug)) throw conflict('This company id is taken', [{ field: 'slug', message: 'already taken' }]);
          if (await trx.selectFrom('users').select('id').where('email', '=', b.email).executeTakeFirst())
            throw conflict('An account with this email exists; sign in instead', [{ field: 'email', message: 'already registered' }]);
          const tenant = await insertTenant(trx, {
            id: b.slug,
            name: b.company_name,
            status: 'trial',
            trial_ends_at: new Date(Date.now() + TRIAL_DAYS * 86_400_000).toISOString(),
          });
          const { user } = await addMember(trx, tenant.id, { email: b.email, name: b.name, role: 'tenant_admin', password: b.password });
          const actor = { ...actorOf(req, tenant.id), userId: user.id, email: user.email };
          await recordAudit(trx, actor, { action: 'tenant.registered', entity_type: 'tenant', entity_id: tenant.id, after: tenant });
          return issue(trx, user.id, tenant.id);
        });
        return reply.status(201).send({ data: pair });
      },
    });

    app.post('/auth/login', {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Sign in with email and password', body: LoginBody, response: tokenResponse },
      handler: async (req) => {
        const { email, password, tenant_id } = req.body;
        await Promise.all([perAccount.check(email), perIp.check(req.ip)]);
        const user = await db
          .selectFrom('users')
          .select(['id', 'email', 'password_hash', 'is_superadmin'])
          .where('email', '=', email)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        const ok = await verifyPassword(password, user?.password_hash ?? null);
        if (!user || !ok) {
          // Only failures count, so busy offices behind one address are not locked out.
          await Promise.all([perAccount.hit(email), perIp.hit(req.ip)]);
          throw invalidCredentials();
        }
        await perAccount.reset(email);
        const isSuperadmin = Number(user.is_superadmin) === 1;
        const memberships = await membershipsOf(db, user.id);
        let tenantId: string | null = null;
        if (tenant_id) {
          const m = memberships.find((x) => x.tenant_id === tenant_id);
          if (!m && !isSuperadmin) throw invalidCredentials();
          tenantId = tenant_id;
        } else if (!isSuperadmin) {
          const active = memberships.filter((m) => m.status === 'active');
          if (!active.length) throw forbidden('Your account is disabled in every company it belongs to');
          // Prefer a tenant the user can actually work in; report why when there is none.
          const usable = active.find((m) => !tenantBlock(m.tenant_status, m.trial_ends_at));
          if (!usable) throw tenantBlock(active[0].tenant_status, active[0].trial_ends_at) as AppError;
          tenantId = usable.tenant_id;
        }
        if (tenantId) {
          const ctx = await loadAuthContext(db, user.id, tenantId);
          if (ctx instanceof AppError) throw ctx;
          if (!ctx) throw forbidden('Your account is disabled in this company');
        }
        return db.transaction().execute(async (trx) => {
          await trx.updateTable('users').set({ last_login_at: now() }).where('id', '=', user.id).execute();
          return { data: await issue(trx, user.id, tenantId) };
        });
      },
    });

    app.post('/auth/refresh', {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Rotate a refresh token for a new token pair', body: RefreshBody, response: tokenResponse },
      handler: async (req) => {
        const row = await findRefreshToken(db, req.body.refresh_token);
        if (!row) throw unauthorized('Unknown refresh token');
        if (row.revoked_at) throw unauthorized('This session was ended');
        if (row.used_at) {
          // A spent token presented again means it leaked: end the whole family.
          await revokeFamily(db, row.family_id);
          throw new AppError(401, 'token_reused', 'Refresh token reused', 'This refresh token was already used; the session was ended for safety');
        }
        if (row.expires_at < now()) throw unauthorized('The session expired; sign in again');
        const ctx = await loadAuthContext(db, row.user_id, row.tenant_id);
        if (ctx instanceof AppError) throw ctx;
        if (!ctx) throw unauthorized('Your session is no longer valid');
        return db.transaction().execute(async (trx) => {
          const spent = await trx.updateTable('refresh_tokens').set({ used_at: now() }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
          if (Number(spent.numUpdatedRows) !== 1) {
            await revokeFamily(trx, row.family_id);
            throw new AppError(401, 'token_reused', 'Refresh token reused', 'This refresh token was already used; the session was ended for safety');
          }
          return { data: await issue(trx, row.user_id, row.tenant_id, row.family_id) };
        });
      },
    });

    app.post('/auth/logout', {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'End the session of a refresh token', body: RefreshBody, response: { 200: Ok } },
      handler: async (req) => {
        const row = await findRefreshToken(db, req.body.refresh_token);
        if (row) await revokeFamily(db, row.family_id);
        return { data: { ok: true as const } };
      },
    });

    app.post('/auth/forgot-password', {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Email a one-time password reset link', body: ForgotPasswordBody, response: { 202: Ok } },
      handler: async (req, reply) => {
        await perIpMail.hit(`forgot:${req.ip}`);
        const user = await db.selectFrom('users').select(['id', 'email', 'name']).where('email', '=', req.body.email).where('deleted_at', 'is', null).executeTakeFirst();
        if (user) {
          await db.transaction().execute((trx) => sendResetLink(trx, user, config.publicUrl));
          void deps.mailer.flush().catch((err) => req.log.error({ err }, 'outbox flush failed'));
        }
        // Same answer whether or not the address is known.
        return reply.status(202).send({ data: { ok: true as const } });
      },
    });

    app.post('/auth/reset-password', {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Set a new password with a reset token', body: ResetPasswordBody, response: { 200: Ok } },
      handler: async (req) => {
        await db.transaction().execute(async (trx) => {
          const row = await trx.selectFrom('password_resets').selectAll().where('token_hash', '=', sha256(req.body.token)).executeTakeFirst();
          if (!row || row.used_at || row.expires_at < now())
            throw new AppError(400, 'validation_failed', 'Invalid reset link', 'This reset link is invalid or expired; ask for a new one', [
              { field: 'token', message: 'invalid or expired' },
            ]);
          const spent = await trx.updateTable('password_resets').set({ used_at: now() }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
          if (Number(spent.numUpdatedRows) !== 1) throw new AppError(400, 'validation_failed', 'Invalid reset link', 'This reset link was already used');
          await trx.updateTable('users').set({ password_hash: await hashPassword(req.body.password), password_changed_at: now(), updated_at: now() }).where('id', '=', row.user_id).execute();
          await revokeUserTokens(trx, row.user_id);
          await recordAudit(trx, { ...actorOf(req, null), userId: row.user_id }, { action: 'user.password_reset', entity_type: 'user', entity_id: row.user_id });
        });
        return { data: { ok: true as const } };
      },
    });

    app.post('/auth/change-password', {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Change my password', body: ChangePasswordBody, response: { 200: Ok } },
      handler: async (req) => {
        const auth = authOf(req);
        const user = await db.selectFrom('users').select(['password_hash']).where('id', '=', auth.userId).executeTakeFirstOrThrow();
        if (!(await verifyPassword(req.body.current_password, user.password_hash)))
          throw new AppError(400, 'validation_failed', 'Validation failed', 'The current password is not correct', [
            { field: 'current_password', message: 'not correct' },
          ]);
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('users').set({ password_hash: await hashPassword(req.body.new_password), password_changed_at: now(), updated_at: now() }).where('id', '=', auth.userId).execute();
          await recordAudit(trx, actorOf(req), { action: 'user.password_changed', entity_type: 'user', entity_id: auth.userId });
        });
        return { data: { ok: true as const } };
      },
    });

    app.get('/auth/me', {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Who I am, where, and what I may do', response: { 200: dataOf(Me) } },
      handler: async (req) => ({ data: await buildMe(db, authOf(req)) }),
    });

    app.patch('/auth/me', {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Update my profile', body: UpdateProfileBody, response: { 200: dataOf(Me) } },
      handler: async (req) => {
        const auth = authOf(req);
        await db.transaction().execute(async (trx) => {
          const before = await trx.selectFrom('users').select(['name', 'phone', 'avatar_url']).where('id', '=', auth.userId).executeTakeFirstOrThrow();
          await trx.updateTable('users').set({ ...req.body, updated_at: now() }).where('id', '=', auth.userId).execute();
          await recordAudit(trx, actorOf(req), { action: 'user.profile_updated', entity_type: 'user', entity_id: auth.userId, before, after: { ...before, ...req.body } });
        });
        return { data: await buildMe(db, auth) };
      },
    });

    app.post('/auth/switch-tenant', {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Switch to another tenant I belong to', body: SwitchTenantBody, response: tokenResponse },
      handler: async (req) => {
        const auth = authOf(req);
        const ctx = await loadAuthContext(db, auth.userId, req.body.tenant_id);
        if (ctx instanceof AppError) throw ctx;
        if (!ctx) throw new AppError(404, 'not_found', 'Not found', 'Tenant not found');
        return db.transaction().execute(async (trx) => ({ data: await issue(trx, auth.userId, req.body.tenant_id) }));
      },
    });
  };

/** Create a one-time reset token and queue the email with its link (inside the caller's transaction). */
export async function sendResetLink(trx: Parameters<typeof queueEmail>[0], user: { id: string; email: string; name: string }, publicUrl: string, tenantId: string | null = null) {
  const { token, hash } = newOpaqueToken();
  await trx
    .insertInto('password_resets')
    .values({ id: uuidv7(), user_id: user.id, token_hash: hash, expires_at: new Date(Date.now() + RESET_TTL_MS).toISOString(), used_at: null, created_at: now() })
    .execute();
  const link = `${publicUrl}/reset-password?token=${token}`;
  await queueEmail(trx, {
    tenantId,
    to: user.email,
    subject: 'Set your Switchboard password',
    text: `Hello ${user.name},\n\nUse this link within one hour to set your password:\n${link}\n\nIf you did not ask for it, ignore this email.\n`,
  });
}
