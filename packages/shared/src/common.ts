import { z } from 'zod';

/** An opaque id (UUIDv7 for everything but tenants). */
export const Id = z.string().min(1).max(64);

/** An ISO-8601 UTC instant, e.g. `2026-11-22T10:00:00.000Z`. */
export const Timestamp = z.string();

/** Route params of a single resource. */
export const IdParams = z.object({ id: Id });

/** Page-based pagination query shared by every list. */
export const PageQuery = z.object({
  /** 1-based page number. */
  page: z.coerce.number().int().min(1).default(1),
  /** Items per page, at most 100. */
  page_size: z.coerce.number().int().min(1).max(100).default(25),
});

/** Meta of a paginated list. */
export const PageMeta = z.object({
  page: z.number().int(),
  page_size: z.number().int(),
  total: z.number().int(),
  /** Opaque cursor of the next page, on streams that support it. */
  next_cursor: z.string().nullable().optional(),
});

/** `{ data }` envelope. */
export function dataOf<T extends z.ZodType>(schema: T) {
  return z.object({ data: schema });
}

/** `{ data: [...], meta }` envelope. */
export function listOf<T extends z.ZodType>(schema: T) {
  return z.object({ data: z.array(schema), meta: PageMeta });
}

/** RFC 9457 problem details with our stable `code`. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  /** Stable machine code: `validation_failed`, `not_found`, `forbidden`, `limit_reached`, … */
  code: z.string(),
  request_id: z.string().optional(),
  /** Field errors of a validation failure. */
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** Stable error codes. */
export const ERROR_CODES = [
  'validation_failed',
  'unauthorized',
  'invalid_credentials',
  'forbidden',
  'not_found',
  'conflict',
  'limit_reached',
  'rate_limited',
  'tenant_suspended',
  'trial_expired',
  'feature_disabled',
  'token_reused',
  'internal_error',
] as const;

/** Empty success body (`{ data: { ok: true } }`). */
export const Ok = dataOf(z.object({ ok: z.literal(true) }));
