import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';
import { Destination } from './telephony.js';

// ---------------------------------------------------------------------------------------------
// Queues
// ---------------------------------------------------------------------------------------------

/** How a queue picks the member(s) to ring: Asterisk's `strategy` values. */
export const QUEUE_STRATEGIES = ['ringall', 'leastrecent', 'fewestcalls', 'random', 'rrmemory', 'rrordered', 'linear', 'wrandom'] as const;
export const QueueStrategy = z.enum(QUEUE_STRATEGIES);
export type QueueStrategy = z.infer<typeof QueueStrategy>;

/**
 * When callers may join (`join_empty`) or must leave (`leave_when_empty`) a queue without
 * available members, as Asterisk reads `joinempty`/`leavewhenempty`: for joining, `yes` = always
 * join, `no` = refuse when every member is paused, unavailable, invalid or out of penalty range;
 * for leaving, `no` = never leave, `yes` = leave in those cases; `strict` also counts paused and
 * unavailable members as absent, `loose` only members out of penalty range and invalid ones.
 */
export const QUEUE_EMPTY_RULES = ['yes', 'no', 'strict', 'loose'] as const;
export const QueueEmptyRule = z.enum(QUEUE_EMPTY_RULES);

/** Whether callers hear their position: `yes`, `no`, `more` (only "more than N"), `limit` (only up to N). */
export const ANNOUNCE_POSITIONS = ['yes', 'no', 'more', 'limit'] as const;
export const AnnouncePosition = z.enum(ANNOUNCE_POSITIONS);

const seconds = (max: number) => z.number().int().min(0).max(max);

/** Fields of a queue a client may set (all optional: defaults apply on create). */
const QueueFields = z.object({
  /** Display name, unique in the tenant; the Asterisk queue is `<tenant>-<name as slug>` (e.g. `acme-sales`). */
  name: z.string().trim().min(1).max(60),
  /** Ring strategy (default `ringall`). */
  strategy: QueueStrategy,
  /** Seconds a member's phone rings before the next attempt (default 15). */
  ring_timeout: z.number().int().min(1).max(600),
  /** Seconds to wait before trying members again after a round (default 5). */
  retry: seconds(600),
  /** Seconds a member rests after a call before the queue rings them again (default 0). */
  wrapup_time: seconds(3600),
  /** Most callers waiting at once; 0 = no limit (default 0). */
  max_length: z.number().int().min(0).max(10000),
  /** Seconds a caller waits at most before leaving to `overflow` (null = no limit, default). */
  max_wait: z.number().int().min(1).max(86400).nullable(),
  /** Where a caller goes when the queue gives up (max wait passed, queue full or empty); null = hang up. */
  overflow: Destination.nullable(),
  /** May callers join while no member can take calls? See QUEUE_EMPTY_RULES (default `yes`). */
  join_empty: QueueEmptyRule,
  /** Do waiting callers leave when no member can take calls? See QUEUE_EMPTY_RULES (default `no`). */
  leave_when_empty: QueueEmptyRule,
  /** Seconds between hold-time/position announcements; 0 = never (default 0). */
  announce_frequency: seconds(3600),
  /** Announce the caller's position (default `no`). */
  announce_position: AnnouncePosition,
  /** The N of `more`/`limit` position announcements (default 5). */
  announce_position_limit: z.number().int().min(0).max(1000),
  /** Asterisk music-on-hold class (default `default`). */
  music_on_hold: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'Letters, digits, _ and - only'),
  /** Service level threshold in seconds, for statistics (default 20). */
  service_level: seconds(3600),
});

/** A call queue (Asterisk `queues` row plus what Asterisk has no column for). */
export const Queue = QueueFields.extend({
  id: Id,
  /** The queue's name in Asterisk (`queues.name`, `queue_members.queue_name`, `Queue()` argument). */
  asterisk_name: z.string(),
  /** Number of members. */
  member_count: z.number().int(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Queue = z.infer<typeof Queue>;

/** POST /telephony/queues body: a name, everything else optional. */
export const CreateQueueBody = QueueFields.partial().required({ name: true });
export type CreateQueueBody = z.infer<typeof CreateQueueBody>;
/** PATCH /telephony/queues/:id body. Renaming rewrites the Asterisk queue and its members' rows. */
export const UpdateQueueBody = QueueFields.partial();
export type UpdateQueueBody = z.infer<typeof UpdateQueueBody>;

/** GET /telephony/queues query. */
export const QueueListQuery = PageQuery.extend({
  /** Search in the name. */
  q: z.string().max(100).optional(),
  sort: z.enum(['name', '-name', 'created_at', '-created_at']).default('name'),
});

/** A member of a queue: an extension of the tenant. */
export const QueueMember = z.object({
  /** The member's extension (its id). */
  extension_id: Id,
  /** The extension's number. */
  number: z.string(),
  /** The member's name as Asterisk logs it (`membername`): the extension's name, or its number. */
  name: z.string(),
  /** The Asterisk interface rung, `PJSIP/<tenant>-<number>`. */
  interface: z.string(),
  /** Lower rings first (0 = highest priority). */
  penalty: z.number().int(),
  /** Paused members are not rung. */
  paused: z.boolean(),
  /** Why the member is paused (shown to supervisors, logged by Asterisk). */
  pause_reason: z.string().nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type QueueMember = z.infer<typeof QueueMember>;

const Penalty = z.number().int().min(0).max(1000);
const PauseReason = z.string().trim().max(80).nullable();

/** POST /telephony/queues/:id/members body. */
export const AddQueueMemberBody = z.object({
  /** The extension to add (one of the tenant's). */
  extension_id: Id,
  /** Lower rings first (default 0). */
  penalty: Penalty.optional(),
  /** Start paused (default false). */
  paused: z.boolean().optional(),
  /** Why paused. */
  pause_reason: PauseReason.optional(),
});
/** PATCH /telephony/queues/:id/members/:extension_id body. */
export const UpdateQueueMemberBody = z.object({
  /** Lower rings first. */
  penalty: Penalty.optional(),
  /** Pause or unpause; unpausing clears the reason. */
  paused: z.boolean().optional(),
  /** Why paused. */
  pause_reason: PauseReason.optional(),
});
/** PUT /telephony/queues/:id/members/order body: every member's extension id, first = penalty 0. */
export const QueueMemberOrderBody = z.object({
  /** Extension ids of all members in the new order; they get penalties 0, 1, 2, … */
  extension_ids: z.array(Id).min(1).max(1000),
});
/** Path of one member. */
export const QueueMemberParams = z.object({ id: Id, extension_id: Id });

// ---------------------------------------------------------------------------------------------
// Greetings (IVR menus and voicemail boxes)
// ---------------------------------------------------------------------------------------------

/** Audio types accepted for greetings, recognised from the file's bytes (not its name). */
export const GREETING_AUDIO_TYPES = ['audio/wav', 'audio/mpeg', 'audio/ogg'] as const;
/** Largest greeting upload, in bytes. */
export const GREETING_MAX_BYTES = 10 * 1024 * 1024;

/** An uploaded greeting: download it from the owner's `/greeting`. */
export const GreetingAudio = z.object({
  /** Detected from the content. */
  content_type: z.enum(GREETING_AUDIO_TYPES),
  /** Bytes. */
  size: z.number().int(),
  /** SHA-256 of the content (files are stored once by content). */
  sha256: z.string(),
  /** File name as uploaded. */
  file_name: z.string().nullable(),
  uploaded_at: Timestamp,
});
export type GreetingAudio = z.infer<typeof GreetingAudio>;

/** Multipart body of a greeting upload: one file part. */
export const GreetingUploadBody = z.any().meta({
  type: 'object',
  properties: { file: { type: 'string', format: 'binary', description: 'WAV, MP3 or Ogg audio, at most 10 MB' } },
  required: ['file'],
});

// ---------------------------------------------------------------------------------------------
// IVR menus
// ---------------------------------------------------------------------------------------------

/** Keys a caller may press in a menu. */
export const IVR_DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'] as const;
export const IvrDigit = z.enum(IVR_DIGITS);

/** One option of a menu: the key and where it leads. */
export const IvrOption = z.object({
  /** 0–9, * or #. */
  digit: IvrDigit,
  /** Where the key leads: any destination, another menu included. */
  destination: Destination,
});

const IvrFields = z.object({
  /** Display name, unique in the tenant. */
  name: z.string().trim().min(1).max(100),
  /** Text prompt spoken by text-to-speech when no audio greeting is uploaded. */
  greeting_text: z.string().trim().min(1).max(2000).nullable(),
  /** Options, each key at most once. */
  options: z
    .array(IvrOption)
    .max(IVR_DIGITS.length)
    .refine((opts) => new Set(opts.map((o) => o.digit)).size === opts.length, 'Each digit at most once'),
  /** Where a caller goes after the last repeat without pressing a key; null = hang up. */
  timeout: Destination.nullable(),
  /** Where a caller goes after pressing a key without an option; null = the menu plays again (counted as a repeat). */
  invalid: Destination.nullable(),
  /** Seconds to wait for a key after the greeting (default 5). */
  timeout_seconds: z.number().int().min(1).max(60),
  /** How many times the greeting is played before `timeout` applies (default 2). */
  repeat_count: z.number().int().min(1).max(10),
});

/** An IVR menu. Every menu must keep a way out: following its destinations, some non-menu destination (or hang-up) is reachable. */
export const IvrMenu = IvrFields.extend({
  id: Id,
  /** The uploaded audio greeting (played instead of `greeting_text`), if any. */
  greeting_audio: GreetingAudio.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type IvrMenu = z.infer<typeof IvrMenu>;

/** POST /telephony/ivr body. */
export const CreateIvrMenuBody = IvrFields.partial().required({ name: true });
export type CreateIvrMenuBody = z.infer<typeof CreateIvrMenuBody>;
/** PATCH /telephony/ivr/:id body; `options` replaces the whole set. */
export const UpdateIvrMenuBody = IvrFields.partial();
export type UpdateIvrMenuBody = z.infer<typeof UpdateIvrMenuBody>;
/** GET /telephony/ivr query. */
export const IvrMenuListQuery = PageQuery.extend({
  /** Search in the name. */
  q: z.string().max(100).optional(),
});

// ---------------------------------------------------------------------------------------------
// Voicemail boxes
// ---------------------------------------------------------------------------------------------

const VoicemailFields = z.object({
  /** Mailbox number (digits), unique in the tenant. */
  mailbox: z.string().regex(/^\d{1,10}$/, 'Digits only, at most 10'),
  /** Owner's name (Asterisk `fullname`). */
  name: z.string().trim().min(1).max(80),
  /** PIN to listen to messages by phone: 4–10 digits. Write-only: never shown. */
  pin: z.string().regex(/^\d{4,10}$/, '4 to 10 digits'),
  /** Where new messages are announced by email; null = no email. */
  email: z.string().trim().toLowerCase().max(80).pipe(z.email('Not a valid email address')).nullable(),
  /** Attach the recording to the email (default true). */
  attach_audio: z.boolean(),
  /** Delete the message once emailed (default false; needs `email`). */
  delete_after_email: z.boolean(),
});

/** A voicemail box (Asterisk `voicemail` row in the tenant's context). The PIN is never shown. */
export const VoicemailBox = VoicemailFields.omit({ pin: true }).extend({
  id: Id,
  /** The Asterisk voicemail context (the tenant). */
  context: z.string(),
  /** The uploaded greeting, if any (Asterisk's default greeting otherwise). */
  greeting_audio: GreetingAudio.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type VoicemailBox = z.infer<typeof VoicemailBox>;

/** POST /telephony/voicemail body. */
export const CreateVoicemailBoxBody = VoicemailFields.partial().required({ mailbox: true, name: true, pin: true });
export type CreateVoicemailBoxBody = z.infer<typeof CreateVoicemailBoxBody>;
/** PATCH /telephony/voicemail/:id body (a new `pin` replaces the old one). */
export const UpdateVoicemailBoxBody = VoicemailFields.partial();
export type UpdateVoicemailBoxBody = z.infer<typeof UpdateVoicemailBoxBody>;
/** GET /telephony/voicemail query. */
export const VoicemailBoxListQuery = PageQuery.extend({
  /** Search in mailbox number, name and email. */
  q: z.string().max(100).optional(),
});
