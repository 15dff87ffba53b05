import type { Generated } from 'kysely';

// Timestamps are ISO-8601 UTC strings (`2026-11-22T10:00:00.000Z`) in every dialect: they sort
// lexically in time order, compare in SQL and need no driver-specific date handling.
// Booleans are 0/1 integers; structured settings are JSON text.

export interface TenantsTable {
  id: string;
  name: string;
  status: string;
  trial_ends_at: string | null;
  limits: string;
  features: string;
  settings: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface TenantCountersTable {
  tenant_id: string;
  name: string;
  value: number;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  phone: string | null;
  avatar_url: string | null;
  is_superadmin: number;
  last_login_at: string | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface MembershipsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  role: string;
  status: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface RefreshTokensTable {
  id: string;
  family_id: string;
  user_id: string;
  tenant_id: string | null;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface ContactsTable {
  id: string;
  tenant_id: string;
  first_name: string;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface TagsTable {
  id: string;
  tenant_id: string;
  name: string;
  color: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContactTagsTable {
  tenant_id: string;
  contact_id: string;
  tag_id: string;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  tenant_id: string | null;
  actor_user_id: string | null;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  request_id: string | null;
  created_at: string;
}

export interface EmailOutboxTable {
  id: string;
  tenant_id: string | null;
  to_address: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  status: string;
  attempts: number;
  /** When a sender claimed the row; a claim older than a few minutes is a crashed sender's. */
  claimed_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** Sender (a helpdesk channel's address); null: SMTP_FROM. */
  from_address: string | null;
  /** JSON array of CC addresses. */
  cc: string | null;
  /** Message-ID (with angle brackets); null: the mailer generates one. */
  message_id: string | null;
  in_reply_to: string | null;
  /** References header: message ids separated by spaces. */
  references_ids: string | null;
  /** JSON object of extra headers (e.g. Auto-Submitted). */
  headers: string | null;
  /** JSON array of files to attach: `{ filename, content_type, path }`. */
  attachments: string | null;
}

export interface TelDestinationsTable {
  tenant_id: string;
  owner_type: string;
  owner_id: string;
  slot: string;
  type: string;
  target_id: string | null;
  value: string | null;
}

export interface TelQueuesTable {
  id: string;
  tenant_id: string;
  name: string;
  asterisk_name: string;
  strategy: string;
  ring_timeout: number;
  retry: number;
  wrapup_time: number;
  max_length: number;
  max_wait: number | null;
  join_empty: string;
  leave_when_empty: string;
  announce_frequency: number;
  announce_position: string;
  announce_position_limit: number;
  music_on_hold: string;
  service_level: number;
  created_at: string;
  updated_at: string;
}

export interface TelQueueMembersTable {
  tenant_id: string;
  queue_id: string;
  extension_id: string;
  interface: string;
  penalty: number;
  paused: number;
  pause_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** Greeting columns shared by IVR menus and voicemail boxes. */
export interface GreetingColumns {
  greeting_sha256: string | null;
  greeting_content_type: string | null;
  greeting_size: number | null;
  greeting_file_name: string | null;
  greeting_uploaded_at: string | null;
}

export interface TelIvrMenusTable extends GreetingColumns {
  id: string;
  tenant_id: string;
  name: string;
  greeting_text: string | null;
  timeout_seconds: number;
  repeat_count: number;
  created_at: string;
  updated_at: string;
}

export interface TelVoicemailBoxesTable extends GreetingColumns {
  id: string;
  tenant_id: string;
  mailbox: string;
  name: string;
  pin: string;
  email: string | null;
  attach_audio: number;
  delete_after_email: number;
  created_at: string;
  updated_at: string;
}

export interface TelTrunksTable {
  id: string;
  tenant_id: string;
  name: string;
  endpoint_id: string;
  host: string;
  port: number;
  transport: string;
  register: number;
  registration_expiration: number;
  outbound_username: string | null;
  outbound_secret: string | null;
  inbound_auth: string;
  /** JSON array of IPs / CIDR blocks. */
  inbound_ips: string;
  inbound_secret: string | null;
  from_user: string | null;
  from_domain: string | null;
  /** Comma-separated, in order of preference. */
  codecs: string;
  dtmf_mode: string;
  rtp_symmetric: number;
  force_rport: number;
  rewrite_contact: number;
  direct_media: number;
  caller_id_number: string | null;
  max_channels: number | null;
  created_at: string;
  updated_at: string;
}

export interface TelExtensionsTable {
  id: string;
  tenant_id: string;
  number: string;
  endpoint_id: string;
  display_name: string;
  user_id: string | null;
  sip_password: string;
  max_contacts: number;
  webrtc: number;
  recording: number;
  voicemail_box_id: string | null;
  outbound_permission: string;
  caller_id_number: string | null;
  created_at: string;
  updated_at: string;
}

/** A schedule (the one calendar model; see modules/telephony/schedules/calendar.ts). */
export interface TelSchedulesTable {
  id: string;
  tenant_id: string;
  name: string;
  timezone: string;
  created_at: string;
  updated_at: string;
}

export interface TelScheduleHoursTable {
  tenant_id: string;
  schedule_id: string;
  day: string;
  start_time: string;
  end_time: string;
}

export interface TelScheduleHolidaysTable {
  tenant_id: string;
  schedule_id: string;
  date: string;
  name: string;
  recurring: number;
}

export interface TelScheduleClosuresTable {
  id: string;
  tenant_id: string;
  schedule_id: string;
  starts_at: string;
  ends_at: string;
  reason: string | null;
}

/** A phone number (DID); `e164` is unique across the platform. */
export interface TelNumbersTable {
  id: string;
  tenant_id: string;
  e164: string;
  status: string;
  description: string | null;
  trunk_id: string | null;
  sms_enabled: number;
  sms_webhook_url: string | null;
  schedule_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface TeamsTable {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface TeamMembersTable {
  tenant_id: string;
  team_id: string;
  user_id: string;
  created_at: string;
}

export interface HdTemplatesTable {
  id: string;
  tenant_id: string;
  kind: string;
  name: string;
  subject: string | null;
  body: string;
  format: string;
  created_at: string;
  updated_at: string;
}

export interface HdSlaPoliciesTable {
  id: string;
  tenant_id: string;
  name: string;
  /** JSON SlaTargets. */
  targets: string;
  business_hours: number;
  schedule_id: string | null;
  is_default: number;
  /** Percent of a target at which a clock warns (null: no warnings). */
  warning_percent: number | null;
  /** JSON SlaEscalation (null: none). */
  escalation: string | null;
  created_at: string;
  updated_at: string;
}

export interface TicketsTable {
  id: string;
  tenant_id: string;
  seq: number;
  number: string;
  subject: string;
  description: string | null;
  status: string;
  priority: string;
  category: string | null;
  requester_id: string | null;
  assignee_id: string | null;
  team_id: string | null;
  due_at: string | null;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  // SLA clocks (modules/helpdesk/ticket-sla.ts); all null when no policy applies.
  sla_policy_id: string | null;
  /** Calendar snapshot (a tel_schedules id); null: 24/7. */
  sla_schedule_id: string | null;
  sla_started_at: string | null;
  sla_paused_at: string | null;
  /** Business seconds the clocks stood still so far. */
  sla_paused_seconds: number;
  sla_escalated_at: string | null;
  /** Next instant the breach job must look at the ticket (null: nothing left to raise). */
  sla_next_check_at: string | null;
  first_response_target_minutes: number | null;
  first_response_due_at: string | null;
  first_response_warning_at: string | null;
  first_response_warned_at: string | null;
  first_response_breached_at: string | null;
  resolution_target_minutes: number | null;
  resolution_due_at: string | null;
  resolution_warning_at: string | null;
  resolution_warned_at: string | null;
  resolution_breached_at: string | null;
}

export interface TicketTagsTable {
  tenant_id: string;
  ticket_id: string;
  tag_id: string;
  created_at: string;
}

export interface TicketMessagesTable {
  id: string;
  tenant_id: string;
  ticket_id: string;
  author_user_id: string | null;
  author_contact_id: string | null;
  internal: number;
  format: string;
  body: string;
  created_at: string;
  updated_at: string;
  edited_at: string | null;
}

export interface TicketMessageRevisionsTable {
  id: string;
  tenant_id: string;
  message_id: string;
  format: string;
  body: string;
  edited_by: string | null;
  created_at: string;
}

/** The durable event log (realtime/events.ts): gap-free seq per tenant. */
export interface EventsTable {
  tenant_id: string;
  seq: number;
  type: string;
  data: string;
  permission: string | null;
  user_id: string | null;
  at: string;
}

/** Live chat (modules/chat): widgets, sessions, messages, agents, skills, offers, transfers. */
export interface ChatWidgetsTable {
  id: string;
  tenant_id: string;
  key: string;
  name: string;
  enabled: number;
  appearance: string;
  behaviour: string;
  default_team_id: string | null;
  default_assignee_id: string | null;
  auto_assign: number;
  strategy: string;
  required_skills: string;
  offer_timeout_seconds: number;
  schedule_id: string | null;
  offline_message: string | null;
  allowed_domains: string;
  ip_allowlist: string;
  locale: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface ChatSessionsTable {
  id: string;
  tenant_id: string;
  widget_id: string;
  status: string;
  visitor_token_hash: string;
  visitor_name: string | null;
  visitor_email: string | null;
  visitor_phone: string | null;
  visitor_ip: string | null;
  user_agent: string | null;
  referrer: string | null;
  current_url: string | null;
  prechat: string;
  contact_id: string | null;
  agent_id: string | null;
  team_id: string | null;
  message_seq: number;
  queued_at: string;
  assigned_at: string | null;
  first_response_at: string | null;
  ended_at: string | null;
  ended_by: string | null;
  rating: number | null;
  rating_comment: string | null;
  ticket_id: string | null;
  visitor_read_seq: number;
  agent_read_seq: number;
  last_visitor_activity_at: string | null;
  created_at: string;
  updated_at: string;
  /** Pending offer (routing.ts): set while the queued chat is offered to one agent. */
  offer_id: string | null;
}

export interface ChatMessagesTable {
  id: string;
  tenant_id: string;
  session_id: string;
  seq: number;
  author_type: string;
  author_user_id: string | null;
  body: string;
  attachment_id: string | null;
  client_id: string | null;
  created_at: string;
}

export interface ChatAgentsTable {
  tenant_id: string;
  user_id: string;
  availability: string;
  max_chats: number;
  active_chats: number;
  auto_accept: number;
  heartbeat_at: string | null;
  last_assigned_at: string | null;
  updated_at: string;
}

export interface AgentSkillsTable {
  tenant_id: string;
  user_id: string;
  skill: string;
  level: number;
}

export interface ChatOffersTable {
  id: string;
  tenant_id: string;
  session_id: string;
  user_id: string;
  status: string;
  expires_at: string;
  created_at: string;
  resolved_at: string | null;
}

/** A file sent in a chat (bytes in the content-addressed store, see stored_files). */
export interface ChatFilesTable {
  id: string;
  tenant_id: string;
  session_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  created_by: string | null;
  created_at: string;
}

export interface ChatTransfersTable {
  id: string;
  tenant_id: string;
  session_id: string;
  from_user_id: string | null;
  to_user_id: string | null;
  to_team_id: string | null;
  reason: string | null;
  status: string;
  expires_at: string;
  created_at: string;
  resolved_at: string | null;
}

/** A content-addressed file under `<dataDir>/files/<aa>/<sha256>`, shared by every attachment with those bytes. */
export interface StoredFilesTable {
  sha256: string;
  size: number;
  created_at: string;
  last_used_at: string;
}

export interface TicketAttachmentsTable {
  id: string;
  tenant_id: string;
  ticket_id: string;
  message_id: string | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  created_by: string | null;
  created_at: string;
}

/** Helpdesk email channels (modules/helpdesk/email-*.ts). */
export interface HdEmailChannelsTable {
  id: string;
  tenant_id: string;
  name: string;
  address: string;
  from_name: string | null;
  enabled: number;
  imap_host: string | null;
  imap_port: number | null;
  imap_tls: number;
  imap_user: string | null;
  /** Encrypted (email-crypto.ts). */
  imap_password: string | null;
  imap_mailbox: string;
  imap_uid_validity: string | null;
  imap_last_uid: number | string | null;
  imap_last_polled_at: string | null;
  imap_last_error: string | null;
  poll_lease_owner: string | null;
  poll_lease_until: string | null;
  inbound_token_hash: string;
  inbound_token_hint: string;
  created_at: string;
  updated_at: string;
}

/** Every email taken in or sent: threading by Message-ID, and once-only intake per channel. */
export interface HdEmailMessagesTable {
  id: string;
  tenant_id: string;
  channel_id: string | null;
  ticket_id: string | null;
  ticket_message_id: string | null;
  /** `in` or `out`. */
  direction: string;
  /** Message-ID without angle brackets. */
  message_id: string;
  in_reply_to: string | null;
  from_address: string | null;
  subject: string | null;
  /** `created`, `threaded`, `ignored` (in) or `queued` (out). */
  outcome: string;
  reason: string | null;
  created_at: string;
}

export interface HdTicketCcsTable {
  tenant_id: string;
  ticket_id: string;
  email: string;
  name: string | null;
  created_at: string;
}

/** Leases of background jobs per tenant (jobs/leases.ts); `tenant_id` '' for platform-wide jobs. */
export interface JobLeasesTable {
  job: string;
  tenant_id: string;
  owner: string | null;
  lease_until: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_error: string | null;
}

export interface TicketViewsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  /** JSON of the list filters. */
  filters: string;
  sort: string;
  created_at: string;
  updated_at: string;
}

export interface DB {
  job_leases: JobLeasesTable;
  chat_widgets: ChatWidgetsTable;
  chat_sessions: ChatSessionsTable;
  chat_messages: ChatMessagesTable;
  chat_agents: ChatAgentsTable;
  agent_skills: AgentSkillsTable;
  chat_offers: ChatOffersTable;
  chat_transfers: ChatTransfersTable;
  chat_files: ChatFilesTable;
  events: EventsTable;
  tenants: TenantsTable;
  tenant_counters: TenantCountersTable;
  users: UsersTable;
  memberships: MembershipsTable;
  refresh_tokens: RefreshTokensTable;
  password_resets: PasswordResetsTable;
  contacts: ContactsTable;
  tags: TagsTable;
  contact_tags: ContactTagsTable;
  audit_log: AuditLogTable;
  email_outbox: EmailOutboxTable;
  tel_destinations: TelDestinationsTable;
  tel_trunks: TelTrunksTable;
  tel_extensions: TelExtensionsTable;
  tel_queues: TelQueuesTable;
  tel_queue_members: TelQueueMembersTable;
  tel_ivr_menus: TelIvrMenusTable;
  tel_voicemail_boxes: TelVoicemailBoxesTable;
  tel_schedules: TelSchedulesTable;
  tel_schedule_hours: TelScheduleHoursTable;
  tel_schedule_holidays: TelScheduleHolidaysTable;
  tel_schedule_closures: TelScheduleClosuresTable;
  tel_numbers: TelNumbersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  tickets: TicketsTable;
  ticket_tags: TicketTagsTable;
  ticket_messages: TicketMessagesTable;
  ticket_message_revisions: TicketMessageRevisionsTable;
  hd_templates: HdTemplatesTable;
  hd_sla_policies: HdSlaPoliciesTable;
  hd_email_channels: HdEmailChannelsTable;
  hd_email_messages: HdEmailMessagesTable;
  hd_ticket_ccs: HdTicketCcsTable;
  stored_files: StoredFilesTable;
  ticket_attachments: TicketAttachmentsTable;
  ticket_views: TicketViewsTable;
}

export type { Generated };
