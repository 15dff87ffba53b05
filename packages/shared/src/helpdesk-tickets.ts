import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';
import { TicketSla } from './helpdesk-sla.js';
import { AttachmentRef, MAX_ATTACHMENTS_PER_MESSAGE } from './helpdesk-attachments.js';

// ---------------------------------------------------------------------------------------------
// Teams (users module): named groups of users, used for ticket assignment and later chat/queues.
// ---------------------------------------------------------------------------------------------

/** A team of users in one tenant. */
export const Team = z.object({
  /** Team id (UUIDv7). */
  id: Id,
  /** Display name, unique in the tenant (ignoring case). */
  name: z.string(),
  /** Free text describing what the team does. */
  description: z.string().nullable(),
  /** Number of members. */
  member_count: z.number().int(),
  /** When the team was created. */
  created_at: Timestamp,
  /** When the team was last changed. */
  updated_at: Timestamp,
});
export type Team = z.infer<typeof Team>;

/** POST /teams body. */
export const CreateTeamBody = z.object({
  /** Display name, unique in the tenant (ignoring case). */
  name: z.string().trim().min(1, 'Required').max(100),
  /** Free text describing what the team does. */
  description: z.string().trim().max(1000).nullable().optional(),
});
/** PATCH /teams/:id body. */
export const UpdateTeamBody = CreateTeamBody.partial();

/** GET /teams query. */
export const TeamListQuery = PageQuery.extend({
  /** Search over the name. */
  q: z.string().max(100).optional(),
});

/** A member of a team (a user of the tenant). */
export const TeamMember = z.object({
  /** The user's id. */
  user_id: Id,
  /** The user's name. */
  name: z.string(),
  /** The user's email. */
  email: z.string(),
  /** The user's role in the tenant. */
  role: z.string(),
  /** When the user joined the team. */
  added_at: Timestamp,
});
export type TeamMember = z.infer<typeof TeamMember>;

/** POST /teams/:id/members body. */
export const AddTeamMemberBody = z.object({
  /** A user of this tenant. */
  user_id: Id,
});

/** Params of a team member. */
export const TeamMemberParams = z.object({
  /** Team id. */
  id: Id,
  /** User id. */
  user_id: Id,
});

// ---------------------------------------------------------------------------------------------
// Tickets
// ---------------------------------------------------------------------------------------------

/** Ticket priorities, lowest first. */
export const TICKET_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const TicketPriority = z.enum(TICKET_PRIORITIES);
export type TicketPriority = z.infer<typeof TicketPriority>;

/** Ticket statuses, in lifecycle order. */
export const TICKET_STATUSES = ['open', 'in_progress', 'pending', 'resolved', 'closed'] as const;
export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

/**
 * Allowed status changes. Work moves forward; pending and in progress alternate while waiting on the
 * customer; a resolved ticket may be reopened; a closed ticket stays closed.
 */
export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ['in_progress', 'pending', 'resolved', 'closed'],
  in_progress: ['pending', 'resolved', 'closed'],
  pending: ['in_progress', 'resolved', 'closed'],
  resolved: ['open', 'in_progress', 'closed'],
  closed: [],
};

/** A helpdesk ticket. */
export const Ticket = z.object({
  /** Ticket id (UUIDv7). */
  id: Id,
  /** Human number, unique and gap-free per tenant: `PREFIX-00042`. */
  number: z.string(),
  /** One-line summary. */
  subject: z.string(),
  /** What the requester asked (plain text). */
  description: z.string().nullable(),
  /** Lifecycle status. */
  status: TicketStatus,
  /** Priority. */
  priority: TicketPriority,
  /** Free-form category (e.g. `billing`). */
  category: z.string().nullable(),
  /** The contact who asked. */
  requester_id: Id.nullable(),
  /** The agent working the ticket (a user of the tenant). */
  assignee_id: Id.nullable(),
  /** The team the ticket is assigned to. */
  team_id: Id.nullable(),
  /** When the ticket is due. */
  due_at: Timestamp.nullable(),
  /** Tags (shared with contacts). */
  tags: z.array(z.object({ id: Id, name: z.string(), color: z.string().nullable() })),
  /** First public reply by an agent. */
  first_response_at: Timestamp.nullable(),
  /** Last time the ticket became resolved (cleared when it is reopened). */
  resolved_at: Timestamp.nullable(),
  /** When the ticket was closed. */
  closed_at: Timestamp.nullable(),
  /** The user who created the ticket (null for email and API channels without a user). */
  created_by: Id.nullable(),
  /** When the ticket was created. */
  created_at: Timestamp,
  /** When the ticket last changed. */
  updated_at: Timestamp,
  /** When the ticket was moved to the trash (null unless listing deleted tickets). */
  deleted_at: Timestamp.nullable(),
  /** SLA clocks (first response, resolution) from the ticket's SLA policy; null: no SLA applies. */
  sla: TicketSla.nullable(),
});
export type Ticket = z.infer<typeof Ticket>;

const optRef = Id.nullable().optional();

/** POST /tickets body. */
export const CreateTicketBody = z.object({
  /** One-line summary. */
  subject: z.string().trim().min(1, 'Required').max(255),
  /** What the requester asked (plain text). */
  description: z.string().trim().max(20000).nullable().optional(),
  /** Priority (default `medium`). */
  priority: TicketPriority.optional(),
  /** Free-form category. */
  category: z.string().trim().min(1).max(100).nullable().optional(),
  /** A contact of this tenant. */
  requester_id: optRef,
  /** A user of this tenant. */
  assignee_id: optRef,
  /** A team of this tenant. */
  team_id: optRef,
  /** Due date (ISO-8601 instant). */
  due_at: z.iso.datetime({ offset: true }).nullable().optional(),
  /** Tag ids of this tenant. */
  tag_ids: z.array(Id).max(50).optional(),
  /**
   * SLA policy of this tenant whose clocks run on the ticket. On create: absent = the tenant's default
   * policy, null = no SLA. On update: a policy recomputes the running clocks, null removes them.
   */
  sla_policy_id: Id.nullable().optional(),
});

/** PATCH /tickets/:id body: any field, and a status change along the allowed transitions. */
export const UpdateTicketBody = CreateTicketBody.partial().extend({
  /** New status; must be an allowed transition from the current one. */
  status: TicketStatus.optional(),
});

/** A bound of a date range filter: an ISO-8601 instant with offset, or a date (`2026-11-22`, UTC). */
const DateOrInstant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** GET /tickets query. */
export const TicketListQuery = PageQuery.extend({
  /** Only these statuses (comma-separated). */
  status: z
    .string()
    .regex(new RegExp(`^(${TICKET_STATUSES.join('|')})(,(${TICKET_STATUSES.join('|')}))*$`), 'Comma-separated statuses')
    .optional(),
  /** Only this priority. */
  priority: TicketPriority.optional(),
  /** Only tickets assigned to this user. */
  assignee_id: Id.optional(),
  /** Only tickets of this team. */
  team_id: Id.optional(),
  /** Only tickets with this tag. */
  tag_id: Id.optional(),
  /** Only tickets of this requester. */
  requester_id: Id.optional(),
  /** Full-text search: every word (as a prefix) in the subject, description or any message; or a part of the number or subject. */
  q: z.string().max(200).optional(),
  /** `true`: the trash (soft-deleted tickets) instead of live ones. */
  deleted: z.enum(['true', 'false']).optional(),
  /** Created at or after this instant (a date: from its start, UTC). */
  created_from: DateOrInstant.optional(),
  /** Created at or before this instant (a date: to its end, UTC). */
  created_to: DateOrInstant.optional(),
  /** Last changed at or after this instant (a date: from its start, UTC). */
  updated_from: DateOrInstant.optional(),
  /** Last changed at or before this instant (a date: to its end, UTC). */
  updated_to: DateOrInstant.optional(),
  /**
   * `true`: open tickets (not resolved or closed) past their `due_at`, or with a running SLA clock
   * past its due date; `false`: the others.
   */
  overdue: z.enum(['true', 'false']).optional(),
  /** `true`: tickets with an SLA clock that breached (recorded or due date passed); `false`: the others. */
  sla_breached: z.enum(['true', 'false']).optional(),
  /** Sort key; `-` for descending. */
  sort: z
    .enum(['created_at', '-created_at', 'updated_at', '-updated_at', 'number', '-number', 'priority', '-priority', 'due_at', '-due_at'])
    .default('-created_at'),
});

// ---------------------------------------------------------------------------------------------
// Threaded messages
// ---------------------------------------------------------------------------------------------

/** Body formats of a message: plain text, or HTML (sanitised on the way in). */
export const MESSAGE_FORMATS = ['text', 'html'] as const;

/** A message in a ticket's thread: a public reply or an internal note. */
export const TicketMessage = z.object({
  /** Message id (UUIDv7). */
  id: Id,
  /** The ticket. */
  ticket_id: Id,
  /** The agent who wrote it (null when the requester wrote it). */
  author_user_id: Id.nullable(),
  /** The requester who wrote it (email channel), else null. */
  author_contact_id: Id.nullable(),
  /** Internal note: never shown or emailed to the requester. */
  internal: z.boolean(),
  /** `text` or `html` (sanitised). */
  format: z.enum(MESSAGE_FORMATS),
  /** The body, as stored (HTML already sanitised). */
  body: z.string(),
  /** When the message was written. */
  created_at: Timestamp,
  /** When an internal note was last edited (null if never). */
  edited_at: Timestamp.nullable(),
  /** Files sent with the message (those of an internal note are as internal as the note). */
  attachments: z.array(AttachmentRef),
});
export type TicketMessage = z.infer<typeof TicketMessage>;

/** POST /tickets/:id/messages body. */
export const CreateTicketMessageBody = z.object({
  /** The text, or HTML when `format` is `html` (unsafe markup is removed). */
  body: z.string().trim().min(1, 'Required').max(100000),
  /** `text` (default) or `html`. */
  format: z.enum(MESSAGE_FORMATS).optional(),
  /** An internal note instead of a public reply (default false). */
  internal: z.boolean().optional(),
  /** Attachments uploaded to this ticket (POST /tickets/:id/attachments) and not yet sent with a message. */
  attachment_ids: z.array(Id).max(MAX_ATTACHMENTS_PER_MESSAGE).optional(),
});

/** PATCH /tickets/:id/messages/:message_id body (internal notes only). */
export const UpdateTicketMessageBody = CreateTicketMessageBody.pick({ body: true, format: true });

/** Params of one message. */
export const TicketMessageParams = z.object({
  /** Ticket id. */
  id: Id,
  /** Message id. */
  message_id: Id,
});

/** An earlier version of an edited internal note. */
export const TicketMessageRevision = z.object({
  /** Revision id. */
  id: Id,
  /** `text` or `html`. */
  format: z.enum(MESSAGE_FORMATS),
  /** The body as it was before the edit. */
  body: z.string(),
  /** Who made the edit that replaced this version. */
  edited_by: Id.nullable(),
  /** When that edit was made. */
  created_at: Timestamp,
});
