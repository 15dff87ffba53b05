import type { Feature, Permission, Role, TenantFeatures } from '@switchboard/shared';
import { ROLE_PERMISSIONS } from '@switchboard/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/index.js';
import { parseJson } from '../db/query.js';
import type { TokenSigner } from '../modules/auth/crypto.js';
import { AppError, forbidden, unauthorized } from './errors.js';

/** What a route requires: a permission, or only a signed-in user, or nothing. */
export type RouteAccess = Permission | 'authenticated' | 'public';

/** Who is calling, resolved from the access token and the database on every request. */
export interface AuthContext {
  userId: string;
  email: string;
  isSuperadmin: boolean;
  tenantId: string | null;
  tenantName: string | null;
  tenantStatus: string | null;
  features: Partial<TenantFeatures>;
  role: Role | null;
  permissions: ReadonlySet<Permission>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required: what the route needs. Start-up fails for an /api/v1 route without it. */
    access?: RouteAccess;
    /** Feature flag that must be on for the caller's tenant. */
    feature?: Feature;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

/** Platform routes act across tenants; tenant routes act inside the caller's tenant. */
export function scopeOf(access: RouteAccess): 'public' | 'authenticated' | 'platform' | 'tenant' {
  if (access === 'public' || access === 'authenticated') return access;
  return access === 'tenants:manage' ? 'platform' : 'tenant';
}

/** A tenant whose users may not sign in or act: suspended, inactive, or past its trial. */
export function tenantBlock(status: string, trialEndsAt: string | null, at = new Date().toISOString()): AppError | null {
  if (status === 'suspended' || status === 'inactive')
    return new AppError(403, 'tenant_suspended', 'Tenant suspended', 'This company account is suspended; contact your administrator');
  if (status === 'trial' && trialEndsAt && trialEndsAt < at)
    return new AppError(403, 'trial_expired', 'Trial expired', 'The trial of this company account has ended');
  return null;
}

/** Load the caller's identity for a user in a tenant (or none). Null when it no longer may act. */
export async function loadAuthContext(db: Database, userId: string, tenantId: string | null): Promise<AuthContext | AppError | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'is_superadmin'])
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!user) return null;
  const isSuperadmin = Number(user.is_superadmin) === 1;
  if (!tenantId) {
    if (!isSuperadmin) return null;
    return {
      userId: user.id,
      email: user.email,
      isSuperadmin,
      tenantId: null,
      tenantName: null,
      tenantStatus: null,
      features: {},
      role: 'superadmin',
      permissions: new Set(ROLE_PERMISSIONS.superadmin),
    };
  }
  const row = await db
    .selectFrom('tenants as t')
    .leftJoin('memberships as m', (j) => j.onRef('m.tenant_id', '=', 't.id').on('m.user_id', '=', userId).on('m.deleted_at', 'is', null))
    .select(['t.id', 't.name', 't.status', 't.trial_ends_at', 't.features', 'm.role', 'm.status as m_status'])
    .where('t.id', '=', tenantId)
    .where('t.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  let role: Role;
  if (isSuperadmin) role = 'superadmin';
  else {
    if (!row.role || row.m_status !== 'active') return null;
    const block = tenantBlock(row.status, row.trial_ends_at);
    if (block) return block;
    role = row.role as Role;
  }
  return {
    userId: user.id,
    email: user.email,
    isSuperadmin,
    tenantId: row.id,
    tenantName: row.name,
    tenantStatus: row.status,
    features: parseJson<Partial<TenantFeatures>>(row.features, {}),
    role,
    permissions: new Set(ROLE_PERMISSIONS[role]),
  };
}

/**
 * Every /api/v1 route must declare `config.access`; the hook authenticates the bearer token,
 * checks the permission and the route's feature flag before validation runs.
 */
export function registerGuard(app: FastifyInstance, deps: { db: Database; tokens: TokenSigner }): void {
  app.decorateRequest('auth', null);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1') || route.url === '/api/v1/openapi.json') return;
    if (!route.config?.access) throw new Error(`Route ${route.method} ${route.url} declares no access (config.access)`);
  });
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access || access === 'public') return;
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token) throw unauthorized();
    const claims = await deps.tokens.verify(token);
    if (!claims) throw unauthorized('The access token is invalid or expired');
    const ctx = await loadAuthContext(deps.db, claims.sub, claims.tid);
    if (ctx instanceof AppError) throw ctx;
    if (!ctx) throw unauthorized('Your session is no longer valid');
    req.auth = ctx;
    if (access === 'authenticated') return;
    if (!ctx.permissions.has(access)) throw forbidden();
    if (scopeOf(access) === 'tenant') {
      if (!ctx.tenantId) throw forbidden('Switch to a tenant first');
      const feature = req.routeOptions.config?.feature;
      if (feature && ctx.features[feature] === false)
        throw new AppError(403, 'feature_disabled', 'Feature disabled', `The ${feature} feature is switched off for this tenant`);
    }
  });
}

/** The caller (route declared access other than public). */
export function authOf(req: FastifyRequest): AuthContext {
  if (!req.auth) throw unauthorized();
  return req.auth;
}

/** The caller's tenant id on a tenant-scoped route. */
export function tenantOf(req: FastifyRequest): string {
  const t = authOf(req).tenantId;
  if (!t) throw forbidden('Switch to a tenant first');
  return t;
}
