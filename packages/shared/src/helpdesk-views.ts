import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Ticket, TicketListQuery, TicketPriority, TicketStatus } from './helpdesk-tickets.js';

// ---------------------------------------------------------------------------------------------
// Saved ticket views: a user's named filters and sort for the ticket list.
// ---------------------------------------------------------------------------------------------

/** Sort keys of the ticket list (`-` for descending). */
export const TicketSort = TicketListQuery.shape.sort.unwrap();
export type TicketSort = z.infer<typeof TicketSort>;

/**
 * Filters of a saved view: exactly the GET /tickets query parameters except paging and sort
 * (status, priority, assignee_id, team_id, tag_id, requester_id, q, created_from, …), so a
 * client spreads them into the list's query string. Unknown keys are refused.
 */
export const TicketViewFilters = TicketListQuery.omit({ page: true, page_size: true, sort: true }).strict();
export type TicketViewFilters = z.infer<typeof TicketViewFilters>;

/** A saved view of the ticket list, private to the user who saved it. */
export const TicketView = z.object({
  /** View id (UUIDv7). */
  id: Id,
  /** Name shown in the list's view picker; unique per user (ignoring case). */
  name: z.string(),
  /** The list filters (GET /tickets query parameters). */
  filters: TicketViewFilters,
  /** The list sort. */
  sort: TicketSort,
  /** When the view was saved. */
  created_at: Timestamp,
  /** When the view was last changed. */
  updated_at: Timestamp,
});
export type TicketView = z.infer<typeof TicketView>;

/** POST /ticket-views body. */
export const CreateTicketViewBody = z.object({
  /** Name, unique among the caller's views (ignoring case). */
  name: z.string().trim().min(1, 'Required').max(100),
  /** The list filters (GET /tickets query parameters); default none. */
  filters: TicketViewFilters.default({}),
  /** The list sort; default `-created_at`. */
  sort: TicketSort.default('-created_at'),
});

/** PATCH /ticket-views/:id body: any of name, filters (replaced whole) and sort. */
export const UpdateTicketViewBody = z.object({
  /** New name, unique among the caller's views (ignoring case). */
  name: z.string().trim().min(1, 'Required').max(100).optional(),
  /** New filters; replace the old ones whole. */
  filters: TicketViewFilters.optional(),
  /** New sort. */
  sort: TicketSort.optional(),
});

// ---------------------------------------------------------------------------------------------
// Bulk update
// ---------------------------------------------------------------------------------------------

/** Tickets one bulk update may change. */
export const MAX_BULK_TICKETS = 100;

/** What a bulk update changes on every ticket; absent fields stay as they are. */
export const BulkTicketChanges = z.object({
  /** Assign to this user of the tenant (null: unassign). */
  assignee_id: Id.nullable().optional(),
  /** Assign to this team of the tenant (null: no team). */
  team_id: Id.nullable().optional(),
  /** New status; every ticket must be allowed to move there (staying is fine). */
  status: TicketStatus.optional(),
  /** New priority. */
  priority: TicketPriority.optional(),
  /** Tags to add (tenant tags). */
  add_tag_ids: z.array(Id).max(50).optional(),
  /** Tags to remove. */
  remove_tag_ids: z.array(Id).max(50).optional(),
});
export type BulkTicketChanges = z.infer<typeof BulkTicketChanges>;

/**
 * POST /tickets/bulk body. All or nothing: when any ticket cannot take the change (unknown id,
 * invalid status transition) nothing changes and the problem lists each (`tickets.<id>` fields).
 */
export const BulkUpdateTicketsBody = z.object({
  /** Live tickets of the tenant, at most 100 (duplicates count once; none is a no-op). */
  ticket_ids: z.array(Id).max(MAX_BULK_TICKETS),
  /** The changes applied to each ticket. */
  changes: BulkTicketChanges,
});

/** POST /tickets/bulk result. */
export const BulkUpdateTicketsResult = z.object({
  /** How many tickets were updated. */
  updated: z.number().int(),
  /** The tickets after the change, in the order of `ticket_ids`. */
  tickets: z.array(Ticket),
});
