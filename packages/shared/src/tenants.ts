import { z } from 'zod';
import { PageQuery, Timestamp } from './common.js';
import { Email, Password, Slug } from './auth.js';
import { MAX_ATTACHMENT_MB } from './helpdesk-attachments.js';

export const TENANT_STATUSES = ['active', 'trial', 'suspended', 'inactive'] as const;
export const TenantStatus = z.enum(TENANT_STATUSES);

/** Feature flags; each switches matching routes and pages off. */
export const FEATURES = ['webrtc', 'sms', 'recording', 'queues', 'ivr', 'chat', 'helpdesk', 'analytics', 'api'] as const;
export type Feature = (typeof FEATURES)[number];

/** Flags of a tenant: every feature on or off. */
export const TenantFeatures = z.object(Object.fromEntries(FEATURES.map((f) => [f, z.boolean()])) as Record<Feature, z.ZodBoolean>);
export type TenantFeatures = z.infer<typeof TenantFeatures>;

/** Resource limits; null means unlimited. */
export const TenantLimits = z.object({
  max_agents: z.number().int().min(0).nullable(),
  max_dids: z.number().int().min(0).nullable(),
  max_concurrent_calls: z.number().int().min(0).nullable(),
});
export type TenantLimits = z.infer<typeof TenantLimits>;
export const LIMIT_NAMES = ['max_agents', 'max_dids', 'max_concurrent_calls'] as const;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
/** Weekly opening hours: day (mon…sun) → list of open intervals; a missing day is closed. */
export const BusinessHours = z.partialRecord(
  z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
  z.array(z.object({ start: HHMM, end: HHMM })),
);

/** Tenant settings. */
export const TenantSettings = z.object({
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timezone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown time zone'),
  /** BCP 47 locale, e.g. `en-US`. */
  locale: z.string().min(2).max(20),
  business_hours: BusinessHours,
  branding: z.object({
    primary_color: z.string().regex(/^#[0-9a-fA-F]{6}$/, '#RRGGBB').nullable(),
    logo_url: z.url().nullable(),
  }),
  /** Ticket number prefix (helpdesk); defaults to the upper-case slug. */
  ticket_prefix: z.string().regex(/^[A-Z0-9]{1,10}$/, 'Upper-case letters and digits, at most 10').nullable(),
  /** Extension number length (telephony). */
  extension_digits: z.number().int().min(2).max(6),
  /** Largest ticket attachment in MB (helpdesk uploads and email); default 20. */
  max_attachment_mb: z.number().int().min(1).max(MAX_ATTACHMENT_MB),
});
export type TenantSettings = z.infer<typeof TenantSettings>;

/** A tenant as the API shows it. */
export const Tenant = z.object({
  id: Slug,
  name: z.string(),
  status: TenantStatus,
  trial_ends_at: Timestamp.nullable(),
  limits: TenantLimits,
  features: TenantFeatures,
  settings: TenantSettings,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Tenant = z.infer<typeof Tenant>;

/** POST /tenants body. */
export const CreateTenantBody = z.object({
  id: Slug,
  name: z.string().trim().min(2).max(100),
  status: TenantStatus.default('active'),
  trial_ends_at: z.iso.datetime().nullable().optional(),
  limits: TenantLimits.partial().optional(),
  features: TenantFeatures.partial().optional(),
  settings: TenantSettings.partial().optional(),
  /** Optional first admin of the new tenant. */
  admin: z.object({ name: z.string().trim().min(1).max(100), email: Email, password: Password }).optional(),
});

/** PATCH /tenants/:id body (the id/slug is immutable). */
export const UpdateTenantBody = z.object({
  name: z.string().trim().min(2).max(100).optional(),
  status: TenantStatus.optional(),
  trial_ends_at: z.iso.datetime().nullable().optional(),
  limits: TenantLimits.partial().optional(),
  features: TenantFeatures.partial().optional(),
  settings: TenantSettings.partial().optional(),
});

/** PATCH /tenant (own tenant, tenant_admin): settings only. */
export const UpdateOwnTenantBody = z.object({
  name: z.string().trim().min(2).max(100).optional(),
  settings: TenantSettings.partial().optional(),
});

/** GET /tenants query. */
export const TenantListQuery = PageQuery.extend({
  q: z.string().max(100).optional(),
  status: TenantStatus.optional(),
  sort: z.enum(['name', '-name', 'created_at', '-created_at']).default('name'),
});
