import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';
import { Destination } from './telephony.js';

// ---------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------

/** Days of a week, Monday first (ISO order). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const CLOCK_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const isClockTime = (s: unknown) => typeof s === 'string' && CLOCK_TIME.test(s);
/** A local wall-clock time `HH:MM`; `24:00` is the end of the day (only meaningful as an interval end). */
export const ClockTime = z.string().regex(CLOCK_TIME, 'HH:MM between 00:00 and 24:00');

/** True when `tz` is an IANA time zone name this runtime knows (`Europe/Berlin`, `UTC`); offsets like `+01:00` are not zones. */
export function isIanaTimeZone(tz: string): boolean {
  if (!/^[A-Za-z]/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * An IANA time zone name, validated; its case is corrected (`europe/berlin` → `Europe/Berlin`) but
 * the name is kept: runtimes resolve some zones to legacy links (`Asia/Kolkata` → `Asia/Calcutta`).
 */
export const IanaTimeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isIanaTimeZone, 'Unknown time zone: use an IANA name such as Europe/Berlin')
  .transform((tz) => {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === tz.toLowerCase() ? resolved : tz;
  });

/** One open interval of a day, in the schedule's local time. */
export const OpenInterval = z.object({
  /** Opening time, `HH:MM` (local). */
  start: z.string(),
  /** Closing time, `HH:MM` (local), exclusive; `24:00` keeps the day open to midnight. */
  end: z.string(),
});
export type OpenInterval = z.infer<typeof OpenInterval>;

const OpenIntervalInput = z
  .object({
    /** Opening time, `HH:MM` (local). */
    start: ClockTime,
    /** Closing time, `HH:MM` (local), exclusive; `24:00` keeps the day open to midnight. */
    end: ClockTime,
  })
  // Compared only once both are valid times (else the format error alone is reported).
  .refine((i) => !(isClockTime(i.start) && isClockTime(i.end)) || i.start < i.end, { message: 'The interval must end after it starts', path: ['end'] });

/** A day's open intervals: sorted by start on output; on input they must not overlap. */
const DayIntervalsInput = z
  .array(OpenIntervalInput)
  .max(24)
  .superRefine((list, ctx) => {
    const order = list
      .map((iv, i) => ({ iv, i }))
      .filter(({ iv }) => isClockTime(iv.start) && isClockTime(iv.end))
      .sort((a, b) => (a.iv.start < b.iv.start ? -1 : a.iv.start > b.iv.start ? 1 : 0));
    for (let k = 1; k < order.length; k++) {
      const prev = order[k - 1].iv;
      const cur = order[k];
      // Touching intervals (09:00–12:00, 12:00–17:00) are fine; overlapping ones are a typo.
      if (cur.iv.start < prev.end) ctx.addIssue({ code: 'custom', message: `Overlaps ${prev.start}–${prev.end}`, path: [cur.i, 'start'] });
    }
  });

/**
 * Weekly opening hours: day → open intervals in local time. On input a missing day is closed (the
 * same shape as the tenant's `settings.business_hours`); on output every day is present.
 */
export const WeeklyHours = z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(OpenInterval)])) as Record<Weekday, z.ZodArray<typeof OpenInterval>>);
export type WeeklyHours = z.infer<typeof WeeklyHours>;

/** Weekly hours as a request gives them: any day may be left out (closed); an unknown day is an error, not a silently closed one. */
export const WeeklyHoursInput = z.strictObject(
  Object.fromEntries(WEEKDAYS.map((d) => [d, DayIntervalsInput.optional()])) as Record<Weekday, z.ZodOptional<typeof DayIntervalsInput>>,
);

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'Not a calendar date');

/** A day the schedule is closed all day (in its time zone). */
export const Holiday = z.object({
  /** Local date `YYYY-MM-DD`; with `recurring` only its month and day count. */
  date: z.string(),
  /** What the day is, e.g. `Christmas Day`. */
  name: z.string(),
  /** Every year on the same month and day (29 February only in leap years). */
  recurring: z.boolean(),
});
export type Holiday = z.infer<typeof Holiday>;

const HolidayInput = z.object({
  /** Local date `YYYY-MM-DD`; with `recurring` only its month and day count. */
  date: IsoDate,
  /** What the day is, e.g. `Christmas Day`. */
  name: z.string().trim().min(1).max(100),
  /** Every year on the same month and day (29 February only in leap years). */
  recurring: z.boolean().default(false),
});

/** A one-off closure between two instants (a storm, an office move, a company event). */
export const Closure = z.object({
  /** First instant closed (UTC ISO-8601). */
  starts_at: Timestamp,
  /** First instant open again (UTC ISO-8601), exclusive. */
  ends_at: Timestamp,
  /** Why, shown to admins and in the route explanation. */
  reason: z.string().nullable(),
});
export type Closure = z.infer<typeof Closure>;

const isUtcInstant = (s: unknown) => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s);
const Instant = z.iso.datetime({ offset: true, message: 'ISO-8601 date and time with Z or an offset' }).transform((s) => new Date(s).toISOString());

const ClosureInput = z
  .object({
    /** First instant closed (ISO-8601 with `Z` or an offset; stored in UTC). */
    starts_at: Instant,
    /** First instant open again (ISO-8601 with `Z` or an offset; stored in UTC), exclusive. */
    ends_at: Instant,
    /** Why, shown to admins and in the route explanation. */
    reason: z.string().trim().max(200).nullable().optional(),
  })
  .refine((c) => !(isUtcInstant(c.starts_at) && isUtcInstant(c.ends_at)) || c.starts_at < c.ends_at, {
    message: 'The closure must end after it starts',
    path: ['ends_at'],
  });

const HolidaysInput = z
  .array(HolidayInput)
  .max(400)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((h, i) => {
      if (seen.has(h.date)) ctx.addIssue({ code: 'custom', message: 'This date is listed twice', path: [i, 'date'] });
      seen.add(h.date);
    });
  });

/**
 * A schedule: a time zone, weekly opening hours, holidays and one-off closures. This is THE
 * calendar model of Switchboard: numbers route on it, and the helpdesk's business-hours calendars
 * (SLA clocks) are meant to reuse it (the same table and the same evaluation) rather than bring a
 * second one.
 */
export const Schedule = z.object({
  /** Schedule id (UUIDv7). */
  id: Id,
  /** Unique in the tenant, ignoring case. */
  name: z.string(),
  /** IANA time zone the hours, holidays' dates and day boundaries are read in. */
  timezone: z.string(),
  /** Open intervals per weekday (every day present; `[]` is closed all day). */
  weekly: WeeklyHours,
  /** Closed-all-day dates, by date. */
  holidays: z.array(Holiday),
  /** One-off closures, by start. */
  closures: z.array(Closure),
  /** When it was created (UTC). */
  created_at: Timestamp,
  /** When it last changed (UTC). */
  updated_at: Timestamp,
});
export type Schedule = z.infer<typeof Schedule>;

/** POST /telephony/schedules body. */
export const CreateScheduleBody = z.object({
  /** Unique in the tenant, ignoring case. */
  name: z.string().trim().min(1).max(100),
  /** IANA time zone; defaults to the tenant's `settings.timezone`. */
  timezone: IanaTimeZone.optional(),
  /** Open intervals per weekday; a missing day is closed. Intervals may touch but not overlap. */
  weekly: WeeklyHoursInput.optional(),
  /** Closed-all-day dates (each date once). */
  holidays: HolidaysInput.optional(),
  /** One-off closures. */
  closures: z.array(ClosureInput).max(200).optional(),
});

/** PATCH /telephony/schedules/:id body: a given `weekly`, `holidays` or `closures` replaces the whole list. */
export const UpdateScheduleBody = CreateScheduleBody.partial();

/** GET /telephony/schedules query. */
export const ScheduleListQuery = PageQuery.extend({
  /** Search in the name. */
  q: z.string().max(100).optional(),
  /** Order: by name (ignoring case) or by creation, `-` for descending. */
  sort: z.enum(['name', '-name', 'created_at', '-created_at']).default('name'),
});

// ---------------------------------------------------------------------------------------------
// Phone numbers (DIDs) and their routing
// ---------------------------------------------------------------------------------------------

export const NUMBER_STATUSES = ['active', 'inactive', 'pending'] as const;
/** `pending`: ordered or being ported in; `inactive`: kept but not answering. */
export const NumberStatus = z.enum(NUMBER_STATUSES);

/** Where a number's calls go: `open` while the schedule is open (or always, without one), `closed` otherwise. */
export const NumberRouting = z.object({
  /** Schedule deciding open/closed; null = always open. */
  schedule_id: Id.nullable(),
  /** Destination while open. */
  open: Destination,
  /** Destination while closed, on a holiday or during a closure; null hangs up. */
  closed: Destination.nullable(),
});
export type NumberRouting = z.infer<typeof NumberRouting>;

/** A phone number as typed: international format with `+` and the country code, spaces, dashes, dots and brackets allowed. */
export const PhoneNumberInput = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^\+[\d\s().\-/]+$/, 'International format with + and the country code, e.g. +1 415-555-0100')
  .meta({ format: 'e164' });

/** A phone number (DID) of the tenant: unique across the platform. */
export const PhoneNumber = z.object({
  /** Number id (UUIDv7). */
  id: Id,
  /** The number in E.164 (`+14155550100`). */
  e164: z.string(),
  /** `active`, `inactive` or `pending` (being ported in). */
  status: NumberStatus,
  /** Free text for admins (`Sales line, Berlin office`). */
  description: z.string().nullable(),
  /** SIP trunk the number arrives on (a trunk of the tenant), or null. */
  trunk_id: Id.nullable(),
  /** Whether inbound SMS to this number are accepted (the tenant's `sms` feature). */
  sms_enabled: z.boolean(),
  /** HTTPS URL inbound SMS are posted to. */
  sms_webhook_url: z.string().nullable(),
  /** Schedule and open/closed destinations. */
  routing: NumberRouting,
  /** When it was added (UTC). */
  created_at: Timestamp,
  /** When it last changed (UTC). */
  updated_at: Timestamp,
});
export type PhoneNumber = z.infer<typeof PhoneNumber>;

const HttpsUrl = z.url({ protocol: /^https$/, message: 'An https:// URL' }).max(1000);

/** POST /telephony/numbers body. */
export const CreateNumberBody = z.object({
  /** The number in international format; stored and shown in E.164 (`+1 415-555-0100` → `+14155550100`). */
  e164: PhoneNumberInput,
  /** Defaults to `active`. */
  status: NumberStatus.default('active'),
  /** Free text for admins. */
  description: z.string().trim().max(500).nullable().optional(),
  /** A trunk of the tenant. */
  trunk_id: Id.nullable().optional(),
  /** Accept inbound SMS (needs the tenant's `sms` feature to switch on). */
  sms_enabled: z.boolean().optional(),
  /** HTTPS URL for inbound SMS (needs the tenant's `sms` feature). */
  sms_webhook_url: HttpsUrl.nullable().optional(),
  /** Routing; defaults to no schedule and `hangup` while open (a number being set up). */
  routing: NumberRouting.optional(),
});

/** PATCH /telephony/numbers/:id body; `routing` may give only the keys that change. */
export const UpdateNumberBody = CreateNumberBody.omit({ status: true, routing: true }).partial().extend({
  /** `active`, `inactive` or `pending`. */
  status: NumberStatus.optional(),
  /** Only the given keys change. */
  routing: NumberRouting.partial().optional(),
});

/** GET /telephony/numbers query. */
export const NumberListQuery = PageQuery.extend({
  /** Search in the number (digits, any formatting) and the description. */
  q: z.string().max(100).optional(),
  /** Only numbers in this status. */
  status: NumberStatus.optional(),
  /** Only numbers arriving on this trunk. */
  trunk_id: Id.optional(),
  /** Only numbers routed on this schedule. */
  schedule_id: Id.optional(),
  /** Order: by number or by creation, `-` for descending. */
  sort: z.enum(['e164', '-e164', 'created_at', '-created_at']).default('e164'),
});

/** How a number's routing decided, for an instant. */
export const ROUTE_STATES = ['open', 'closed', 'holiday', 'closure', 'always_open'] as const;
export type RouteState = (typeof ROUTE_STATES)[number];

/** GET /telephony/numbers/:id/route query. */
export const NumberRouteQuery = z.object({
  /** The instant to resolve (ISO-8601 with `Z` or an offset); default now. */
  at: z.iso.datetime({ offset: true, message: 'ISO-8601 date and time with Z or an offset' }).optional(),
});

/** Where a call to the number goes at an instant, and why. */
export const NumberRoute = z.object({
  /** The number resolved. */
  number_id: Id,
  /** Its E.164 form. */
  e164: z.string(),
  /** The instant resolved (UTC). */
  at: Timestamp,
  /** `always_open` without a schedule; otherwise what the schedule says. */
  state: z.enum(ROUTE_STATES),
  /** Human explanation, e.g. `Holiday: Christmas Day (2026-12-25 in Europe/Berlin)`. */
  reason: z.string(),
  /** Where the call goes (`hangup` when closed without a closed destination). */
  destination: Destination,
  /** The schedule that decided, or null without one. */
  schedule_id: Id.nullable(),
  /** The schedule's time zone, or null without a schedule. */
  timezone: z.string().nullable(),
  /** Local wall-clock time in that zone (`2026-12-25T10:15:00`), or null without a schedule. */
  local_time: z.string().nullable(),
});
export type NumberRoute = z.infer<typeof NumberRoute>;
