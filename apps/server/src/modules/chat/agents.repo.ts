import { type AgentAvailability, type AgentSkill, type ChatAgent, ROLE_PERMISSIONS, TENANT_ROLES } from '@switchboard/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { dialectOfDb } from '../../db/migration-helpers.js';
import { now } from '../../http/pagination.js';

/** An agent whose node stopped refreshing the heartbeat this long ago counts as gone. */
export const PRESENCE_TTL_MS = 30_000;
/** How often the node holding an agent's socket refreshes the heartbeat. */
export const HEARTBEAT_MS = 10_000;

/** Settings of an agent who never opened the desk. */
export const AGENT_DEFAULTS = { availability: 'offline' as AgentAvailability, max_chats: 3, auto_accept: 1 };

/** Tenant roles that handle chats (hold chat:write). */
export const CHAT_AGENT_ROLES: readonly string[] = TENANT_ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('chat:write'));

/** Heartbeats at or after this instant are fresh. */
export function presenceCutoff(at = Date.now()): string {
  return new Date(at - PRESENCE_TTL_MS).toISOString();
}

/** Is the user an active member of the tenant in a role that handles chats? */
export async function isChatAgent(db: Kysely<DB>, tenantId: string, userId: string): Promise<boolean> {
  const m = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.role')
    .where('m.tenant_id', '=', tenantId)
    .where('m.user_id', '=', userId)
    .where('m.deleted_at', 'is', null)
    .where('m.status', '=', 'active')
    .where('u.deleted_at', 'is', null)
    .executeTakeFirst();
  return !!m && CHAT_AGENT_ROLES.includes(m.role);
}

/**
 * Make sure the agent's row exists (defaults: offline, 3 chats, auto-accept). Its own statement,
 * outside any transaction: two first requests at once must not abort one (PostgreSQL) or deadlock
 * (MariaDB) on the insert.
 */
export async function ensureAgentRow(db: Kysely<DB>, tenantId: string, userId: string): Promise<void> {
  const exists = await db.selectFrom('chat_agents').select('user_id').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
  if (exists) return;
  const row = { tenant_id: tenantId, user_id: userId, ...AGENT_DEFAULTS, active_chats: 0, heartbeat_at: null, last_assigned_at: null, updated_at: now() };
  if (dialectOfDb(db) === 'mysql') await db.insertInto('chat_agents').ignore().values(row).execute();
  else
    await db
      .insertInto('chat_agents')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doNothing())
      .execute();
}

/** Agents of the tenant (members whose role handles chats) with their live state, by name. */
export async function listChatAgents(
  db: Kysely<DB>,
  tenantId: string,
  filter: { userIds?: readonly string[]; accepting?: boolean; teamId?: string; skill?: string } = {},
): Promise<ChatAgent[]> {
  if (filter.userIds && filter.userIds.length === 0) return [];
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('chat_agents as ca', (j) => j.onRef('ca.tenant_id', '=', 'm.tenant_id').onRef('ca.user_id', '=', 'm.user_id'))
    .select([
      'u.id as user_id',
      'u.name',
      'u.email',
      'm.updated_at as m_updated_at',
      'ca.availability',
      'ca.max_chats',
      'ca.active_chats',
      'ca.auto_accept',
      'ca.heartbeat_at',
      'ca.last_assigned_at',
      'ca.updated_at',
    ])
    .where('m.tenant_id', '=', tenantId)
    .where('m.deleted_at', 'is', null)
    .where('m.status', '=', 'active')
    .where('u.deleted_at', 'is', null)
    .where('m.role', 'in', [...CHAT_AGENT_ROLES]);
  if (filter.userIds) q = q.where('u.id', 'in', [...filter.userIds]);
  if (filter.teamId) {
    const team = filter.teamId;
    q = q.where((e) => e.exists(e.selectFrom('team_members as tm').select('tm.user_id').whereRef('tm.user_id', '=', 'm.user_id').where('tm.tenant_id', '=', tenantId).where('tm.team_id', '=', team)));
  }
  if (filter.skill) {
    const skill = filter.skill.toLowerCase();
    q = q.where((e) => e.exists(e.selectFrom('agent_skills as s').select('s.user_id').whereRef('s.user_id', '=', 'm.user_id').where('s.tenant_id', '=', tenantId).where('s.skill', '=', skill)));
  }
  const rows = await q.orderBy('u.name').orderBy('u.id').execute();
  const ids = rows.map((r) => r.user_id);
  const skills = ids.length
    ? await db.selectFrom('agent_skills').select(['user_id', 'skill', 'level']).where('tenant_id', '=', tenantId).where('user_id', 'in', ids).orderBy('skill').execute()
    : [];
  const teams = ids.length
    ? await db.selectFrom('team_members').select(['user_id', 'team_id']).where('tenant_id', '=', tenantId).where('user_id', 'in', ids).orderBy('team_id').execute()
    : [];
  const cutoff = presenceCutoff();
  const out = rows.map((r): ChatAgent => {
    const availability = (r.availability ?? AGENT_DEFAULTS.availability) as AgentAvailability;
    const present = !!r.heartbeat_at && r.heartbeat_at >= cutoff;
    const max = Number(r.max_chats ?? AGENT_DEFAULTS.max_chats);
    const active = Number(r.active_chats ?? 0);
    return {
      user_id: r.user_id,
      name: r.name,
      email: r.email,
      availability,
      present,
      accepting: availability === 'online' && present && active < max,
      max_chats: max,
      active_chats: active,
      auto_accept: Number(r.auto_accept ?? AGENT_DEFAULTS.auto_accept) === 1,
      heartbeat_at: r.heartbeat_at ?? null,
      last_assigned_at: r.last_assigned_at ?? null,
      skills: skills.filter((s) => s.user_id === r.user_id).map((s): AgentSkill => ({ skill: s.skill, level: Number(s.level) })),
      team_ids: teams.filter((t) => t.user_id === r.user_id).map((t) => t.team_id),
      updated_at: r.updated_at ?? r.m_updated_at,
    };
  });
  return filter.accepting === undefined ? out : out.filter((a) => a.accepting === filter.accepting);
}

/** One agent's live state (null when the user is not a chat agent of the tenant). */
export async function getChatAgent(db: Kysely<DB>, tenantId: string, userId: string): Promise<ChatAgent | null> {
  const [a] = await listChatAgents(db, tenantId, { userIds: [userId] });
  return a ?? null;
}
