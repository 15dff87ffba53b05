import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';

/** One audited write. */
export const AuditEntry = z.object({
  id: Id,
  tenant_id: z.string().nullable(),
  actor_user_id: z.string().nullable(),
  actor_email: z.string().nullable(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  request_id: z.string().nullable(),
  created_at: Timestamp,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** GET /audit query. */
export const AuditListQuery = PageQuery.extend({
  action: z.string().max(100).optional(),
  entity_type: z.string().max(50).optional(),
  entity_id: z.string().max(64).optional(),
  actor_user_id: z.string().max(64).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  /** Opaque cursor from `meta.next_cursor` (newest first). */
  cursor: z.string().max(200).optional(),
});
