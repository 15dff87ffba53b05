import {
  AgentSkill,
  AgentSkillParams,
  ChatAgent,
  ChatAgentListQuery,
  ChatAgentParams,
  ChatSkillSummary,
  ReplaceAgentSkillsBody,
  SetAgentSkillBody,
  UpdateChatAgentBody,
  UpdateMyChatAgentBody,
  dataOf,
} from '@switchboard/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import type { DB } from '../../db/schema.js';
import { notFound, validation } from '../../http/errors.js';
import { authOf, tenantOf } from '../../http/guard.js';
import { now } from '../../http/pagination.js';
import { type Actor, actorOf, recordAudit } from '../audit/repo.js';
import { ensureAgentRow, getChatAgent, isChatAgent, listChatAgents } from './agents.repo.js';
import { emitAgentState, kickRouting, withRetry, withdrawOffersOf } from './routing.js';

type AgentChanges = { availability?: string; max_chats?: number; auto_accept?: boolean };

/**
 * Change an agent's availability, capacity or auto-accept, audited, with `agent.state.changed`;
 * then route at once (an agent coming online or raising max chats takes the oldest queued chat).
 */
async function updateAgent(deps: AppDeps, actor: Actor, tenantId: string, userId: string, b: AgentChanges, log: { warn: (o: object, m: string) => void }): Promise<ChatAgent> {
  await ensureAgentRow(deps.db, tenantId, userId);
  const agent = await withRetry(deps.db, async (trx) => {
    const before = (await getChatAgent(trx, tenantId, userId)) as ChatAgent;
    const set: Partial<{ availability: string; max_chats: number; auto_accept: number; updated_at: string }> = {};
    if (b.availability !== undefined) set.availability = b.availability;
    if (b.max_chats !== undefined) set.max_chats = b.max_chats;
    if (b.auto_accept !== undefined) set.auto_accept = b.auto_accept ? 1 : 0;
    if (!Object.keys(set).length) return before;
    set.updated_at = now();
    await trx.updateTable('chat_agents').set(set).where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
    const after = (await getChatAgent(trx, tenantId, userId)) as ChatAgent;
    const { skills: _s, team_ids: _t, ...auditBefore } = before;
    const { skills: _s2, team_ids: _t2, ...auditAfter } = after;
    await recordAudit(trx, actor, { action: 'chat_agent.updated', entity_type: 'chat_agent', entity_id: userId, before: auditBefore, after: auditAfter });
    await emitAgentState(trx, tenantId, userId);
    return after;
  });
  deps.hub.poke(tenantId);
  // Not taking chats any more: what was offered to them goes on to the next agent now.
  if (agent.availability !== 'online') await withdrawOffersOf(deps, tenantId, userId).catch((err) => log.warn({ err }, 'withdrawing offers failed'));
  await kickRouting(deps, tenantId, log);
  return (await getChatAgent(deps.db, tenantId, userId)) ?? agent;
}

async function agentOr404(db: Kysely<DB>, tenantId: string, userId: string): Promise<void> {
  if (!(await isChatAgent(db, tenantId, userId))) throw notFound('Agent');
}

async function skillsOf(db: Kysely<DB>, tenantId: string, userId: string): Promise<AgentSkill[]> {
  const rows = await db.selectFrom('agent_skills').select(['skill', 'level']).where('tenant_id', '=', tenantId).where('user_id', '=', userId).orderBy('skill').execute();
  return rows.map((r) => ({ skill: r.skill, level: Number(r.level) }));
}

/** Skills change who routing picks: tell the consoles and route again. */
async function afterSkills(deps: AppDeps, tenantId: string, log: { warn: (o: object, m: string) => void }): Promise<void> {
  deps.hub.poke(tenantId);
  await kickRouting(deps, tenantId, log);
}

/** Chat agents: own availability and capacity, supervisors' view and settings, skills. */
export const chatAgentRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    const tags = ['chat'];
    const read = { access: 'chat:read', feature: 'chat' } as const;
    const write = { access: 'chat:write', feature: 'chat' } as const;
    const supervise = { access: 'chat:supervise', feature: 'chat' } as const;

    app.get('/chat/agents', {
      config: read,
      schema: { tags, summary: 'List chat agents with their live state (availability, presence, load, skills, teams)', querystring: ChatAgentListQuery, response: { 200: dataOf(z.array(ChatAgent)) } },
      handler: async (req) => {
        const q = req.query;
        return { data: await listChatAgents(db, tenantOf(req), { accepting: q.accepting === undefined ? undefined : q.accepting === 'true', teamId: q.team_id, skill: q.skill }) };
      },
    });

    app.get('/chat/agents/me', {
      config: write,
      schema: { tags, summary: 'My chat agent state', response: { 200: dataOf(ChatAgent) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const userId = authOf(req).userId;
        await agentOr404(db, tenantId, userId);
        // No row yet (never opened the desk): the defaults, without writing on a GET.
        return { data: (await getChatAgent(db, tenantId, userId)) as ChatAgent };
      },
    });

    app.patch('/chat/agents/me', {
      config: write,
      schema: { tags, summary: 'Set my availability, max chats or auto-accept (going online takes waiting chats at once)', body: UpdateMyChatAgentBody, response: { 200: dataOf(ChatAgent) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const userId = authOf(req).userId;
        await agentOr404(db, tenantId, userId);
        return { data: await updateAgent(deps, actorOf(req), tenantId, userId, req.body, req.log) };
      },
    });

    app.get('/chat/agents/:user_id', {
      config: read,
      schema: { tags, summary: "An agent's live state", params: ChatAgentParams, response: { 200: dataOf(ChatAgent) } },
      handler: async (req) => {
        const agent = await getChatAgent(db, tenantOf(req), req.params.user_id);
        if (!agent) throw notFound('Agent');
        return { data: agent };
      },
    });

    app.patch('/chat/agents/:user_id', {
      config: supervise,
      schema: { tags, summary: "Set an agent's availability, max chats or auto-accept (supervisors)", params: ChatAgentParams, body: UpdateChatAgentBody, response: { 200: dataOf(ChatAgent) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        await agentOr404(db, tenantId, req.params.user_id);
        return { data: await updateAgent(deps, actorOf(req), tenantId, req.params.user_id, req.body, req.log) };
      },
    });

    app.get('/chat/agents/:user_id/skills', {
      config: read,
      schema: { tags, summary: "An agent's skills", params: ChatAgentParams, response: { 200: dataOf(z.array(AgentSkill)) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        await agentOr404(db, tenantId, req.params.user_id);
        return { data: await skillsOf(db, tenantId, req.params.user_id) };
      },
    });

    app.put('/chat/agents/:user_id/skills', {
      config: supervise,
      schema: { tags, summary: "Replace all of an agent's skills", params: ChatAgentParams, body: ReplaceAgentSkillsBody, response: { 200: dataOf(z.array(AgentSkill)) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const userId = req.params.user_id;
        const seen = new Set<string>();
        const dupes = req.body.skills.filter((s) => seen.size === seen.add(s.skill).size);
        if (dupes.length) throw validation('Each skill once', dupes.map((d) => ({ field: 'skills', message: `${d.skill} is listed twice` })));
        await agentOr404(db, tenantId, userId);
        const skills = await withRetry(db, async (trx) => {
          const before = await skillsOf(trx, tenantId, userId);
          await trx.deleteFrom('agent_skills').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
          if (req.body.skills.length) await trx.insertInto('agent_skills').values(req.body.skills.map((s) => ({ tenant_id: tenantId, user_id: userId, skill: s.skill, level: s.level }))).execute();
          const after = await skillsOf(trx, tenantId, userId);
          await recordAudit(trx, actorOf(req), { action: 'chat_agent.skills_replaced', entity_type: 'chat_agent', entity_id: userId, before, after });
          await emitAgentState(trx, tenantId, userId);
          return after;
        });
        await afterSkills(deps, tenantId, req.log);
        return { data: skills };
      },
    });

    app.post('/chat/agents/:user_id/skills', {
      config: supervise,
      schema: { tags, summary: 'Give an agent a skill, or change its level', params: ChatAgentParams, body: SetAgentSkillBody, response: { 200: dataOf(z.array(AgentSkill)) } },
      handler: async (req) => {
        const tenantId = tenantOf(req);
        const userId = req.params.user_id;
        const { skill, level } = req.body;
        await agentOr404(db, tenantId, userId);
        const skills = await withRetry(db, async (trx) => {
          const before = await skillsOf(trx, tenantId, userId);
          // Delete + insert rather than an upsert: portable, and the row is the agent's alone.
          await trx.deleteFrom('agent_skills').where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('skill', '=', skill).execute();
          await trx.insertInto('agent_skills').values({ tenant_id: tenantId, user_id: userId, skill, level }).execute();
          const after = await skillsOf(trx, tenantId, userId);
          await recordAudit(trx, actorOf(req), { action: 'chat_agent.skill_set', entity_type: 'chat_agent', entity_id: userId, before, after });
          await emitAgentState(trx, tenantId, userId);
          return after;
        });
        await afterSkills(deps, tenantId, req.log);
        return { data: skills };
      },
    });

    app.delete('/chat/agents/:user_id/skills/:skill', {
      config: supervise,
      schema: { tags, summary: 'Take a skill from an agent', params: AgentSkillParams, response: { 204: z.null() } },
      handler: async (req, reply) => {
        const tenantId = tenantOf(req);
        const userId = req.params.user_id;
        const skill = req.params.skill.toLowerCase();
        await agentOr404(db, tenantId, userId);
        await withRetry(db, async (trx) => {
          const before = await skillsOf(trx, tenantId, userId);
          const r = await trx.deleteFrom('agent_skills').where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('skill', '=', skill).executeTakeFirst();
          if (Number(r.numDeletedRows) === 0) throw notFound('Skill');
          await recordAudit(trx, actorOf(req), { action: 'chat_agent.skill_removed', entity_type: 'chat_agent', entity_id: userId, before, after: await skillsOf(trx, tenantId, userId) });
          await emitAgentState(trx, tenantId, userId);
        });
        deps.hub.poke(tenantId);
        return reply.status(204).send(null);
      },
    });

    app.get('/chat/skills', {
      config: read,
      schema: { tags, summary: 'Skills used in this tenant, with how many agents have each', response: { 200: dataOf(z.array(ChatSkillSummary)) } },
      handler: async (req) => {
        const rows = await db
          .selectFrom('agent_skills')
          .select((e) => ['skill', e.fn.countAll<number>().as('agents')])
          .where('tenant_id', '=', tenantOf(req))
          .groupBy('skill')
          .orderBy('skill')
          .execute();
        return { data: rows.map((r) => ({ skill: r.skill, agents: Number(r.agents) })) };
      },
    });
  };
