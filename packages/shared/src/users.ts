import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';
import { Email, Password } from './auth.js';
import { TENANT_ROLES } from './permissions.js';

export const USER_STATUSES = ['active', 'disabled'] as const;
export const UserStatus = z.enum(USER_STATUSES);

/** A user as seen inside a tenant (membership + profile). */
export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  avatar_url: z.string().nullable(),
  role: z.enum(TENANT_ROLES),
  status: UserStatus,
  last_login_at: Timestamp.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type User = z.infer<typeof User>;

const Phone = z.string().trim().regex(/^\+?[0-9 ()-]{3,30}$/, 'Not a phone number');

/** POST /users body. */
export const CreateUserBody = z.object({
  email: Email,
  name: z.string().trim().min(1).max(100),
  role: z.enum(TENANT_ROLES),
  /** Initial password; when omitted the user gets an emailed link to set one. */
  password: Password.optional(),
  phone: Phone.nullable().optional(),
  avatar_url: z.url().nullable().optional(),
});

/** PATCH /users/:id body. */
export const UpdateUserBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  role: z.enum(TENANT_ROLES).optional(),
  status: UserStatus.optional(),
  phone: Phone.nullable().optional(),
  avatar_url: z.url().nullable().optional(),
});

/** PATCH /auth/me body (my own profile). */
export const UpdateProfileBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  phone: Phone.nullable().optional(),
  avatar_url: z.url().nullable().optional(),
});

/** GET /users query. */
export const UserListQuery = PageQuery.extend({
  q: z.string().max(100).optional(),
  role: z.enum(TENANT_ROLES).optional(),
  status: UserStatus.optional(),
  sort: z.enum(['name', '-name', 'email', '-email', 'created_at', '-created_at']).default('name'),
});

/** A colleague as every user of the tenant may see them (no email, no settings). */
export const DirectoryUser = z.object({
  /** User id. */
  id: z.string(),
  /** Display name. */
  name: z.string(),
  /** Role in the tenant. */
  role: z.string(),
  /** Avatar image URL, if any. */
  avatar_url: z.string().nullable(),
  /** Ids of the teams the user belongs to. */
  team_ids: z.array(z.string()),
});
export type DirectoryUser = z.infer<typeof DirectoryUser>;

/** GET /directory: the tenant's active users and teams, for pickers and names (assignment, transfers). */
export const Directory = z.object({
  /** Active users of the tenant, by name. */
  users: z.array(DirectoryUser),
  /** Teams of the tenant, by name. */
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type Directory = z.infer<typeof Directory>;
