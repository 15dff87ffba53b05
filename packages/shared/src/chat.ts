import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';

// ---------------------------------------------------------------------------------------------
// Live chat: the API contract of widgets (admin), the public visitor API and socket, the agent
// desk, and the chat events of the console stream. Visitor and agent text is plain text
// everywhere: it is stored as typed and every client renders it as text (never as HTML).
// ---------------------------------------------------------------------------------------------

/** How a widget's chats are given to agents (modules/chat/routing.ts). */
export const CHAT_STRATEGIES = ['least_busy', 'round_robin', 'team', 'skills'] as const;
export const ChatStrategy = z.enum(CHAT_STRATEGIES);
export type ChatStrategy = z.infer<typeof ChatStrategy>;

/** Life of a chat: waiting for an agent, talking, finished, or left by the visitor before an agent came. */
export const CHAT_SESSION_STATUSES = ['queued', 'active', 'ended', 'abandoned'] as const;
export const ChatSessionStatus = z.enum(CHAT_SESSION_STATUSES);
export type ChatSessionStatus = z.infer<typeof ChatSessionStatus>;

/** Who wrote a message: the visitor, an agent, or Switchboard itself (joined, transferred, ended …). */
export const CHAT_AUTHOR_TYPES = ['visitor', 'agent', 'system'] as const;
export const ChatAuthorType = z.enum(CHAT_AUTHOR_TYPES);
export type ChatAuthorType = z.infer<typeof ChatAuthorType>;

/** Who ended a chat. */
export const CHAT_ENDED_BY = ['visitor', 'agent', 'system'] as const;

/** Corner of the page the widget sits in. */
export const WIDGET_POSITIONS = ['bottom-right', 'bottom-left'] as const;

/** Kinds of pre-chat form fields. */
export const PRECHAT_FIELD_TYPES = ['text', 'email', 'phone', 'textarea', 'select', 'checkbox'] as const;

/** Longest chat message (characters). */
export const MAX_CHAT_MESSAGE_LENGTH = 5000;

const HexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, '#RRGGBB');
const HttpsUrl = z.url({ protocol: /^https$/, message: 'An https:// URL' }).max(1000);
const EmailAddress = z.string().trim().toLowerCase().max(254).pipe(z.email('Not a valid email address'));
const Phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[\d\s().\-/]{3,40}$/, 'Digits, spaces and + ( ) . - / only');

/** A page domain a widget may run on: `example.com`, `*.example.com` (any sub-domain), optionally with `:port`. */
export const WidgetDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(260)
  .regex(
    /^(\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/,
    'A host name such as example.com or *.example.com, optionally with :port',
  );

const IpOrCidr = z.union([z.cidrv4(), z.cidrv6(), z.ipv4(), z.ipv6()]);
/** An IPv4/IPv6 address or CIDR block (`203.0.113.0/24`, `2001:db8::/32`). */
export const IpRange = z
  .string()
  .trim()
  .max(60)
  .refine((v) => IpOrCidr.safeParse(v).success, 'An IP address or CIDR block such as 203.0.113.0/24');

/** A locale tag for the widget's texts: `en`, `de`, `pt-BR`. */
export const WidgetLocale = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'A language tag such as en, de or pt-BR');

/** One extra question of the pre-chat form. */
export const PrechatField = z
  .object({
    /** Key the answer is stored under (`order_number`); unique in the widget. */
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Lower-case letters, digits and _, starting with a letter'),
    /** Label shown to the visitor. */
    label: z.string().trim().min(1, 'Required').max(100),
    /** Input kind; `email` and `phone` are checked as such, `checkbox` answers true/false. */
    type: z.enum(PRECHAT_FIELD_TYPES),
    /** The visitor must answer it (a required checkbox must be ticked). */
    required: z.boolean(),
    /** Choices of a `select` (required for it, ignored otherwise). */
    options: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  })
  .refine((f) => f.type !== 'select' || (f.options?.length ?? 0) > 0, { message: 'A select needs options', path: ['options'] });
export type PrechatField = z.infer<typeof PrechatField>;

/** How the widget looks. */
export const WidgetAppearance = z.object({
  /** Main color: launcher button, header, the visitor's bubbles. */
  primary_color: HexColor,
  /** Text color on the main color. */
  text_color: HexColor,
  /** Corner of the page. */
  position: z.enum(WIDGET_POSITIONS),
  /** Header title. */
  title: z.string().trim().min(1, 'Required').max(60),
  /** First line shown in an empty conversation (plain text); null for none. */
  welcome_message: z.string().trim().max(500).nullable(),
  /** Placeholder of the message box. */
  placeholder: z.string().trim().max(100),
  /** Picture in the header (https); null for the default. */
  avatar_url: HttpsUrl.nullable(),
});
export type WidgetAppearance = z.infer<typeof WidgetAppearance>;

/** What the widget lets the visitor do and asks before a chat. */
export const WidgetBehaviour = z.object({
  /** Show "agent is typing" to the visitor (and send the visitor's typing to the agent). */
  typing_indicator: z.boolean(),
  /** Show the visitor when the agent has read their messages. */
  read_receipts: z.boolean(),
  /** Let the visitor send files. */
  file_upload: z.boolean(),
  /** Offer the emoji picker. */
  emoji: z.boolean(),
  /** The visitor must give a name before chatting. */
  require_name: z.boolean(),
  /** The visitor must give an email address before chatting. */
  require_email: z.boolean(),
  /** Extra questions of the pre-chat form, in order (at most 10, keys unique). */
  prechat_fields: z
    .array(PrechatField)
    .max(10)
    .refine((fs) => new Set(fs.map((f) => f.key)).size === fs.length, 'Field keys must be unique'),
});
export type WidgetBehaviour = z.infer<typeof WidgetBehaviour>;

/** Appearance of a new widget when the create body leaves fields out. */
export const DEFAULT_WIDGET_APPEARANCE: WidgetAppearance = {
  primary_color: '#1c7ed6',
  text_color: '#ffffff',
  position: 'bottom-right',
  title: 'Chat with us',
  welcome_message: 'Hi! How can we help?',
  placeholder: 'Type your message…',
  avatar_url: null,
};

/** Behaviour of a new widget when the create body leaves fields out. */
export const DEFAULT_WIDGET_BEHAVIOUR: WidgetBehaviour = {
  typing_indicator: true,
  read_receipts: true,
  file_upload: true,
  emoji: true,
  require_name: false,
  require_email: false,
  prechat_fields: [],
};

/** Offer timeout of a new widget (seconds an agent has to accept when auto-accept is off). */
export const DEFAULT_OFFER_TIMEOUT_SECONDS = 30;

/** A chat widget: what a website embeds with one script tag (admin view). */
export const Widget = z.object({
  /** Widget id (UUIDv7). */
  id: Id,
  /** Public key of the embed snippet (`data-widget`); not guessable, never reused. */
  key: z.string(),
  /** Name shown in the console (not to visitors). */
  name: z.string(),
  /** Off: the public config answers 404 and no chat starts. */
  enabled: z.boolean(),
  /** Colors, position, texts, avatar. */
  appearance: WidgetAppearance,
  /** Typing, read receipts, files, emoji, required name/email, pre-chat fields. */
  behaviour: WidgetBehaviour,
  /** Team whose agents take the chats (strategy `team`), or null for any agent. */
  default_team_id: Id.nullable(),
  /** Agent who gets every chat first when available, or null. */
  default_assignee_id: Id.nullable(),
  /** Assign queued chats to agents automatically (off: agents pick them from the queue). */
  auto_assign: z.boolean(),
  /** Assignment strategy. */
  strategy: ChatStrategy,
  /** Skill names an agent must have (strategy `skills`). */
  required_skills: z.array(z.string()),
  /** Seconds an agent has to accept an offered chat before it goes to the next one. */
  offer_timeout_seconds: z.number().int(),
  /** Business hours: a schedule of the tenant (telephony schedules); null = always open. */
  schedule_id: Id.nullable(),
  /** Shown above the offline form (closed, or no agent online); null for the default text. */
  offline_message: z.string().nullable(),
  /** Page domains the widget may run on (checked against the Origin header); empty = any. */
  allowed_domains: z.array(z.string()),
  /** Visitor addresses that may chat (IPs or CIDR blocks); empty = any. */
  ip_allowlist: z.array(z.string()),
  /** Language of the widget's texts. */
  locale: z.string(),
  /** The HTML to paste into a website. */
  embed_snippet: z.string(),
  /** When it was created. */
  created_at: Timestamp,
  /** When it was last changed. */
  updated_at: Timestamp,
});
export type Widget = z.infer<typeof Widget>;

const widgetFields = {
  /** Name shown in the console. */
  name: z.string().trim().min(1, 'Required').max(100),
  /** Off: the widget does not load and no chat starts. Default true. */
  enabled: z.boolean(),
  /** Fields of the appearance to set; the rest keep their value (or default). */
  appearance: WidgetAppearance.partial(),
  /** Fields of the behaviour to set; the rest keep their value (or default). */
  behaviour: WidgetBehaviour.partial(),
  /** A team of the tenant, or null. */
  default_team_id: Id.nullable(),
  /** A user of the tenant, or null. */
  default_assignee_id: Id.nullable(),
  /** Default true. */
  auto_assign: z.boolean(),
  /** Default `least_busy`. */
  strategy: ChatStrategy,
  /** Skill names (lower case letters, digits, - and _; at most 20). */
  required_skills: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'Lower case letters, digits, - and _ (at most 50)'),
    )
    .max(20),
  /** 5–600 seconds; default 30. */
  offer_timeout_seconds: z.number().int().min(5).max(600),
  /** A schedule of the tenant, or null for always open. */
  schedule_id: Id.nullable(),
  /** Plain text, at most 2000 characters; null or empty for the default. */
  offline_message: z.string().trim().max(2000).nullable(),
  /** Domains (`example.com`, `*.example.com`, `localhost:5173`); at most 50. */
  allowed_domains: z.array(WidgetDomain).max(50),
  /** IPs or CIDR blocks; at most 50. */
  ip_allowlist: z.array(IpRange).max(50),
  /** Default `en`. */
  locale: WidgetLocale,
};

/** POST /chat/widgets body: only `name` is required; everything else has a default. */
export const CreateWidgetBody = z.object({ ...widgetFields }).partial().required({ name: true });
/** PATCH /chat/widgets/:id body: the fields to change (appearance/behaviour merge into the current ones). */
export const UpdateWidgetBody = z.object({ ...widgetFields }).partial();

/** GET /chat/widgets query. */
export const WidgetListQuery = PageQuery.extend({
  /** Search over the name. */
  q: z.string().max(100).optional(),
});

// ---------------------------------------------------------------------------------------------
// Public visitor API (no sign-in; the widget key, then the visitor token)
// ---------------------------------------------------------------------------------------------

/** Header that carries the visitor token on visitor REST calls. */
export const VISITOR_TOKEN_HEADER = 'x-visitor-token';

/** Params of the public widget routes. */
export const PublicWidgetParams = z.object({
  /** The widget key of the embed snippet. */
  key: z.string().min(1).max(64),
});

/** Why chat is offline now. */
export const CHAT_OFFLINE_REASONS = ['closed', 'no_agents'] as const;

/** What the widget loads: its looks and whether someone can chat now. */
export const PublicWidgetConfig = z.object({
  /** The widget key. */
  key: z.string(),
  /** Language of the texts. */
  locale: z.string(),
  /** Colors, position, texts, avatar. */
  appearance: WidgetAppearance,
  /** Features and the pre-chat form. */
  behaviour: WidgetBehaviour,
  /** True when inside business hours and an agent is online: show the pre-chat form; else the offline form. */
  online: z.boolean(),
  /** Why it is offline (`closed`: outside business hours; `no_agents`: nobody online); null when online. */
  offline_reason: z.enum(CHAT_OFFLINE_REASONS).nullable(),
  /** Text above the offline form; null for the widget's default text. */
  offline_message: z.string().nullable(),
  /** Largest file a visitor may send, in bytes. */
  max_file_bytes: z.number().int(),
});
export type PublicWidgetConfig = z.infer<typeof PublicWidgetConfig>;

/** Answers to pre-chat fields: text for text-like fields, true/false for checkboxes. */
export const PrechatAnswers = z.record(z.string().max(40), z.union([z.string().max(1000), z.boolean()]));

const visitorContext = {
  /** The page the visitor is on (`location.href`). */
  current_url: z.string().trim().max(2000).optional(),
  /** Where the visitor came from (`document.referrer`). */
  referrer: z.string().trim().max(2000).optional(),
};

/** POST /chat/public/widgets/:key/sessions body (the pre-chat form). */
export const CreateVisitorSessionBody = z.object({
  /** Visitor's name (required when the widget says so). */
  name: z.string().trim().max(100).optional(),
  /** Visitor's email (required when the widget says so). */
  email: EmailAddress.optional(),
  /** Visitor's phone number. */
  phone: Phone.optional(),
  /** Answers to the widget's pre-chat fields, by key. */
  prechat: PrechatAnswers.optional(),
  ...visitorContext,
});

/** An agent as a visitor sees them. */
export const VisitorAgent = z.object({
  /** Display name. */
  name: z.string(),
  /** Picture, if the agent has one. */
  avatar_url: z.string().nullable(),
});

/** The visitor's own view of their chat. */
export const VisitorSession = z.object({
  /** Session id. */
  id: Id,
  /** queued → active → ended | abandoned. */
  status: ChatSessionStatus,
  /** 1-based place in the queue while queued; null otherwise. */
  position: z.number().int().nullable(),
  /** The agent talking to the visitor; null while queued. */
  agent: VisitorAgent.nullable(),
  /** Seq of the newest message (0: none yet). */
  last_seq: z.number().int(),
  /** Newest message seq the visitor has read. */
  visitor_read_seq: z.number().int(),
  /** Newest message seq the agent has read (read receipts; 0 when the widget hides them). */
  agent_read_seq: z.number().int(),
  /** 1–5 once the visitor rated the chat. */
  rating: z.number().int().nullable(),
  /** The visitor's comment with the rating. */
  rating_comment: z.string().nullable(),
  /** When the chat started. */
  created_at: Timestamp,
  /** When it ended. */
  ended_at: Timestamp.nullable(),
});
export type VisitorSession = z.infer<typeof VisitorSession>;

/** A file sent in a chat. */
export const ChatAttachment = z.object({
  /** File id. */
  id: Id,
  /** File name as uploaded (cleaned). */
  filename: z.string(),
  /** Type sniffed from the bytes; `application/octet-stream` when unknown. */
  content_type: z.string(),
  /** Size in bytes. */
  size: z.number().int(),
});
export type ChatAttachment = z.infer<typeof ChatAttachment>;

/** A message as the visitor sees it. */
export const VisitorMessage = z.object({
  /** Position in the session: 1, 2, 3 … without gaps (what a reconnect resumes after). */
  seq: z.number().int(),
  /** Who wrote it. */
  author_type: ChatAuthorType,
  /** The agent's display name (agent messages); null otherwise. */
  author_name: z.string().nullable(),
  /** Plain text (render as text; a file message may have an empty body). */
  body: z.string(),
  /** The file it carries, if any. */
  attachment: ChatAttachment.nullable(),
  /** The visitor's own client id for messages they sent; null otherwise. */
  client_id: z.string().nullable(),
  /** When it was stored. */
  created_at: Timestamp,
});
export type VisitorMessage = z.infer<typeof VisitorMessage>;

/** POST …/sessions answer: the visitor's session and the token that reads only it. */
export const CreatedVisitorSession = z.object({
  /** Secret for the visitor socket and visitor REST calls (keep it in the page's storage; shown once). */
  token: z.string(),
  /** The new session. */
  session: VisitorSession,
});

/** POST /chat/public/widgets/:key/offline body: the offline form (becomes a helpdesk ticket). */
export const OfflineMessageBody = z.object({
  /** Visitor's name. */
  name: z.string().trim().min(1, 'Required').max(100),
  /** Where the answer goes (the ticket's requester). */
  email: EmailAddress,
  /** Visitor's phone number. */
  phone: Phone.optional(),
  /** The message (plain text). */
  message: z.string().trim().min(1, 'Required').max(MAX_CHAT_MESSAGE_LENGTH),
  /** Answers to the widget's pre-chat fields. */
  prechat: PrechatAnswers.optional(),
  ...visitorContext,
});

/** Answer to an offline message. */
export const OfflineMessageReceipt = z.object({
  /** The ticket number to quote (`DEMO-00042`). */
  reference: z.string(),
});

/** POST /chat/public/session/rating body (also over the socket). */
export const RateChatBody = z.object({
  /** 1 (bad) … 5 (great). */
  rating: z.number().int().min(1).max(5),
  /** Optional comment (plain text). */
  comment: z.string().trim().max(2000).optional(),
});

/**
 * Body of a file upload in a chat (POST /chat/public/session/files, POST /chat/sessions/:id/files):
 * multipart/form-data with an optional `client_id` field (before the file) and one file part. The
 * file becomes a message of its own; type and size are checked as for ticket attachments.
 */
export const ChatFileUploadBody = z.any().meta({
  type: 'object',
  properties: {
    client_id: { type: 'string', maxLength: 64, description: 'Idempotency key: a resend with the same key is stored once' },
    file: { type: 'string', format: 'binary', description: "One file, within the tenant's max_attachment_mb; programs and scripts are refused" },
  },
  required: ['file'],
});

/** Params of a file of a chat (agent side). */
export const ChatFileParams = z.object({
  /** Session id. */
  id: Id,
  /** File id. */
  file_id: Id,
});

/** GET … files query. */
export const ChatFileDownloadQuery = z.object({
  /** `1`: show inline (PNG, JPEG, GIF, WebP only); everything else downloads. */
  inline: z.enum(['0', '1', 'true', 'false']).optional(),
});

/** Params of a file of the visitor's session. */
export const VisitorFileParams = z.object({
  /** File (message attachment) id. */
  file_id: Id,
});

// ---------------------------------------------------------------------------------------------
// Visitor socket: /api/v1/chat/visitor/ws
// ---------------------------------------------------------------------------------------------

/** Messages the widget sends on the visitor socket. The first must be `auth`. */
export const VisitorClientMessage = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('auth'),
    /** The visitor token from session creation. */
    token: z.string().min(1).max(200),
    /** Seq of the last message the widget has; every later message is sent before live ones (0/absent: all). */
    after: z.number().int().min(0).nullable().optional(),
  }),
  z.object({
    op: z.literal('message'),
    /** Chosen by the widget, unique per message: a resend after a reconnect is stored once. */
    client_id: z.string().min(1).max(64),
    /** Plain text. */
    body: z.string().trim().min(1).max(MAX_CHAT_MESSAGE_LENGTH),
  }),
  z.object({
    op: z.literal('typing'),
    /** True while typing; false when stopped (or sent). */
    typing: z.boolean(),
  }),
  z.object({
    op: z.literal('read'),
    /** Newest message seq the visitor has seen. */
    seq: z.number().int().min(0),
  }),
  z.object({
    op: z.literal('rate'),
    /** 1 … 5. */
    rating: z.number().int().min(1).max(5),
    /** Optional comment. */
    comment: z.string().trim().max(2000).optional(),
  }),
  z.object({ op: z.literal('end') }),
  z.object({ op: z.literal('ping') }),
]);
export type VisitorClientMessage = z.infer<typeof VisitorClientMessage>;

/** Messages the server sends on the visitor socket. */
export const VisitorServerMessage = z.discriminatedUnion('op', [
  /** Authenticated; the missed messages follow, then live ones. */
  z.object({ op: z.literal('ready'), session: VisitorSession }),
  /** A message of the session, in seq order, each once per socket. */
  z.object({ op: z.literal('message'), message: VisitorMessage }),
  /** The visitor's message with this client id is stored as `seq` (also after a duplicate resend). */
  z.object({ op: z.literal('ack'), client_id: z.string(), seq: z.number().int() }),
  /** The agent started or stopped typing. */
  z.object({ op: z.literal('typing'), typing: z.boolean() }),
  /** The agent has read up to `seq`. */
  z.object({ op: z.literal('read'), seq: z.number().int() }),
  /** The session changed: assigned, transferred, ended, rated. */
  z.object({ op: z.literal('session'), session: VisitorSession }),
  /** New place in the queue while queued. */
  z.object({ op: z.literal('queue'), position: z.number().int() }),
  /** A request failed (`rate_limited`, `session_ended`, `validation_failed` …); the socket stays open unless the code is 4xxx. */
  z.object({ op: z.literal('error'), code: z.union([z.string(), z.number()]), message: z.string(), client_id: z.string().optional() }),
  z.object({ op: z.literal('pong') }),
]);
export type VisitorServerMessage = z.infer<typeof VisitorServerMessage>;

/** Close codes of the visitor socket. */
export const VISITOR_WS_CLOSE = {
  /** Bad or unknown token: start a new session. */
  unauthorized: 4001,
  /** The page's origin or the visitor's address is not allowed for this widget. */
  forbidden: 4003,
  /** Not the protocol. */
  protocol: 4400,
} as const;

// ---------------------------------------------------------------------------------------------
// Agent desk
// ---------------------------------------------------------------------------------------------

/** What the visitor told us and where they were. */
export const ChatVisitor = z.object({
  /** Name from the pre-chat form. */
  name: z.string().nullable(),
  /** Email from the pre-chat form. */
  email: z.string().nullable(),
  /** Phone from the pre-chat form. */
  phone: z.string().nullable(),
  /** Address the chat came from. */
  ip: z.string().nullable(),
  /** Browser user agent. */
  user_agent: z.string().nullable(),
  /** Referring page. */
  referrer: z.string().nullable(),
  /** Page the chat started on. */
  current_url: z.string().nullable(),
});

/** Timings of a chat, in whole seconds; null until the moment they measure has happened. */
export const ChatMetrics = z.object({
  /** Queued until an agent took it. */
  wait_seconds: z.number().int().nullable(),
  /** Queued until the first agent message (how long the visitor waited for a human answer). */
  first_response_seconds: z.number().int().nullable(),
  /** Assigned until ended (the conversation); null if never assigned or not ended. */
  duration_seconds: z.number().int().nullable(),
});

/** A chat session as agents see it. */
export const ChatSession = z.object({
  /** Session id. */
  id: Id,
  /** The widget it came from. */
  widget_id: Id,
  /** The widget's name. */
  widget_name: z.string(),
  /** queued → active → ended | abandoned. */
  status: ChatSessionStatus,
  /** Visitor details. */
  visitor: ChatVisitor,
  /** Answers to the pre-chat fields. */
  prechat: PrechatAnswers,
  /** Contact matched by the visitor's email, if any. */
  contact_id: Id.nullable(),
  /** The agent handling it. */
  agent_id: Id.nullable(),
  /** The agent's display name. */
  agent_name: z.string().nullable(),
  /** Team it is routed to. */
  team_id: Id.nullable(),
  /** Seq of the newest message (0: none). */
  last_seq: z.number().int(),
  /** Visitor messages the agent has not read. */
  unread: z.number().int(),
  /** Newest seq the visitor has read. */
  visitor_read_seq: z.number().int(),
  /** Newest seq the agent has read. */
  agent_read_seq: z.number().int(),
  /** When it entered the queue. */
  queued_at: Timestamp,
  /** When an agent took it. */
  assigned_at: Timestamp.nullable(),
  /** First agent message. */
  first_response_at: Timestamp.nullable(),
  /** When it ended. */
  ended_at: Timestamp.nullable(),
  /** Who ended it: visitor | agent | system. */
  ended_by: z.enum(CHAT_ENDED_BY).nullable(),
  /** Visitor's rating 1–5. */
  rating: z.number().int().nullable(),
  /** Visitor's comment with the rating. */
  rating_comment: z.string().nullable(),
  /** Ticket made from this chat. */
  ticket_id: Id.nullable(),
  /** Wait, first response and duration. */
  metrics: ChatMetrics,
  /** When it started. */
  created_at: Timestamp,
  /** Last change. */
  updated_at: Timestamp,
});
export type ChatSession = z.infer<typeof ChatSession>;

/** A message as agents see it. */
export const ChatMessage = z.object({
  /** Message id. */
  id: Id,
  /** The session. */
  session_id: Id,
  /** Gap-free position in the session. */
  seq: z.number().int(),
  /** Who wrote it. */
  author_type: ChatAuthorType,
  /** The agent who wrote it (agent messages). */
  author_user_id: Id.nullable(),
  /** Agent display name, the visitor's name, or null for system messages. */
  author_name: z.string().nullable(),
  /** Plain text. */
  body: z.string(),
  /** The file it carries. */
  attachment: ChatAttachment.nullable(),
  /** The sender's idempotency key. */
  client_id: z.string().nullable(),
  /** When it was stored. */
  created_at: Timestamp,
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** A session with its whole conversation. */
export const ChatSessionDetail = ChatSession.extend({
  /** Every message, oldest first. */
  messages: z.array(ChatMessage),
});
export type ChatSessionDetail = z.infer<typeof ChatSessionDetail>;

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** GET /chat/sessions query: the desk's lists (queued, active, mine) and the history search. */
export const ChatSessionListQuery = PageQuery.extend({
  /** Only this status. */
  status: ChatSessionStatus.optional(),
  /** Only the caller's chats. */
  mine: bool.optional(),
  /** Only chats of this agent. */
  agent_id: Id.optional(),
  /** Only chats of this widget. */
  widget_id: Id.optional(),
  /** Only chats of this contact (the visitor panel's past chats). */
  contact_id: Id.optional(),
  /** Visitor name, email or phone contains this. */
  visitor: z.string().trim().min(1).max(100).optional(),
  /** A message of the chat contains this text. */
  q: z.string().trim().min(1).max(200).optional(),
  /** Started at or after (ISO date or instant). */
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** Started before (ISO instant; a date means the end of that day). */
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** `oldest` first (the queue) or `newest` first (default). */
  sort: z.enum(['oldest', 'newest']).optional(),
});

/** POST /chat/sessions/:id/messages body. */
export const SendChatMessageBody = z.object({
  /** Plain text. */
  body: z.string().trim().min(1, 'Required').max(MAX_CHAT_MESSAGE_LENGTH),
  /** Idempotency key chosen by the client: the same key stores the message once. */
  client_id: z.string().min(1).max(64).optional(),
});

/** POST /chat/sessions/:id/typing body. */
export const ChatTypingBody = z.object({
  /** True while typing. */
  typing: z.boolean(),
});

/** POST /chat/sessions/:id/read body. */
export const ChatReadBody = z.object({
  /** Newest message seq the agent has seen (never moves back). */
  seq: z.number().int().min(0),
});

/** POST /chat/sessions/:id/ticket body: turn a chat into a helpdesk ticket (transcript as its first message). */
export const ChatToTicketBody = z.object({
  /** Ticket subject; default "Chat with <visitor>". */
  subject: z.string().trim().min(1).max(200).optional(),
  /** Ticket priority; default medium. */
  priority: z.enum(['low', 'medium', 'high', 'critical']).optional(),
});

// ---------------------------------------------------------------------------------------------
// Events on the console stream (/api/v1/ws), permission chat:read
// ---------------------------------------------------------------------------------------------

/** Chat event types. `chat.typing` is ephemeral (not stored, not replayed). */
export const CHAT_EVENT_TYPES = [
  'chat.session.queued',
  'chat.session.assigned',
  'chat.session.updated',
  'chat.session.ended',
  'chat.message.created',
  'chat.read',
  'chat.typing',
] as const;

/**
 * Data of `chat.session.queued`, `chat.session.updated` and `chat.session.ended`: the session after
 * the change. (`chat.session.assigned`, `chat.queue.changed`, offers and transfers come from routing:
 * see `ChatRoutingEvents` in chat-agents.ts.)
 */
export const ChatSessionEventData = z.object({
  /** The session as GET /chat/sessions/:id shows it (without messages). */
  session: ChatSession,
});

/** Data of `chat.message.created`. */
export const ChatMessageEventData = z.object({
  /** The session. */
  session_id: Id,
  /** The new message. */
  message: ChatMessage,
});

/** Data of `chat.read`: a side read up to a seq. */
export const ChatReadEventData = z.object({
  /** The session. */
  session_id: Id,
  /** Who read. */
  reader: z.enum(['visitor', 'agent']),
  /** The agent who read (reader agent). */
  user_id: Id.nullable(),
  /** Read up to this message seq. */
  seq: z.number().int(),
});

/** Data of `chat.typing` (ephemeral). */
export const ChatTypingEventData = z.object({
  /** The session. */
  session_id: Id,
  /** Who is typing. */
  author_type: z.enum(['visitor', 'agent']),
  /** The agent typing (agent side). */
  user_id: Id.nullable(),
  /** True while typing. */
  typing: z.boolean(),
});
