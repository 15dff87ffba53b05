import { z } from 'zod';
import { Id } from './common.js';
import { PERMISSIONS, ROLES, TENANT_ROLES } from './permissions.js';

/** A password a user chooses: 10 to 200 characters. */
export const Password = z.string().min(10, 'At least 10 characters').max(200);

/** An email address, trimmed and lower-cased. */
export const Email = z.string().trim().toLowerCase().pipe(z.email('Not a valid email address')).pipe(z.string().max(254));

/**
 * A tenant slug: lower-case letters, digits and dashes, 2–31 long, starting with a letter. It
 * prefixes Asterisk names: `<slug>-internal` must fit Asterisk's 40-character context column.
 */
export const Slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,30}$/, 'Lower-case letters, digits and dashes; 2–31 long; starts with a letter')
  .refine((s) => !s.endsWith('-') && !s.includes('--'), 'No trailing or double dash');

/** POST /auth/login body. */
export const LoginBody = z.object({
  email: Email,
  password: z.string().min(1, 'Required').max(200),
  /** Tenant to sign in to when the user belongs to several; defaults to the first. */
  tenant_id: z.string().optional(),
});

/** POST /auth/register body (self sign-up: new tenant + its first admin). */
export const RegisterBody = z.object({
  company_name: z.string().trim().min(2).max(100),
  slug: Slug,
  name: z.string().trim().min(1).max(100),
  email: Email,
  password: Password,
});

/** POST /auth/refresh and /auth/logout body. */
export const RefreshBody = z.object({ refresh_token: z.string().min(10) });

/** POST /auth/forgot-password body. */
export const ForgotPasswordBody = z.object({ email: Email });

/** POST /auth/reset-password body. */
export const ResetPasswordBody = z.object({ token: z.string().min(10), password: Password });

/** POST /auth/change-password body. */
export const ChangePasswordBody = z.object({ current_password: z.string().min(1), new_password: Password });

/** POST /auth/switch-tenant body. */
export const SwitchTenantBody = z.object({ tenant_id: z.string().min(1) });

/** Tokens returned by login, refresh, register and switch-tenant. */
export const TokenPair = z.object({
  access_token: z.string(),
  /** Seconds until the access token expires. */
  expires_in: z.number().int(),
  refresh_token: z.string(),
  token_type: z.literal('Bearer'),
});

export type TokenPair = z.infer<typeof TokenPair>;

/** A tenant the user may switch to. */
export const MembershipSummary = z.object({
  tenant_id: Id,
  tenant_name: z.string(),
  role: z.enum(TENANT_ROLES),
});

/** GET /auth/me: who is signed in, where, and what they may do. */
export const Me = z.object({
  user: z.object({
    id: Id,
    email: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    avatar_url: z.string().nullable(),
    is_superadmin: z.boolean(),
  }),
  /** Current tenant (null for a superadmin outside any tenant). */
  tenant: z
    .object({
      id: Id,
      name: z.string(),
      status: z.string(),
      features: z.record(z.string(), z.boolean()),
    })
    .nullable(),
  role: z.enum(ROLES).nullable(),
  permissions: z.array(z.enum(PERMISSIONS)),
  memberships: z.array(MembershipSummary),
});
export type Me = z.infer<typeof Me>;

/** GET /roles item: a role, what it is for, and its permissions. */
export const RoleInfo = z.object({
  role: z.enum(ROLES),
  description: z.string(),
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type RoleInfo = z.infer<typeof RoleInfo>;
