import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/**
 * Chat agents, routing, offers and transfers: the agent side of live chat. An agent's live state
 * is their chosen availability plus presence (some server node holds their console socket) plus
 * their capacity (active chats against max chats).
 */

/** What an agent chose: `online` takes chats, `away` keeps current chats but takes no new ones, `offline` neither. */
export const AGENT_AVAILABILITIES = ['online', 'away', 'offline'] as const;
export const AgentAvailability = z.enum(AGENT_AVAILABILITIES);
export type AgentAvailability = z.infer<typeof AgentAvailability>;

/** A skill name: lower case letters, digits, `-` and `_` (e.g. `billing`, `de`, `tier-2`). */
export const SkillName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'Lower case letters, digits, - and _ (at most 50)');

/** Skill level: 1 (basic) … 5 (expert). */
export const SkillLevel = z.number().int().min(1).max(5);

/** One skill of an agent. */
export const AgentSkill = z.object({
  /** Skill name, e.g. `billing`. */
  skill: z.string(),
  /** 1 (basic) … 5 (expert); the skills strategy prefers higher levels. */
  level: z.number().int(),
});
export type AgentSkill = z.infer<typeof AgentSkill>;

/** Most chats one agent may handle at once. */
export const MAX_CHATS_LIMIT = 50;

/** An agent's live chat state. */
export const ChatAgent = z.object({
  /** The agent's user id. */
  user_id: Id,
  /** Display name. */
  name: z.string(),
  /** Login email. */
  email: z.string(),
  /** What the agent chose. */
  availability: AgentAvailability,
  /** True while a server node holds the agent's console socket (heartbeat fresh). */
  present: z.boolean(),
  /** True when routing may give this agent a new chat now: online, present and below max chats. */
  accepting: z.boolean(),
  /** Chats the agent may handle at once. */
  max_chats: z.number().int(),
  /** Chats the agent handles now (including offers waiting for an answer). */
  active_chats: z.number().int(),
  /** New chats are assigned directly (true) or offered with a timeout (false). */
  auto_accept: z.boolean(),
  /** Last heartbeat of the node holding the agent's socket (null: never connected or gone). */
  heartbeat_at: Timestamp.nullable(),
  /** When the agent last got a chat (round robin picks the oldest). */
  last_assigned_at: Timestamp.nullable(),
  /** The agent's skills, by name. */
  skills: z.array(AgentSkill),
  /** Teams the agent belongs to (ids). */
  team_ids: z.array(Id),
  /** Last change of availability, capacity or auto-accept. */
  updated_at: Timestamp,
});
export type ChatAgent = z.infer<typeof ChatAgent>;

/** PATCH /chat/agents/me body: the agent's own settings. */
export const UpdateMyChatAgentBody = z
  .object({
    /** Take chats (`online`), keep current ones only (`away`), or none (`offline`). */
    availability: AgentAvailability.optional(),
    /** Chats at once (1 … 50). */
    max_chats: z.number().int().min(1).max(MAX_CHATS_LIMIT).optional(),
    /** Assign directly (true) or offer with a timeout (false). */
    auto_accept: z.boolean().optional(),
  })
  .strict();
export type UpdateMyChatAgentBody = z.infer<typeof UpdateMyChatAgentBody>;

/** PATCH /chat/agents/:user_id body (supervisors and admins). */
export const UpdateChatAgentBody = z
  .object({
    /** Set the agent's availability (e.g. sign a forgotten agent out: `offline`). */
    availability: AgentAvailability.optional(),
    /** Chats at once (1 … 50). */
    max_chats: z.number().int().min(1).max(MAX_CHATS_LIMIT).optional(),
    /** Assign directly (true) or offer with a timeout (false). */
    auto_accept: z.boolean().optional(),
  })
  .strict();
export type UpdateChatAgentBody = z.infer<typeof UpdateChatAgentBody>;

/** GET /chat/agents query. */
export const ChatAgentListQuery = z.object({
  /** Only agents routing may give a chat now. */
  accepting: z.enum(['true', 'false']).optional(),
  /** Only members of this team. */
  team_id: Id.optional(),
  /** Only agents having this skill. */
  skill: z.string().max(50).optional(),
});

/** Route params of an agent. */
export const ChatAgentParams = z.object({
  /** The agent's user id. */
  user_id: Id,
});

/** Route params of one skill of an agent. */
export const AgentSkillParams = z.object({
  /** The agent's user id. */
  user_id: Id,
  /** Skill name. */
  skill: z.string().min(1).max(50),
});

/** POST /chat/agents/:user_id/skills body: give the agent a skill, or change its level. */
export const SetAgentSkillBody = z.object({
  /** Skill name (stored lower case). */
  skill: SkillName,
  /** 1 (basic) … 5 (expert). */
  level: SkillLevel,
});

/** PUT /chat/agents/:user_id/skills body: replace all skills of an agent. */
export const ReplaceAgentSkillsBody = z.object({
  /** The complete set (names unique). */
  skills: z.array(z.object({ skill: SkillName, level: SkillLevel })).max(100),
});

/** A skill used in the tenant, with how many agents have it (GET /chat/skills). */
export const ChatSkillSummary = z.object({
  /** Skill name. */
  skill: z.string(),
  /** Agents having it. */
  agents: z.number().int(),
});

/** Offer states: `pending` until the agent answers or the timeout passes. */
export const CHAT_OFFER_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'cancelled'] as const;

/** A chat offered to one agent (auto-accept off); the chat stays queued until accepted. */
export const ChatOffer = z.object({
  id: Id,
  /** The offered chat session. */
  session_id: Id,
  /** The agent it is offered to. */
  user_id: Id,
  /** pending | accepted | declined | expired | cancelled (the visitor left first). */
  status: z.enum(CHAT_OFFER_STATUSES),
  /** The agent must accept before this instant; then the next agent gets it. */
  expires_at: Timestamp,
  created_at: Timestamp,
  /** When it was accepted, declined or expired. */
  resolved_at: Timestamp.nullable(),
});
export type ChatOffer = z.infer<typeof ChatOffer>;

/** Transfer states. */
export const CHAT_TRANSFER_STATUSES = ['pending', 'accepted', 'rejected', 'expired', 'cancelled'] as const;

/** A request to hand an active chat to another agent or to a team. */
export const ChatTransfer = z.object({
  id: Id,
  /** The chat session. */
  session_id: Id,
  /** Agent handing the chat over. */
  from_user_id: Id.nullable(),
  /** Target agent (agent → agent), or the team member who accepted (agent → team). */
  to_user_id: Id.nullable(),
  /** Target team (agent → team): any member may accept. */
  to_team_id: Id.nullable(),
  /** Why (shown to the receiving agent). */
  reason: z.string().nullable(),
  /** pending → accepted | rejected | expired (| cancelled by the sender). */
  status: z.enum(CHAT_TRANSFER_STATUSES),
  /** Pending transfers expire at this instant; the chat stays with the sender. */
  expires_at: Timestamp,
  created_at: Timestamp,
  /** When it was answered or expired. */
  resolved_at: Timestamp.nullable(),
});
export type ChatTransfer = z.infer<typeof ChatTransfer>;

const transferFields = {
  /** Why (shown to the receiving agent). */
  reason: z.string().trim().max(500).optional(),
  /** Seconds the receiver has to accept (10 … 600, default 60). */
  timeout_seconds: z.number().int().min(10).max(600).optional(),
};

/** POST /chat/sessions/:id/transfers body: to an agent (`to_user_id`) or to a team (`to_team_id`), not both. */
export const CreateChatTransferBody = z.union([
  z
    .object({
      /** Hand to this agent. */
      to_user_id: Id,
      ...transferFields,
    })
    .strict(),
  z
    .object({
      /** Hand to this team (any member may accept). */
      to_team_id: Id,
      ...transferFields,
    })
    .strict(),
]);
export type CreateChatTransferBody = z.infer<typeof CreateChatTransferBody>;

/** GET /chat/transfers query: the caller's pending transfers (incoming by default). */
export const ChatTransferListQuery = z.object({
  /** `incoming` (to me or my teams) or `outgoing` (from me). */
  direction: z.enum(['incoming', 'outgoing']).default('incoming'),
  /** Filter by status (default: pending). */
  status: z.enum(CHAT_TRANSFER_STATUSES).default('pending'),
});

/** Minimal session info carried by routing events. */
export const RoutedChatSession = z.object({
  id: Id,
  widget_id: Id,
  /** queued | active | ended | abandoned. */
  status: z.string(),
  /** The assigned agent. */
  agent_id: Id.nullable(),
  team_id: Id.nullable(),
  visitor_name: z.string().nullable(),
  queued_at: Timestamp,
  assigned_at: Timestamp.nullable(),
});
export type RoutedChatSession = z.infer<typeof RoutedChatSession>;

/** A queued chat's place in its widget's queue (1 = next). */
export const ChatQueuePosition = z.object({
  session_id: Id,
  /** 1-based position among the widget's queued chats, oldest first. */
  position: z.number().int(),
});

/**
 * Data of the routing events (type → data). Delivery: `agent.state.changed`,
 * `chat.session.assigned`, `chat.queue.changed`, `chat.transfer.*` need chat:read;
 * `chat.offer.*` go to the offered agent only.
 */
export const ChatRoutingEvents = {
  /** An agent's availability, presence or capacity changed. */
  'agent.state.changed': z.object({ agent: ChatAgent }),
  /** A chat got its agent (routing, an accepted offer or an accepted transfer). */
  'chat.session.assigned': z.object({
    session: RoutedChatSession,
    /** The agent now handling it. */
    agent: z.object({ user_id: Id, name: z.string() }),
    /** The previous agent when this was a transfer. */
    previous_agent_id: Id.nullable(),
    /** How: `routing` (direct), `offer` (accepted), `transfer` (accepted), `pickup` (taken from the queue). */
    via: z.enum(['routing', 'offer', 'transfer', 'pickup']),
  }),
  /** A widget's queue changed (chats left it): the new positions of every chat still queued. */
  'chat.queue.changed': z.object({ widget_id: Id, positions: z.array(ChatQueuePosition) }),
  /** A chat was offered to the agent (personal). */
  'chat.offer.created': z.object({ offer: ChatOffer, session: RoutedChatSession }),
  /** An offer was accepted, declined or expired (personal). */
  'chat.offer.resolved': z.object({ offer: ChatOffer }),
  /** A transfer was requested, answered or expired. */
  'chat.transfer.created': z.object({ transfer: ChatTransfer }),
  'chat.transfer.accepted': z.object({ transfer: ChatTransfer }),
  'chat.transfer.rejected': z.object({ transfer: ChatTransfer }),
  'chat.transfer.expired': z.object({ transfer: ChatTransfer }),
  'chat.transfer.cancelled': z.object({ transfer: ChatTransfer }),
} as const;
