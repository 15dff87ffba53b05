import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';

// ---------------------------------------------------------------------------------------------
// Templates (new tickets and canned replies) with `{{variables}}`
// ---------------------------------------------------------------------------------------------

/** The variables a template may use, as written between `{{` and `}}`. */
export const TEMPLATE_VARIABLES = ['ticket.number', 'ticket.subject', 'requester.name', 'requester.email', 'agent.name', 'tenant.name'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

const VARIABLE_RE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every variable name used in a text, in order of first use (known or not). */
export function templateVariablesIn(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE_RE)].map((m) => m[1]))];
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes a text for an HTML body or attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Replaces each `{{name}}` with `vars[name]`: a missing or null value renders as an empty string;
 * with `html` the values (never the template's own text) are HTML-escaped. Pure.
 */
export function renderTemplate(text: string, vars: Partial<Record<string, string | null | undefined>>, opts: { html?: boolean } = {}): string {
  return text.replace(VARIABLE_RE, (_m, name: string) => {
    const v = vars[name] ?? '';
    return opts.html ? escapeHtml(v) : v;
  });
}

/** `ticket`: used to open a new ticket; `reply`: a canned response. */
export const TemplateKind = z.enum(['ticket', 'reply']);
/** `text`: plain text; `html`: an HTML body (variable values are escaped when rendered). */
export const TemplateFormat = z.enum(['text', 'html']);

/** A helpdesk template. */
export const Template = z.object({
  /** Template id (UUIDv7). */
  id: Id,
  /** `ticket` (new tickets) or `reply` (canned responses). */
  kind: TemplateKind,
  /** Unique in the tenant, ignoring case. */
  name: z.string(),
  /** Subject with variables (a ticket's subject; for replies, optional). */
  subject: z.string().nullable(),
  /** Body with variables. */
  body: z.string(),
  /** Whether the body is plain text or HTML. */
  format: TemplateFormat,
  /** When it was created (UTC). */
  created_at: Timestamp,
  /** When it last changed (UTC). */
  updated_at: Timestamp,
});
export type Template = z.infer<typeof Template>;

/** A text whose every `{{variable}}` is one of {@link TEMPLATE_VARIABLES}. */
const templateText = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((s, ctx) => {
      for (const v of templateVariablesIn(s))
        if (!(TEMPLATE_VARIABLES as readonly string[]).includes(v))
          ctx.addIssue({ code: 'custom', message: `Unknown variable {{${v}}}; known: ${TEMPLATE_VARIABLES.join(', ')}` });
    });

/** POST /helpdesk/templates body. */
export const CreateTemplateBody = z.object({
  /** `ticket` (new tickets) or `reply` (canned responses). */
  kind: TemplateKind,
  /** Unique in the tenant, ignoring case. */
  name: z.string().trim().min(1).max(100),
  /** Subject with variables. */
  subject: templateText(255).nullable().optional(),
  /** Body with variables. */
  body: templateText(20000).pipe(z.string().min(1)),
  /** `text` (default) or `html`. */
  format: TemplateFormat.optional(),
});
/** PATCH /helpdesk/templates/:id body. */
export const UpdateTemplateBody = CreateTemplateBody.partial();

/** GET /helpdesk/templates query. */
export const TemplateListQuery = PageQuery.extend({
  /** Only this kind. */
  kind: TemplateKind.optional(),
  /** Search in the name. */
  q: z.string().max(100).optional(),
});

const optValue = z.string().max(1000).nullable().optional();
/** POST /helpdesk/templates/:id/render body: the values (missing → empty; `tenant.name` defaults to the tenant's name). */
export const RenderTemplateBody = z.object({
  /** Ticket values. */
  ticket: z.object({ /** Ticket number, e.g. `DEMO-00042`. */ number: optValue, /** Ticket subject. */ subject: optValue }).optional(),
  /** Requester values. */
  requester: z.object({ /** Display name. */ name: optValue, /** Email address. */ email: optValue }).optional(),
  /** The replying agent. */
  agent: z.object({ /** Display name. */ name: optValue }).optional(),
  /** The tenant (its name by default). */
  tenant: z.object({ /** Display name. */ name: optValue }).optional(),
});
export type RenderTemplateBody = z.infer<typeof RenderTemplateBody>;

/** A rendered template. */
export const RenderedTemplate = z.object({
  /** Rendered subject (null when the template has none). */
  subject: z.string().nullable(),
  /** Rendered body (values HTML-escaped for an HTML template). */
  body: z.string(),
  /** The template's body format. */
  format: TemplateFormat,
});

// ---------------------------------------------------------------------------------------------
// SLA policies
// ---------------------------------------------------------------------------------------------

/** Ticket priorities an SLA has targets for. */
export const SLA_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;

/** Targets of one priority, in minutes (of business time when the policy uses business hours). */
export const SlaTarget = z.object({
  /** Minutes until the first public reply is due. */
  first_response_minutes: z.number().int().min(1).max(525600),
  /** Minutes until the ticket must be resolved. */
  resolution_minutes: z.number().int().min(1).max(525600),
});
export type SlaTarget = z.infer<typeof SlaTarget>;

/** Targets per priority. */
export const SlaTargets = z.object({
  /** Low priority. */
  low: SlaTarget,
  /** Medium priority. */
  medium: SlaTarget,
  /** High priority. */
  high: SlaTarget,
  /** Critical priority. */
  critical: SlaTarget,
});
export type SlaTargets = z.infer<typeof SlaTargets>;

/**
 * What happens, once per ticket, when one of its SLA clocks is breached (each action is audited).
 * All optional; an empty object escalates nothing.
 */
export const SlaEscalation = z.object({
  /** Raise the ticket's priority one step (low → medium → high → critical; critical stays). */
  raise_priority: z.boolean().default(false),
  /** Reassign the ticket to this user of the tenant (null: keep the assignee). */
  assignee_id: Id.nullable().default(null),
  /** Move the ticket to this team of the tenant (null: keep the team). */
  team_id: Id.nullable().default(null),
});
export type SlaEscalation = z.infer<typeof SlaEscalation>;

/** Default warning threshold of a new policy: a clock warns when 80% of its target has elapsed. */
export const SLA_DEFAULT_WARNING_PERCENT = 80;

/** An SLA policy. */
export const SlaPolicy = z.object({
  /** Policy id (UUIDv7). */
  id: Id,
  /** Unique in the tenant, ignoring case. */
  name: z.string(),
  /** Targets per priority. */
  targets: SlaTargets,
  /** True: clocks run only while `schedule_id` (a telephony schedule) is open; false: 24/7. */
  business_hours: z.boolean(),
  /** The business-hours calendar: a `/telephony/schedules` id (null when 24/7). */
  schedule_id: Id.nullable(),
  /** The tenant's default policy (exactly one at most). */
  is_default: z.boolean(),
  /**
   * A clock raises `ticket.sla.warning` once this percentage of its target has elapsed (business
   * time on business-hours policies); null: no warnings.
   */
  warning_percent: z.number().int().nullable(),
  /** Applied once per ticket at its first breach (null: no escalation). */
  escalation: SlaEscalation.nullable(),
  /** When it was created (UTC). */
  created_at: Timestamp,
  /** When it last changed (UTC). */
  updated_at: Timestamp,
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;

const SlaPolicyFields = z.object({
  /** Unique in the tenant, ignoring case. */
  name: z.string().trim().min(1).max(100),
  /** Targets per priority (resolution not before first response). */
  targets: SlaTargets,
  /** True: clocks run only while the schedule is open (then `schedule_id` is required); false: 24/7. */
  business_hours: z.boolean(),
  /** A `/telephony/schedules` id; required with `business_hours`, must be null/absent otherwise. */
  schedule_id: Id.nullable().optional(),
  /** Make this the tenant's default (the previous default stops being one). */
  is_default: z.boolean().optional(),
  /** Warn at this percentage of each target (1–99; default 80 on create; null: no warnings). */
  warning_percent: z.number().int().min(1).max(99).nullable().optional(),
  /** Escalation at a ticket's first breach (null: none); user and team must be the tenant's. */
  escalation: SlaEscalation.nullable().optional(),
});

function checkPolicy(p: Partial<z.infer<typeof SlaPolicyFields>>, ctx: z.RefinementCtx) {
  if (p.business_hours === true && !p.schedule_id) ctx.addIssue({ code: 'custom', message: 'A business-hours policy needs a schedule', path: ['schedule_id'] });
  if (p.business_hours === false && p.schedule_id) ctx.addIssue({ code: 'custom', message: 'A 24/7 policy has no schedule', path: ['schedule_id'] });
  if (p.targets)
    for (const pr of SLA_PRIORITIES)
      if (p.targets[pr].resolution_minutes < p.targets[pr].first_response_minutes)
        ctx.addIssue({ code: 'custom', message: 'Resolution cannot be due before the first response', path: ['targets', pr, 'resolution_minutes'] });
}

/** POST /helpdesk/sla-policies body. */
export const CreateSlaPolicyBody = SlaPolicyFields.superRefine(checkPolicy);
/** PATCH /helpdesk/sla-policies/:id body (`business_hours` and `schedule_id` are checked against the stored policy too). */
export const UpdateSlaPolicyBody = SlaPolicyFields.partial().superRefine(checkPolicy);
/** GET /helpdesk/sla-policies query. */
export const SlaPolicyListQuery = PageQuery.extend({
  /** Search in the name. */
  q: z.string().max(100).optional(),
});


// ---------------------------------------------------------------------------------------------
// SLA clocks of a ticket
// ---------------------------------------------------------------------------------------------

/** The two clocks a policy runs on a ticket. */
export const SLA_CLOCKS = ['first_response', 'resolution'] as const;
export const SlaClockName = z.enum(SLA_CLOCKS);
export type SlaClockName = z.infer<typeof SlaClockName>;

/**
 * `running`: counting; `paused`: the ticket is pending on the customer (its due date moves by the
 * business time spent pending when it leaves pending); `met`: stopped before its due date;
 * `breached`: its due date passed before it stopped.
 */
export const SLA_CLOCK_STATUSES = ['running', 'paused', 'met', 'breached'] as const;
export const SlaClockStatus = z.enum(SLA_CLOCK_STATUSES);
export type SlaClockStatus = z.infer<typeof SlaClockStatus>;

/** One SLA clock of a ticket, as of the response. */
export const SlaClock = z.object({
  /** The target (minutes of business time on a business-hours policy) for the ticket's priority. */
  target_minutes: z.number().int(),
  /** When the clock breaches; moved later by time spent pending (and, for a reopened ticket, resolved). */
  due_at: Timestamp,
  /** When it reaches the policy's warning threshold (null: the policy has no warnings). */
  warning_at: Timestamp.nullable(),
  /** State of the clock now. */
  status: SlaClockStatus,
  /**
   * When it stopped: the first public agent reply (first response), the resolution, or the ticket
   * being resolved or closed before any reply; null while it runs or is paused.
   */
  stopped_at: Timestamp.nullable(),
  /** When `ticket.sla.warning` was raised for it (null: not yet or never). */
  warned_at: Timestamp.nullable(),
  /** When the breach job recorded its breach and raised `ticket.sla.breached` (null: not yet or never). */
  breached_at: Timestamp.nullable(),
  /** Business minutes the clock has counted (pauses excluded), up to now or to when it stopped or paused. */
  elapsed_minutes: z.number().int(),
  /**
   * Business minutes left until `due_at`; negative: overdue by that much. Exact up to 31 days from the
   * due date, estimated from those 31 days beyond that.
   */
  remaining_minutes: z.number().int(),
});
export type SlaClock = z.infer<typeof SlaClock>;

/** A ticket's SLA: the policy that set it and its clocks. */
export const TicketSla = z.object({
  /** The SLA policy the clocks were computed from (null if it was deleted since; the clocks stay). */
  policy_id: Id.nullable(),
  /** True: clocks count only while `schedule_id` is open; false: 24/7. */
  business_hours: z.boolean(),
  /** The business-hours calendar (a `/telephony/schedules` id), null when 24/7. */
  schedule_id: Id.nullable(),
  /** When the clocks started (the ticket's creation, or when a policy was first applied to it). */
  started_at: Timestamp,
  /** Since when the clocks are paused (the ticket is pending); null when not paused. */
  paused_at: Timestamp.nullable(),
  /** When the policy's escalation was applied (at the first breach); null if not (yet). */
  escalated_at: Timestamp.nullable(),
  /** Time to the first public agent reply (null only when the calendar is never open). */
  first_response: SlaClock.nullable(),
  /** Time to resolution (null only when the calendar is never open). */
  resolution: SlaClock.nullable(),
});
export type TicketSla = z.infer<typeof TicketSla>;
