import type { Me, TenantRole } from '@switchboard/shared';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../../db/schema.js';
import type { Database } from '../../db/index.js';
import { parseJson } from '../../db/query.js';
import { AppError } from '../../http/errors.js';
import type { AuthContext } from '../../http/guard.js';
import { now } from '../../http/pagination.js';
import { type TokenSigner, newOpaqueToken, sha256 } from './crypto.js';

export const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'Invalid credentials', 'The email or password is not correct');

/** Issue an access token and a refresh token (new family unless one is given). */
export async function issueTokens(
  db: Kysely<DB>,
  tokens: TokenSigner,
  refreshTtl: number,
  userId: string,
  tenantId: string | null,
  familyId: string = uuidv7(),
) {
  const { token, hash } = newOpaqueToken();
  const at = new Date();
  await db
    .insertInto('refresh_tokens')
    .values({
      id: uuidv7(),
      family_id: familyId,
      user_id: userId,
      tenant_id: tenantId,
      token_hash: hash,
      expires_at: new Date(at.getTime() + refreshTtl * 1000).toISOString(),
      used_at: null,
      revoked_at: null,
      created_at: at.toISOString(),
    })
    .execute();
  return {
    access_token: await tokens.sign({ sub: userId, tid: tenantId }),
    expires_in: tokens.ttl,
    refresh_token: token,
    token_type: 'Bearer' as const,
  };
}

/** Revoke every refresh token of a family (logout, or reuse of a spent token). */
export async function revokeFamily(db: Kysely<DB>, familyId: string): Promise<void> {
  await db.updateTable('refresh_tokens').set({ revoked_at: now() }).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute();
}

/** Revoke every refresh token of a user (password reset). */
export async function revokeUserTokens(db: Kysely<DB>, userId: string): Promise<void> {
  await db.updateTable('refresh_tokens').set({ revoked_at: now() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** Look up a refresh token by its hash. */
export async function findRefreshToken(db: Kysely<DB>, token: string) {
  return db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
}

/** Tenants the user may sign in to (active memberships of live tenants), oldest first. */
export async function membershipsOf(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('tenants as t', 't.id', 'm.tenant_id')
    .select(['m.tenant_id', 't.name as tenant_name', 'm.role', 'm.status', 't.status as tenant_status', 't.trial_ends_at'])
    .where('m.user_id', '=', userId)
    .where('m.deleted_at', 'is', null)
    .where('t.deleted_at', 'is', null)
    .orderBy('m.created_at')
    .execute();
}

/** The `GET /auth/me` document for a caller. */
export async function buildMe(db: Database, auth: AuthContext): Promise<Me> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'phone', 'avatar_url', 'is_superadmin'])
    .where('id', '=', auth.userId)
    .executeTakeFirstOrThrow();
  const memberships = (await membershipsOf(db, auth.userId)).filter((m) => m.status === 'active');
  let tenant: Me['tenant'] = null;
  if (auth.tenantId) {
    const t = await db.selectFrom('tenants').select(['id', 'name', 'status', 'features']).where('id', '=', auth.tenantId).executeTakeFirstOrThrow();
    tenant = { id: t.id, name: t.name, status: t.status, features: parseJson<Record<string, boolean>>(t.features, {}) };
  }
  return {
    user: { ...user, is_superadmin: Number(user.is_superadmin) === 1 },
    tenant,
    role: auth.role,
    permissions: [...auth.permissions],
    memberships: memberships.map((m) => ({ tenant_id: m.tenant_id, tenant_name: m.tenant_name, role: m.role as TenantRole })),
  };
}
