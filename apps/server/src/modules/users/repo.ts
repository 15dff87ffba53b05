import { AGENT_ROLES, type TenantRole, type User } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type Database, num } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { contains } from '../../db/query.js';
import { AppError, conflict } from '../../http/errors.js';
import { now, parseSort } from '../../http/pagination.js';
import { hashPassword } from '../auth/crypto.js';

/** Columns that make a tenant-scoped `User`. */
function memberQuery(db: Kysely<DB>, tenantId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.tenant_id', '=', tenantId)
    .where('m.deleted_at', 'is', null)
    .where('u.deleted_at', 'is', null);
}
const MEMBER_COLUMNS = [
  'u.id',
  'u.email',
  'u.name',
  'u.phone',
  'u.avatar_url',
  'm.role',
  'm.status',
  'u.last_login_at',
  'm.created_at',
  // The later of the account's and this tenant's membership's change (another tenant's membership never shows).
  sql<string>`case when m.updated_at > u.updated_at then m.updated_at else u.updated_at end`.as('updated_at'),
] as const;

function toUser(r: Record<string, unknown>): User {
  return r as unknown as User;
}

export async function getMember(db: Kysely<DB>, tenantId: string, userId: string): Promise<User | undefined> {
  const r = await memberQuery(db, tenantId).select(MEMBER_COLUMNS).where('u.id', '=', userId).executeTakeFirst();
  return r ? toUser(r) : undefined;
}

/** Members that count against `max_agents`. */
export async function countAgents(db: Kysely<DB>, tenantId: string): Promise<number> {
  const r = await memberQuery(db, tenantId)
    .where('m.role', 'in', [...AGENT_ROLES])
    .where('m.status', '=', 'active')
    .select((e) => e.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return num(r.n);
}

export interface NewMember {
  email: string;
  name: string;
  role: TenantRole;
  password?: string;
  phone?: string | null;
  avatar_url?: string | null;
}

/**
 * Add a user to a tenant. An address that already has an account (in another tenant) gets a
 * membership here and keeps its password; a new address gets an account.
 * `accountCreated` is false when the account existed. 409 when the address is already a member.
 */
export async function addMember(db: Kysely<DB>, tenantId: string, m: NewMember): Promise<{ user: User; accountCreated: boolean }> {
  const at = now();
  let account = await db.selectFrom('users').select(['id', 'deleted_at']).where('email', '=', m.email).executeTakeFirst();
  let accountCreated = false;
  if (!account) {
    const id = uuidv7();
    await db
      .insertInto('users')
      .values({
        id,
        email: m.email,
        name: m.name,
        password_hash: m.password ? await hashPassword(m.password) : null,
        phone: m.phone ?? null,
        avatar_url: m.avatar_url ?? null,
        is_superadmin: 0,
        last_login_at: null,
        password_changed_at: m.password ? at : null,
        created_at: at,
        updated_at: at,
        deleted_at: null,
      })
      .execute();
    account = { id, deleted_at: null };
    accountCreated = true;
  } else if (account.deleted_at) {
    throw conflict('This address belongs to a deleted account', [{ field: 'email', message: 'belongs to a deleted account' }]);
  }
  const existing = await db
    .selectFrom('memberships')
    .select(['id', 'deleted_at'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', account.id)
    .executeTakeFirst();
  if (existing && !existing.deleted_at) throw conflict('This user is already a member', [{ field: 'email', message: 'already a member' }]);
  if (existing) {
    await db.updateTable('memberships').set({ role: m.role, status: 'active', deleted_at: null, updated_at: at }).where('id', '=', existing.id).execute();
  } else {
    await db
      .insertInto('memberships')
      .values({ id: uuidv7(), tenant_id: tenantId, user_id: account.id, role: m.role, status: 'active', created_at: at, updated_at: at, deleted_at: null })
      .execute();
  }
  return { user: (await getMember(db, tenantId, account.id)) as User, accountCreated };
}

export interface MemberPatch {
  name?: string;
  role?: TenantRole;
  status?: 'active' | 'disabled';
  phone?: string | null;
  avatar_url?: string | null;
}

const PROFILE_FIELDS = ['name', 'phone', 'avatar_url'] as const;

/**
 * Update a member: role and status belong to this tenant's membership; name, phone and avatar to
 * the account. An account that is also a member of another tenant keeps its profile: one tenant
 * must not change what another tenant sees (403, unless the values are unchanged).
 */
export async function updateMember(db: Kysely<DB>, tenantId: string, userId: string, p: MemberPatch): Promise<User> {
  const at = now();
  const current = await db.selectFrom('users').select(PROFILE_FIELDS).where('id', '=', userId).executeTakeFirstOrThrow();
  const profile: Record<string, unknown> = {};
  for (const f of PROFILE_FIELDS) if (p[f] !== undefined && p[f] !== current[f]) profile[f] = p[f];
  if (Object.keys(profile).length) {
    const elsewhere = await db
      .selectFrom('memberships as m')
      .innerJoin('tenants as t', 't.id', 'm.tenant_id')
      .select('m.id')
      .where('m.user_id', '=', userId)
      .where('m.tenant_id', '<>', tenantId)
      .where('m.deleted_at', 'is', null)
      .where('t.deleted_at', 'is', null)
      .executeTakeFirst();
    if (elsewhere)
      throw new AppError(
        403,
        'forbidden',
        'Forbidden',
        'This account also belongs to another company: only its owner can change its name, phone and avatar',
        Object.keys(profile).map((field) => ({ field, message: 'managed by the account owner' })),
      );
    await db.updateTable('users').set({ ...profile, updated_at: at }).where('id', '=', userId).execute();
  }
  const membership: Record<string, unknown> = {};
  if (p.role !== undefined) membership.role = p.role;
  if (p.status !== undefined) membership.status = p.status;
  if (Object.keys(membership).length)
    await db.updateTable('memberships').set({ ...membership, updated_at: at }).where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  return (await getMember(db, tenantId, userId)) as User;
}

/** Remove a user from a tenant (soft) and end their sessions there. */
export async function removeMember(db: Kysely<DB>, tenantId: string, userId: string): Promise<void> {
  const at = now();
  await db.updateTable('memberships').set({ deleted_at: at, updated_at: at }).where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('tenant_id', '=', tenantId)
    .where('revoked_at', 'is', null)
    .execute();
}

export interface UserListFilter {
  q?: string;
  role?: string;
  status?: string;
  sort: string;
  page: number;
  page_size: number;
}

export function createUserRepo(db: Database) {
  return {
    async list(tenantId: string, f: UserListFilter) {
      let q = memberQuery(db, tenantId);
      if (f.q) q = q.where((e) => e.or([contains('u.name', f.q as string), contains('u.email', f.q as string)]));
      if (f.role) q = q.where('m.role', '=', f.role);
      if (f.status) q = q.where('m.status', '=', f.status);
      const [col, dir] = parseSort<'name' | 'email' | 'created_at'>(f.sort);
      // Names and emails sort case-insensitively on every database (not by the collation's byte order).
      const orderCol = col === 'created_at' ? sql.ref('m.created_at') : sql`lower(${sql.ref(`u.${col}`)})`;
      const [total, rows] = await Promise.all([
        q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
        q.select(MEMBER_COLUMNS).orderBy(orderCol, dir).orderBy('u.id').limit(f.page_size).offset((f.page - 1) * f.page_size).execute(),
      ]);
      return { rows: rows.map(toUser), total: total.n };
    },
  };
}
