import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';

// ---------------------------------------------------------------------------------------------
// Email channels: a support address of a tenant, read over IMAP and/or fed raw MIME over HTTP.
// ---------------------------------------------------------------------------------------------

// Trimmed and lower-cased before the check; `format: email` keeps the OpenAPI document saying what it is.
const emailAddress = z.string().trim().toLowerCase().pipe(z.email('Not a valid email address').max(254)).meta({ format: 'email' });
const hostName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9.:[\]_-]+$/, 'A host name or IP address');

/** An email channel of the tenant. The IMAP password and the inbound token are never returned. */
export const EmailChannel = z.object({
  /** Channel id (UUIDv7). */
  id: Id,
  /** Display name in the console (unique in the tenant, ignoring case). */
  name: z.string(),
  /** The support address: replies and notifications are sent from it; mail from it is never taken in. */
  address: z.string(),
  /** Display name of the sender (`"Acme Support" <support@acme.example>`); null: the channel name. */
  from_name: z.string().nullable(),
  /** Off: nothing is read from the mailbox, the raw-MIME endpoint refuses mail, no email is sent from it. */
  enabled: z.boolean(),
  /** IMAP server of the mailbox; null: no polling (mail arrives by the raw-MIME endpoint only). */
  imap_host: z.string().nullable(),
  /** IMAP port (993 with TLS, 143 without, unless set). */
  imap_port: z.number().int().nullable(),
  /** Connect with TLS from the start (IMAPS). */
  imap_tls: z.boolean(),
  /** IMAP login. */
  imap_user: z.string().nullable(),
  /** Mailbox read (default `INBOX`). */
  imap_mailbox: z.string(),
  /** Whether an IMAP password is stored (the password itself is never returned). */
  imap_password_set: z.boolean(),
  /** When the mailbox was last read. */
  imap_last_polled_at: Timestamp.nullable(),
  /** The error of the last read, null when it succeeded. */
  imap_last_error: z.string().nullable(),
  /** Where an MTA pipe or a provider's inbound hook posts raw messages (`Content-Type: message/rfc822`). */
  inbound_url: z.string(),
  /** The last four characters of the inbound token, to tell tokens apart (the token is shown once). */
  inbound_token_hint: z.string(),
  /** When the channel was created. */
  created_at: Timestamp,
  /** When the channel last changed. */
  updated_at: Timestamp,
});
export type EmailChannel = z.infer<typeof EmailChannel>;

/** An email channel with its inbound token: only in the answers of create and rotate-token. */
export const EmailChannelWithToken = EmailChannel.extend({
  /** Secret of the raw-MIME endpoint (`Authorization: Bearer <token>` or `?token=`), shown this once. */
  inbound_token: z.string(),
});

/** POST /helpdesk/email-channels body. */
export const CreateEmailChannelBody = z.object({
  /** Display name, unique in the tenant (ignoring case). */
  name: z.string().trim().min(1, 'Required').max(100),
  /** The support address (From of replies), unique in the tenant. */
  address: emailAddress,
  /** Display name of the sender; default: the channel name. */
  from_name: z.string().trim().min(1).max(100).nullable().optional(),
  /** Default true. */
  enabled: z.boolean().optional(),
  /** IMAP server; null or omitted: no polling. */
  imap_host: hostName.nullable().optional(),
  /** IMAP port; default 993 with TLS, 143 without. */
  imap_port: z.number().int().min(1).max(65535).nullable().optional(),
  /** Connect with TLS (default true). */
  imap_tls: z.boolean().optional(),
  /** IMAP login (required with `imap_host`). */
  imap_user: z.string().trim().min(1).max(255).nullable().optional(),
  /** IMAP password (write-only; stored encrypted). Null clears it; omitted keeps it on update. */
  imap_password: z.string().min(1).max(1000).nullable().optional(),
  /** Mailbox to read (default `INBOX`). */
  imap_mailbox: z.string().trim().min(1).max(255).optional(),
});

/** PATCH /helpdesk/email-channels/:id body. */
export const UpdateEmailChannelBody = CreateEmailChannelBody.partial();

/** GET /helpdesk/email-channels query. */
export const EmailChannelListQuery = PageQuery;

/** Result of POST /helpdesk/email-channels/:id/test (an IMAP login and mailbox open). */
export const EmailChannelTestResult = z.object({
  /** True when the server accepted the login and the mailbox opened. */
  ok: z.boolean(),
  /** Why not, when `ok` is false. */
  error: z.string().nullable(),
  /** Messages in the mailbox, when it opened. */
  messages: z.number().int().nullable(),
});

/** Result of POST /helpdesk/email-channels/:id/poll (read the mailbox now). */
export const EmailPollResult = z.object({
  /** Messages fetched from the mailbox in this run. */
  fetched: z.number().int(),
  /** New tickets created. */
  created: z.number().int(),
  /** Replies added to existing tickets. */
  threaded: z.number().int(),
  /** Messages already taken in before (same Message-ID). */
  duplicates: z.number().int(),
  /** Messages not taken in (auto-replies, bounces, our own mail). */
  ignored: z.number().int(),
  /** False when another node was reading this mailbox (nothing done). */
  ran: z.boolean(),
  /** What went wrong reading the mailbox (also kept as the channel's `imap_last_error`). */
  error: z.string().nullable(),
});

/** What became of a message posted to the raw-MIME endpoint. */
export const InboundEmailResult = z.object({
  /** `created`: a new ticket; `threaded`: added to a ticket; `duplicate`: seen before; `ignored`: auto-reply, bounce or our own mail. */
  outcome: z.enum(['created', 'threaded', 'duplicate', 'ignored']),
  /** The ticket it created or was added to. */
  ticket_id: Id.nullable(),
  /** The ticket's number. */
  ticket_number: z.string().nullable(),
  /** Why it was ignored. */
  reason: z.string().nullable(),
});
export type InboundEmailResult = z.infer<typeof InboundEmailResult>;

// ---------------------------------------------------------------------------------------------
// CCs of a ticket: copied on every email to the requester; replies from them thread.
// ---------------------------------------------------------------------------------------------

/** A CC of a ticket. */
export const TicketCc = z.object({
  /** Address (lower case). */
  email: z.string(),
  /** Display name, when known. */
  name: z.string().nullable(),
  /** When it was added. */
  created_at: Timestamp,
});
export type TicketCc = z.infer<typeof TicketCc>;

/** PUT /tickets/:id/ccs body: the complete list (replaces the current one). */
export const SetTicketCcsBody = z.object({
  /** At most 50 addresses; duplicates are merged. */
  ccs: z
    .array(
      z.object({
        /** Address. */
        email: emailAddress,
        /** Display name. */
        name: z.string().trim().min(1).max(255).nullable().optional(),
      }),
    )
    .max(50),
});
