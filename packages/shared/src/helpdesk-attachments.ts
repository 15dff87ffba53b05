import { z } from 'zod';
import { Id, Timestamp } from './common.js';

// ---------------------------------------------------------------------------------------------
// Ticket attachments: uploaded to a ticket, then linked to the message that carries them.
// ---------------------------------------------------------------------------------------------

/** Default of the tenant setting `max_attachment_mb` (largest file one upload may carry). */
export const DEFAULT_MAX_ATTACHMENT_MB = 20;
/** Highest value the tenant setting `max_attachment_mb` may take. */
export const MAX_ATTACHMENT_MB = 100;
/** Files one upload request may carry. */
export const MAX_FILES_PER_UPLOAD = 10;
/** Attachments one message may reference. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 20;

/**
 * Types a browser may show inline (`?inline=1`): raster images only. Everything else (HTML, SVG,
 * PDF, text …) is always sent as a download.
 */
export const INLINE_ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** An attachment as a message shows it. */
export const AttachmentRef = z.object({
  /** Attachment id (UUIDv7). */
  id: Id,
  /** File name as uploaded (control characters, quotes and slashes replaced). */
  filename: z.string(),
  /** Content type sniffed from the bytes (never from the name); `application/octet-stream` when unknown. */
  content_type: z.string(),
  /** Size in bytes. */
  size: z.number().int(),
  /** When it was uploaded. */
  created_at: Timestamp,
});
export type AttachmentRef = z.infer<typeof AttachmentRef>;

/** An attachment of a ticket. */
export const TicketAttachment = AttachmentRef.extend({
  /** The ticket it was uploaded to. */
  ticket_id: Id,
  /** The message that carries it; null while it is uploaded but not yet sent with a message. */
  message_id: Id.nullable(),
  /** True when it belongs to an internal note (never shown or sent to the requester). */
  internal: z.boolean(),
  /** The user who uploaded it (null for email and other channels). */
  created_by: Id.nullable(),
});
export type TicketAttachment = z.infer<typeof TicketAttachment>;

/** POST /tickets/:id/attachments body: multipart/form-data with one or more file parts. */
export const AttachmentUploadBody = z.any().meta({
  type: 'object',
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description: `One or more file parts (any field name), at most ${MAX_FILES_PER_UPLOAD}, each within the tenant's max_attachment_mb`,
    },
  },
  required: ['file'],
});

/** Params of one attachment of a ticket. */
export const TicketAttachmentParams = z.object({
  /** Ticket id. */
  id: Id,
  /** Attachment id. */
  attachment_id: Id,
});

/** GET /tickets/:id/attachments/:attachment_id query. */
export const AttachmentDownloadQuery = z.object({
  /** `1`: show inline (raster images only, for previews); anything else is a download. */
  inline: z.enum(['0', '1', 'true', 'false']).optional(),
});
