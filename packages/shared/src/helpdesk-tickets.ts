import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';

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
