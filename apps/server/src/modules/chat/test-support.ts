/**
 * Test helpers for chat routing: widgets and queued sessions written straight to the database
 * (as the visitor API would), agents as real users of the tenant, presence as a fresh heartbeat.
 */
import { createHash, randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/index.js';
import type { ApiResponse } from '../../test/harness.js';

type Api = (method: string, url: string, opts?: { token?: string | null; body?: unknown }) => Promise<ApiResponse>;

export interface WidgetOpts {
  strategy?: string;
  default_team_id?: string | null;
  default_assignee_id?: string | null;
  auto_assign?: boolean;
  required_skills?: string[];
  offer_timeout_seconds?: number;
}

/** A chat widget of the tenant with routing settings. */
export async function makeWidget(db: Database, tenantId: string, o: WidgetOpts = {}): Promise<string> {
  const id = uuidv7();
  const at = new Date().toISOString();
  await db
    .insertInto('chat_widgets')
    .values({
      id,
      tenant_id: tenantId,
      key: randomUUID().replace(/-/g, ''),
      name: `Widget ${id.slice(-6)}`,
      enabled: 1,
      appearance: '{}',
      behaviour: '{}',
      default_team_id: o.default_team_id ?? null,
      default_assignee_id: o.default_assignee_id ?? null,
      auto_assign: o.auto_assign === false ? 0 : 1,
      strategy: o.strategy ?? 'least_busy',
      required_skills: JSON.stringify(o.required_skills ?? []),
      offer_timeout_seconds: o.offer_timeout_seconds ?? 30,
      schedule_id: null,
      offline_message: null,
      allowed_domains: '[]',
      ip_allowlist: '[]',
      locale: 'en',
      created_at: at,
      updated_at: at,
      deleted_at: null,
    })
    .execute();
  return id;
}

let clock = Date.parse('2026-01-01T00:00:00.000Z');

/** A queued session (each later than the previous one, so "oldest" is well defined). */
export async function queueSession(db: Database, tenantId: string, widgetId: string, name = 'Visitor'): Promise<string> {
  const id = uuidv7();
  clock += 1000;
  const at = new Date(clock).toISOString();
  await db
    .insertInto('chat_sessions')
    .values({
      id,
      tenant_id: tenantId,
      widget_id: widgetId,
      status: 'queued',
      visitor_token_hash: createHash('sha256').update(id).digest('hex'),
      visitor_name: name,
      prechat: '{}',
      message_seq: 0,
      queued_at: at,
      visitor_read_seq: 0,
      agent_read_seq: 0,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export interface TestAgent {
  id: string;
  email: string;
  token: string;
}

/** A new agent of the tenant, signed in. */
export async function makeAgent(api: Api, adminToken: string, login: (email: string) => Promise<{ access_token: string }>, name: string, role = 'agent'): Promise<TestAgent> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}.${randomUUID().slice(0, 8)}@demo.local`;
  const r = await api('POST', '/api/v1/users', { token: adminToken, body: { email, name, role, password: 'Test-password-1' } });
  if (r.status !== 201) throw new Error(`create user ${email}: ${r.status} ${r.text}`);
  return { id: r.body.data.id, email, token: (await login(email)).access_token };
}

/** Agent settings straight in the database; `present` writes a fresh heartbeat (or a stale/none). */
export async function setAgent(
  db: Database,
  tenantId: string,
  userId: string,
  s: { availability?: string; max_chats?: number; active_chats?: number; auto_accept?: boolean; present?: boolean | 'stale'; last_assigned_at?: string | null },
): Promise<void> {
  const at = new Date().toISOString();
  const exists = await db.selectFrom('chat_agents').select('user_id').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
  if (!exists)
    await db
      .insertInto('chat_agents')
      .values({ tenant_id: tenantId, user_id: userId, availability: 'offline', max_chats: 3, active_chats: 0, auto_accept: 1, heartbeat_at: null, last_assigned_at: null, updated_at: at })
      .execute();
  const set: Record<string, unknown> = {};
  if (s.availability !== undefined) set.availability = s.availability;
  if (s.max_chats !== undefined) set.max_chats = s.max_chats;
  if (s.active_chats !== undefined) set.active_chats = s.active_chats;
  if (s.auto_accept !== undefined) set.auto_accept = s.auto_accept ? 1 : 0;
  if (s.last_assigned_at !== undefined) set.last_assigned_at = s.last_assigned_at;
  if (s.present === true) set.heartbeat_at = at;
  if (s.present === false) set.heartbeat_at = null;
  if (s.present === 'stale') set.heartbeat_at = new Date(Date.now() - 60_000).toISOString();
  if (Object.keys(set).length) await db.updateTable('chat_agents').set(set).where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
}

/** Everyone's chat agents of the tenant offline (a clean slate between tests sharing a database). */
export async function resetChat(db: Database, tenantId: string): Promise<void> {
  await db.updateTable('chat_sessions').set({ status: 'ended', offer_id: null }).where('tenant_id', '=', tenantId).where('status', 'in', ['queued', 'active']).execute();
  await db.updateTable('chat_offers').set({ status: 'cancelled' }).where('tenant_id', '=', tenantId).where('status', '=', 'pending').execute();
  await db.updateTable('chat_transfers').set({ status: 'cancelled' }).where('tenant_id', '=', tenantId).where('status', '=', 'pending').execute();
  await db.updateTable('chat_agents').set({ availability: 'offline', active_chats: 0, heartbeat_at: null, auto_accept: 1, max_chats: 3, last_assigned_at: null }).where('tenant_id', '=', tenantId).execute();
  await db.deleteFrom('agent_skills').where('tenant_id', '=', tenantId).execute();
}

/** A session's status and agent. */
export async function sessionState(db: Database, id: string): Promise<{ status: string; agent_id: string | null; offer_id: string | null }> {
  return db.selectFrom('chat_sessions').select(['status', 'agent_id', 'offer_id']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** An agent's counters. */
export async function agentRow(db: Database, tenantId: string, userId: string) {
  return db.selectFrom('chat_agents').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirstOrThrow();
}

/** Events of a type in the tenant's stream, oldest first, with parsed data. */
export async function eventsOf(db: Database, tenantId: string, type: string, afterSeq = 0): Promise<{ seq: number; user_id: string | null; permission: string | null; data: any }[]> {
  const rows = await db.selectFrom('events').select(['seq', 'user_id', 'permission', 'data']).where('tenant_id', '=', tenantId).where('type', '=', type).where('seq', '>', afterSeq).orderBy('seq').execute();
  return rows.map((r) => ({ seq: Number(r.seq), user_id: r.user_id, permission: r.permission, data: JSON.parse(r.data) }));
}

/** The newest event seq of the tenant. */
export async function headSeq(db: Database, tenantId: string): Promise<number> {
  const r = await db.selectFrom('events').select((e) => e.fn.max('seq').as('m')).where('tenant_id', '=', tenantId).executeTakeFirst();
  return Number(r?.m ?? 0);
}
