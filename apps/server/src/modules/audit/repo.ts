import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../db/index.js';
import type { DB } from '../../db/schema.js';
import { parseJson } from '../../db/query.js';
import { now } from '../../http/pagination.js';

/** Who did a write, from where: taken from the request. */
export interface Actor {
  tenantId: string | null;
  userId: string | null;
  email: string | null;
  ip: string | null;
  requestId: string | null;
}

/** The actor of a request (anonymous for public routes). */
export function actorOf(req: FastifyRequest, tenantId: string | null = req.auth?.tenantId ?? null): Actor {
  return { tenantId, userId: req.auth?.userId ?? null, email: req.auth?.email ?? null, ip: req.ip, requestId: req.id };
}

export interface AuditWrite {
  action: string;
  entity_type: string;
  entity_id?: string | null;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = /password|token|secret|hash|^pin$/i;
function redact(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return JSON.stringify(v, (k, val) => (SECRET_KEYS.test(k) ? '[redacted]' : val));
}

/** Record one audited write; call it inside the transaction of the write itself. */
export async function recordAudit(db: Kysely<DB>, actor: Actor, w: AuditWrite): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: uuidv7(),
      tenant_id: actor.tenantId,
      actor_user_id: actor.userId,
      actor_email: actor.email,
      action: w.action,
      entity_type: w.entity_type,
      entity_id: w.entity_id ?? null,
      before: redact(w.before),
      after: redact(w.after),
      ip: actor.ip,
      request_id: actor.requestId,
      created_at: now(),
    })
    .execute();
}

export interface AuditFilter {
  action?: string;
  entity_type?: string;
  entity_id?: string;
  actor_user_id?: string;
  from?: string;
  to?: string;
  cursor?: string;
  page: number;
  page_size: number;
}

/** Newest first; `cursor` (created_at|id of the last row seen) pages without offsets. */
export function createAuditRepo(db: Database) {
  return {
    async list(tenantId: string, f: AuditFilter) {
      let q = db.selectFrom('audit_log').where('tenant_id', '=', tenantId);
      if (f.action) q = q.where('action', '=', f.action);
      if (f.entity_type) q = q.where('entity_type', '=', f.entity_type);
      if (f.entity_id) q = q.where('entity_id', '=', f.entity_id);
      if (f.actor_user_id) q = q.where('actor_user_id', '=', f.actor_user_id);
      if (f.from) q = q.where('created_at', '>=', new Date(f.from).toISOString());
      if (f.to) q = q.where('created_at', '<=', new Date(f.to).toISOString());
      const total = await q.select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow();
      let pageQ = q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.page_size + 1);
      if (f.cursor) {
        const [at, id] = Buffer.from(f.cursor, 'base64url').toString().split('|');
        if (at && id) pageQ = pageQ.where((e) => e.or([e('created_at', '<', at), e.and([e('created_at', '=', at), e('id', '<', id)])]));
      } else {
        pageQ = pageQ.offset((f.page - 1) * f.page_size);
      }
      const rows = await pageQ.execute();
      const more = rows.length > f.page_size;
      const page = rows.slice(0, f.page_size);
      const last = page.at(-1);
      return {
        rows: page.map((r) => ({ ...r, before: parseJson(r.before, null), after: parseJson(r.after, null) })),
        total: total.n,
        nextCursor: more && last ? Buffer.from(`${last.created_at}|${last.id}`).toString('base64url') : null,
      };
    },
  };
}
