import { randomBytes } from 'node:crypto';
import {
  type ChatStrategy,
  type CreateWidgetBody,
  DEFAULT_OFFER_TIMEOUT_SECONDS,
  DEFAULT_WIDGET_APPEARANCE,
  DEFAULT_WIDGET_BEHAVIOUR,
  type Widget,
  type WidgetAppearance,
  type WidgetBehaviour,
} from '@switchboard/shared';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { DB, ChatWidgetsTable } from '../../db/schema.js';
import { contains, parseJson } from '../../db/query.js';
import { type FieldError, validation } from '../../http/errors.js';
import { offsetOf } from '../../http/pagination.js';
import { getMember } from '../users/repo.js';

/** A widget key: 24 url-safe characters from 144 random bits (the embed snippet's only secret-ish part). */
export function newWidgetKey(): string {
  return randomBytes(18).toString('base64url');
}

/** The HTML a website pastes: one async script tag that finds its widget by key. */
export function embedSnippet(publicUrl: string, key: string): string {
  return `<script src="${publicUrl}/widget.js" data-widget="${key}" async></script>`;
}

/** Row → API shape. */
export function toWidget(r: ChatWidgetsTable, publicUrl: string): Widget {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    enabled: Number(r.enabled) === 1,
    appearance: { ...DEFAULT_WIDGET_APPEARANCE, ...parseJson<Partial<WidgetAppearance>>(r.appearance, {}) },
    behaviour: { ...DEFAULT_WIDGET_BEHAVIOUR, ...parseJson<Partial<WidgetBehaviour>>(r.behaviour, {}) },
    default_team_id: r.default_team_id,
    default_assignee_id: r.default_assignee_id,
    auto_assign: Number(r.auto_assign) === 1,
    strategy: r.strategy as ChatStrategy,
    required_skills: parseJson<string[]>(r.required_skills, []),
    offer_timeout_seconds: Number(r.offer_timeout_seconds),
    schedule_id: r.schedule_id,
    offline_message: r.offline_message,
    allowed_domains: parseJson<string[]>(r.allowed_domains, []),
    ip_allowlist: parseJson<string[]>(r.ip_allowlist, []),
    locale: r.locale,
    embed_snippet: embedSnippet(publicUrl, r.key),
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** A widget of the tenant (not deleted). */
export async function getWidgetRow(db: Kysely<DB>, tenantId: string, id: string): Promise<ChatWidgetsTable | undefined> {
  return db.selectFrom('chat_widgets').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

/** A live widget by its public key (any tenant; not deleted). */
export async function getWidgetByKey(db: Kysely<DB>, key: string): Promise<ChatWidgetsTable | undefined> {
  return db.selectFrom('chat_widgets').selectAll().where('key', '=', key).where('deleted_at', 'is', null).executeTakeFirst();
}

/** A page of the tenant's widgets by name. */
export async function listWidgets(db: Kysely<DB>, tenantId: string, f: { q?: string; page: number; page_size: number }) {
  let q = db.selectFrom('chat_widgets').where('tenant_id', '=', tenantId).where('deleted_at', 'is', null);
  if (f.q) q = q.where(contains('name', f.q));
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('name').orderBy('id').limit(f.page_size).offset(offsetOf(f)).execute(),
    q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

/** References of a widget body must be the tenant's own: an unknown one is a 400 on its field. */
export async function assertWidgetRefs(
  db: Kysely<DB>,
  tenantId: string,
  f: { default_team_id?: string | null; default_assignee_id?: string | null; schedule_id?: string | null },
): Promise<void> {
  const errors: FieldError[] = [];
  if (f.default_team_id) {
    const t = await db.selectFrom('teams').select('id').where('tenant_id', '=', tenantId).where('id', '=', f.default_team_id).executeTakeFirst();
    if (!t) errors.push({ field: 'default_team_id', message: 'no such team' });
  }
  if (f.default_assignee_id && !(await getMember(db, tenantId, f.default_assignee_id)))
    errors.push({ field: 'default_assignee_id', message: 'no such user in this tenant' });
  if (f.schedule_id) {
    const s = await db.selectFrom('tel_schedules').select('id').where('tenant_id', '=', tenantId).where('id', '=', f.schedule_id).executeTakeFirst();
    if (!s) errors.push({ field: 'schedule_id', message: 'no such schedule' });
  }
  if (errors.length) throw validation('Unknown reference', errors);
}

/** Defaults of a new widget's columns (what the create body leaves out). */
export const WIDGET_DEFAULTS = {
  enabled: true,
  auto_assign: true,
  strategy: 'least_busy' as ChatStrategy,
  required_skills: [] as string[],
  offer_timeout_seconds: DEFAULT_OFFER_TIMEOUT_SECONDS,
  allowed_domains: [] as string[],
  ip_allowlist: [] as string[],
  locale: 'en',
};

/** Insert a widget from a create body (defaults for what it leaves out); returns its id. */
export async function insertWidget(db: Kysely<DB>, tenantId: string, b: z.infer<typeof CreateWidgetBody>): Promise<string> {
  const at = new Date().toISOString();
  const id = uuidv7();
  await db
    .insertInto('chat_widgets')
    .values({
      id,
      tenant_id: tenantId,
      key: newWidgetKey(),
      name: b.name,
      enabled: (b.enabled ?? WIDGET_DEFAULTS.enabled) ? 1 : 0,
      appearance: JSON.stringify({ ...DEFAULT_WIDGET_APPEARANCE, ...b.appearance }),
      behaviour: JSON.stringify({ ...DEFAULT_WIDGET_BEHAVIOUR, ...b.behaviour }),
      default_team_id: b.default_team_id ?? null,
      default_assignee_id: b.default_assignee_id ?? null,
      auto_assign: (b.auto_assign ?? WIDGET_DEFAULTS.auto_assign) ? 1 : 0,
      strategy: b.strategy ?? WIDGET_DEFAULTS.strategy,
      required_skills: JSON.stringify([...new Set(b.required_skills ?? WIDGET_DEFAULTS.required_skills)]),
      offer_timeout_seconds: b.offer_timeout_seconds ?? WIDGET_DEFAULTS.offer_timeout_seconds,
      schedule_id: b.schedule_id ?? null,
      offline_message: b.offline_message || null,
      allowed_domains: JSON.stringify([...new Set(b.allowed_domains ?? WIDGET_DEFAULTS.allowed_domains)]),
      ip_allowlist: JSON.stringify([...new Set(b.ip_allowlist ?? WIDGET_DEFAULTS.ip_allowlist)]),
      locale: b.locale ?? WIDGET_DEFAULTS.locale,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    })
    .execute();
  return id;
}
