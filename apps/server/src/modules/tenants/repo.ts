import { DEFAULT_MAX_ATTACHMENT_MB, FEATURES, type Tenant, type TenantFeatures, type TenantLimits, type TenantSettings } from '@switchboard/shared';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/index.js';
import type { DB, TenantsTable } from '../../db/schema.js';
import { contains, parseJson } from '../../db/query.js';
import { now, parseSort } from '../../http/pagination.js';

export const DEFAULT_FEATURES: TenantFeatures = Object.fromEntries(FEATURES.map((f) => [f, true])) as TenantFeatures;
export const DEFAULT_LIMITS: TenantLimits = { max_agents: null, max_dids: null, max_concurrent_calls: null };
export function defaultSettings(slug: string): TenantSettings {
  const weekday = [{ start: '09:00', end: '17:00' }];
  return {
    timezone: 'UTC',
    locale: 'en-US',
    business_hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
    branding: { primary_color: null, logo_url: null },
    ticket_prefix: slug.replace(/[^a-z0-9]/g, '').toUpperCase().slice(0, 10) || null,
    extension_digits: 4,
    max_attachment_mb: DEFAULT_MAX_ATTACHMENT_MB,
  };
}

/** Row → API shape (JSON columns parsed, defaults filled for keys added later). */
export function toTenant(r: TenantsTable): Tenant {
  return {
    id: r.id,
    name: r.name,
    status: r.status as Tenant['status'],
    trial_ends_at: r.trial_ends_at,
    limits: { ...DEFAULT_LIMITS, ...parseJson<Partial<TenantLimits>>(r.limits, {}) },
    features: { ...DEFAULT_FEATURES, ...parseJson<Partial<TenantFeatures>>(r.features, {}) },
    settings: { ...defaultSettings(r.id), ...parseJson<Partial<TenantSettings>>(r.settings, {}) },
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export interface NewTenant {
  id: string;
  name: string;
  status: string;
  trial_ends_at?: string | null;
  limits?: Partial<TenantLimits>;
  features?: Partial<TenantFeatures>;
  settings?: Partial<TenantSettings>;
}

/** Insert a tenant (inside the caller's transaction). */
export async function insertTenant(db: Kysely<DB>, t: NewTenant): Promise<Tenant> {
  const at = now();
  const row: TenantsTable = {
    id: t.id,
    name: t.name,
    status: t.status,
    trial_ends_at: t.trial_ends_at ? new Date(t.trial_ends_at).toISOString() : null,
    limits: JSON.stringify({ ...DEFAULT_LIMITS, ...t.limits }),
    features: JSON.stringify({ ...DEFAULT_FEATURES, ...t.features }),
    settings: JSON.stringify({ ...defaultSettings(t.id), ...t.settings }),
    created_at: at,
    updated_at: at,
    deleted_at: null,
  };
  await db.insertInto('tenants').values(row).execute();
  // The event stream's counter exists from the start (realtime/events.ts takes it inside transactions).
  await db.insertInto('tenant_counters').values({ tenant_id: t.id, name: 'events', value: 0 }).execute();
  return toTenant(row);
}

/** Any row with this slug, deleted or not: slugs are never reused (they name Asterisk objects). */
export async function slugTaken(db: Kysely<DB>, id: string): Promise<boolean> {
  return !!(await db.selectFrom('tenants').select('id').where('id', '=', id).executeTakeFirst());
}

export async function getTenant(db: Kysely<DB>, id: string): Promise<Tenant | undefined> {
  const r = await db.selectFrom('tenants').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return r ? toTenant(r) : undefined;
}

export interface TenantPatch {
  name?: string;
  status?: string;
  trial_ends_at?: string | null;
  limits?: Partial<TenantLimits>;
  features?: Partial<TenantFeatures>;
  settings?: Partial<TenantSettings>;
}

/** Apply a patch (JSON fields merge key by key); returns the new tenant. */
export async function updateTenant(db: Kysely<DB>, current: Tenant, p: TenantPatch): Promise<Tenant> {
  const values: Partial<TenantsTable> = { updated_at: now() };
  if (p.name !== undefined) values.name = p.name;
  if (p.status !== undefined) values.status = p.status;
  if (p.trial_ends_at !== undefined) values.trial_ends_at = p.trial_ends_at ? new Date(p.trial_ends_at).toISOString() : null;
  if (p.limits) values.limits = JSON.stringify({ ...current.limits, ...p.limits });
  if (p.features) values.features = JSON.stringify({ ...current.features, ...p.features });
  if (p.settings) values.settings = JSON.stringify({ ...current.settings, ...p.settings });
  await db.updateTable('tenants').set(values).where('id', '=', current.id).execute();
  return (await getTenant(db, current.id)) as Tenant;
}

export interface TenantListFilter {
  q?: string;
  status?: string;
  sort: string;
  page: number;
  page_size: number;
}

export function createTenantRepo(db: Database) {
  return {
    async list(f: TenantListFilter) {
      let q = db.selectFrom('tenants').where('deleted_at', 'is', null);
      if (f.q) q = q.where((e) => e.or([contains('name', f.q as string), contains('id', f.q as string)]));
      if (f.status) q = q.where('status', '=', f.status);
      const [col, dir] = parseSort<'name' | 'created_at'>(f.sort);
      const [total, rows] = await Promise.all([
        q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
        // Names sort case-insensitively on every database (not by the collation's byte order).
        q.selectAll().orderBy(col === 'name' ? sql`lower(${sql.ref('name')})` : col, dir).orderBy('id').limit(f.page_size).offset((f.page - 1) * f.page_size).execute(),
      ]);
      return { rows: rows.map(toTenant), total: total.n };
    },
  };
}
