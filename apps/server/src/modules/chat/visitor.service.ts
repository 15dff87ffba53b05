import type { PrechatField, TenantFeatures, WidgetBehaviour } from '@switchboard/shared';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ChatSessionsTable, ChatWidgetsTable, DB } from '../../db/schema.js';
import { parseJson } from '../../db/query.js';
import { AppError, type FieldError, notFound, unauthorized, validation } from '../../http/errors.js';
import { tenantBlock } from '../../http/guard.js';
import { recordAudit, type Actor } from '../audit/repo.js';
import { insertContact } from '../contacts/repo.js';
import { scheduleStateAt } from '../telephony/schedules/calendar.js';
import { getSchedule } from '../telephony/schedules/repo.js';
import { CHAT_AGENT_ROLES, presenceCutoff } from './agents.repo.js';
import { ipAllowed, originAllowed } from './access.js';
import { sessionByToken } from './sessions.service.js';
import { DEFAULT_WIDGET_BEHAVIOUR } from '@switchboard/shared';

/**
 * What the public visitor API checks before it serves a widget: the widget is live, its tenant
 * may use chat, the page's Origin is an allowed domain and the visitor's address is allowed.
 */

/** 404 for a widget that does not exist, is off, or whose tenant may not chat (no existence leak). */
const noWidget = () => notFound('Widget');

export const originRefused = () => new AppError(403, 'origin_not_allowed', 'Origin not allowed', 'This widget may not run on this website');
export const ipRefused = () => new AppError(403, 'ip_not_allowed', 'Address not allowed', 'Chat is not available from your network');

/** Features of a tenant that may act (active or in trial), or null. */
async function liveTenantFeatures(db: Kysely<DB>, tenantId: string): Promise<Partial<TenantFeatures> | null> {
  const t = await db.selectFrom('tenants').select(['status', 'trial_ends_at', 'features']).where('id', '=', tenantId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!t || tenantBlock(t.status, t.trial_ends_at)) return null;
  return parseJson<Partial<TenantFeatures>>(t.features, {});
}

/** May the request (Origin, client address) use this widget? Throws 403 when not. */
export function assertWidgetAccess(w: ChatWidgetsTable, origin: string | undefined, ip: string | undefined): void {
  if (!originAllowed(parseJson<string[]>(w.allowed_domains, []), origin)) throw originRefused();
  if (!ipAllowed(parseJson<string[]>(w.ip_allowlist, []), ip)) throw ipRefused();
}

/** The live widget of a key, checked for the request; 404 / 403 otherwise. */
export async function openWidget(db: Kysely<DB>, key: string, req: FastifyRequest): Promise<{ widget: ChatWidgetsTable; features: Partial<TenantFeatures> }> {
  const widget = await db.selectFrom('chat_widgets').selectAll().where('key', '=', key).where('deleted_at', 'is', null).executeTakeFirst();
  if (!widget || Number(widget.enabled) !== 1) throw noWidget();
  const features = await liveTenantFeatures(db, widget.tenant_id);
  if (!features || features.chat === false) throw noWidget();
  assertWidgetAccess(widget, req.headers.origin, req.ip);
  return { widget, features };
}

/**
 * The session of a visitor token (header `x-visitor-token`), checked like its widget: 401 for an
 * unknown token, 404 when the tenant may no longer chat, 403 for a refused origin or address.
 */
export async function openVisitor(
  db: Kysely<DB>,
  token: string | undefined,
  origin: string | undefined,
  ip: string | undefined,
): Promise<{ session: ChatSessionsTable; widget: ChatWidgetsTable; features: Partial<TenantFeatures> }> {
  const session = token ? await sessionByToken(db, token) : undefined;
  if (!session) throw unauthorized('Unknown visitor token');
  const widget = await db.selectFrom('chat_widgets').selectAll().where('id', '=', session.widget_id).executeTakeFirstOrThrow();
  const features = await liveTenantFeatures(db, session.tenant_id);
  if (!features || features.chat === false) throw noWidget();
  assertWidgetAccess(widget, origin, ip);
  return { session, widget, features };
}

/** The widget's behaviour with defaults for fields added later. */
export function behaviourOf(w: ChatWidgetsTable): WidgetBehaviour {
  return { ...DEFAULT_WIDGET_BEHAVIOUR, ...parseJson<Partial<WidgetBehaviour>>(w.behaviour, {}) };
}

/**
 * Can a visitor chat now? Closed outside the widget's business hours (its schedule); otherwise
 * online when at least one agent who may take its chats is online with a fresh heartbeat (for the
 * `team` strategy: a member of the widget's team).
 */
export async function widgetAvailability(db: Kysely<DB>, w: ChatWidgetsTable, at = new Date()): Promise<{ online: boolean; reason: 'closed' | 'no_agents' | null }> {
  if (w.schedule_id) {
    const schedule = await getSchedule(db, w.tenant_id, w.schedule_id);
    if (schedule && scheduleStateAt(schedule, at).state !== 'open') return { online: false, reason: 'closed' };
  }
  let q = db
    .selectFrom('chat_agents as ca')
    .innerJoin('memberships as m', (j) => j.onRef('m.tenant_id', '=', 'ca.tenant_id').onRef('m.user_id', '=', 'ca.user_id'))
    .innerJoin('users as u', 'u.id', 'ca.user_id')
    .select('ca.user_id')
    .where('ca.tenant_id', '=', w.tenant_id)
    .where('ca.availability', '=', 'online')
    .where('ca.heartbeat_at', '>=', presenceCutoff(at.getTime()))
    .where('m.deleted_at', 'is', null)
    .where('m.status', '=', 'active')
    .where('m.role', 'in', [...CHAT_AGENT_ROLES])
    .where('u.deleted_at', 'is', null);
  if (w.strategy === 'team' && w.default_team_id) {
    const team = w.default_team_id;
    q = q.where((e) => e.exists(e.selectFrom('team_members as tm').select('tm.user_id').whereRef('tm.user_id', '=', 'ca.user_id').where('tm.tenant_id', '=', w.tenant_id).where('tm.team_id', '=', team)));
  }
  const agent = await q.limit(1).executeTakeFirst();
  return agent ? { online: true, reason: null } : { online: false, reason: 'no_agents' };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().\-/]{3,40}$/;

/**
 * Check the pre-chat form against the widget: required name/email and every field's answer by its
 * type (unknown keys are refused). Returns the answers to store (trimmed; unanswered left out).
 */
export function checkPrechat(
  b: WidgetBehaviour,
  v: { name?: string; email?: string; prechat?: Record<string, string | boolean> },
  opts: { requireContact: boolean } = { requireContact: true },
): Record<string, string | boolean> {
  const errors: FieldError[] = [];
  if (opts.requireContact && b.require_name && !v.name?.trim()) errors.push({ field: 'name', message: 'Required' });
  if (opts.requireContact && b.require_email && !v.email) errors.push({ field: 'email', message: 'Required' });
  const answers = v.prechat ?? {};
  const byKey = new Map<string, PrechatField>(b.prechat_fields.map((f) => [f.key, f]));
  const out: Record<string, string | boolean> = {};
  for (const key of Object.keys(answers)) if (!byKey.has(key)) errors.push({ field: `prechat.${key}`, message: 'Unknown field' });
  for (const f of b.prechat_fields) {
    const field = `prechat.${f.key}`;
    const raw = answers[f.key];
    if (f.type === 'checkbox') {
      if (raw !== undefined && typeof raw !== 'boolean') errors.push({ field, message: 'true or false' });
      else if (f.required && raw !== true) errors.push({ field, message: 'Required' });
      else if (raw !== undefined) out[f.key] = raw;
      continue;
    }
    if (typeof raw === 'boolean') {
      errors.push({ field, message: 'Text expected' });
      continue;
    }
    const text = raw?.trim() ?? '';
    if (!text) {
      if (f.required) errors.push({ field, message: 'Required' });
      continue;
    }
    if (f.type === 'email' && !EMAIL.test(text)) errors.push({ field, message: 'Not a valid email address' });
    else if (f.type === 'phone' && !PHONE.test(text)) errors.push({ field, message: 'Not a valid phone number' });
    else if (f.type === 'select' && !(f.options ?? []).includes(text)) errors.push({ field, message: `One of: ${(f.options ?? []).join(', ')}` });
    else if (f.type !== 'textarea' && text.length > 255) errors.push({ field, message: 'At most 255 characters' });
    else out[f.key] = text;
  }
  if (errors.length) throw validation('The form has errors', errors);
  return out;
}

/** The tenant's contact with this email (oldest first), if any. */
export async function contactByEmail(db: Kysely<DB>, tenantId: string, email: string): Promise<string | null> {
  const c = await db
    .selectFrom('contacts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('deleted_at', 'is', null)
    .where((e) => e(e.fn('lower', ['email']), '=', email.toLowerCase()))
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return c?.id ?? null;
}

/** The contact of a visitor's email, created (audited) from the name and phone they gave when new. */
export async function contactForVisitor(db: Kysely<DB>, tenantId: string, v: { email: string; name?: string | null; phone?: string | null }, actor: Actor): Promise<string> {
  const found = await contactByEmail(db, tenantId, v.email);
  if (found) return found;
  const display = v.name?.trim() || v.email.split('@')[0];
  const [first, ...rest] = display.split(/\s+/);
  return db.transaction().execute(async (trx) => {
    const id = await insertContact(trx, tenantId, {
      first_name: first.slice(0, 100),
      last_name: rest.join(' ').slice(0, 100) || null,
      email: v.email.toLowerCase(),
      phone: v.phone ?? null,
    });
    await recordAudit(trx, actor, { action: 'contact.created', entity_type: 'contact', entity_id: id, after: { id, email: v.email, source: 'chat' } });
    return id;
  });
}
