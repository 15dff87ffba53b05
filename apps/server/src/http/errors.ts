import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

export interface FieldError {
  field: string;
  message: string;
}

/** An error the client caused or may act on; rendered as RFC 9457 problem details. */
export class AppError extends Error {
  constructor(
    public status: number,
    public code: string,
    public title: string,
    public detail?: string,
    public errors?: FieldError[],
    public headers?: Record<string, string>,
  ) {
    super(detail ?? title);
  }
}

export const notFound = (what = 'Resource') => new AppError(404, 'not_found', 'Not found', `${what} not found`);
export const forbidden = (detail = 'You do not have permission to do this') => new AppError(403, 'forbidden', 'Forbidden', detail);
export const unauthorized = (detail = 'Sign in to continue') => new AppError(401, 'unauthorized', 'Unauthorized', detail);
export const conflict = (detail: string, errors?: FieldError[]) => new AppError(409, 'conflict', 'Conflict', detail, errors);
export const validation = (detail: string, errors: FieldError[], status = 400) =>
  new AppError(status, 'validation_failed', 'Validation failed', detail, errors);
export const limitReached = (limit: string, max: number) =>
  new AppError(409, 'limit_reached', 'Limit reached', `The tenant's ${limit} limit (${max}) is reached`, [{ field: limit, message: `at most ${max}` }]);

/** True when a database error is a unique-key violation, in any of the three dialects. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'ER_DUP_ENTRY' || e?.code === '23505';
}

const TITLES: Record<number, [string, string]> = {
  400: ['Bad request', 'bad_request'],
  401: ['Unauthorized', 'unauthorized'],
  403: ['Forbidden', 'forbidden'],
  404: ['Not found', 'not_found'],
  405: ['Method not allowed', 'method_not_allowed'],
  406: ['Not acceptable', 'not_acceptable'],
  409: ['Conflict', 'conflict'],
  413: ['Payload too large', 'payload_too_large'],
  415: ['Unsupported media type', 'unsupported_media_type'],
  429: ['Too many requests', 'rate_limited'],
};

function send(reply: FastifyReply, req: FastifyRequest, status: number, body: Record<string, unknown>) {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({ type: `https://switchboard.dev/problems/${body.code}`, status, request_id: req.id, ...body });
}

/** Renders every error as problem details; 5xx never shows internals. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      return send(reply, req, err.status, { title: err.title, code: err.code, detail: err.detail, errors: err.errors });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = (err as FastifyError).validationContext ?? 'body';
      const errors = err.validation.map((v) => {
        const path = (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
        const params = v.params as { issue?: { path?: PropertyKey[] } };
        const field = path || params?.issue?.path?.join('.') || where;
        return { field, message: v.message ?? 'Invalid value' };
      });
      return send(reply, req, 400, {
        title: 'Validation failed',
        code: 'validation_failed',
        detail: `Invalid ${where}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
        errors,
      });
    }
    if (isUniqueViolation(err)) {
      return send(reply, req, 409, { title: 'Conflict', code: 'conflict', detail: 'A record with the same unique value already exists' });
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status >= 400 && status < 500 && !isResponseSerializationError(err)) {
      const [title, code] = TITLES[status] ?? ['Bad request', 'bad_request'];
      return send(reply, req, status, { title, code, detail: err.message });
    }
    req.log.error({ err }, 'request failed');
    return send(reply, req, 500, { title: 'Internal server error', code: 'internal_error', detail: 'Something went wrong; quote the request id when reporting it' });
  });

  app.setNotFoundHandler((req, reply) => send(reply, req, 404, { title: 'Not found', code: 'not_found', detail: `No route ${req.method} ${req.url.split('?')[0]}` }));
}
