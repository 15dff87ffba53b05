import type { Kysely } from 'kysely';
import type { Dialect } from '../db/index.js';
import type { DB } from '../db/schema.js';

/**
 * Leases of background jobs, one row per job and tenant in `job_leases`. A node may run a job for
 * a tenant only while it holds the lease; the lease is taken with one conditional UPDATE (free or
 * expired → mine), which the database makes atomic, so of two nodes asking at once exactly one gets
 * it. A holder that dies leaves an expiring lease: after `ttlMs` another node takes over.
 *
 * A lease is a guard against two nodes doing the same work at the same time, not the only one: the
 * work itself must stay correct if it runs twice (conditional updates on its own state).
 */

/** Make sure the lease row exists (its own statement, outside any transaction: concurrent inserts must not abort one). */
async function ensureRow(db: Kysely<DB>, dialect: Dialect, job: string, tenantId: string): Promise<void> {
  const row = { job, tenant_id: tenantId, owner: null, lease_until: null, last_started_at: null, last_finished_at: null, last_error: null };
  if (dialect === 'mysql') await db.insertInto('job_leases').ignore().values(row).execute();
  else
    await db
      .insertInto('job_leases')
      .values(row)
      .onConflict((oc) => oc.columns(['job', 'tenant_id']).doNothing())
      .execute();
}

/**
 * Take the lease of `job` for `tenantId` until `now + ttlMs` if it is free or expired (or already
 * ours). True when this owner holds it now. Read first, so a node that sees the lease held does not
 * write at all (on SQLite a write would wait for the holder's transaction).
 */
export async function claimLease(
  db: Kysely<DB>,
  dialect: Dialect,
  opts: { job: string; tenantId: string; owner: string; now: Date; ttlMs: number },
): Promise<boolean> {
  const at = opts.now.toISOString();
  let row = await db
    .selectFrom('job_leases')
    .select(['owner', 'lease_until'])
    .where('job', '=', opts.job)
    .where('tenant_id', '=', opts.tenantId)
    .executeTakeFirst();
  if (!row) {
    await ensureRow(db, dialect, opts.job, opts.tenantId);
    row = { owner: null, lease_until: null };
  }
  if (row.owner && row.owner !== opts.owner && row.lease_until && row.lease_until > at) return false;
  const r = await db
    .updateTable('job_leases')
    .set({ owner: opts.owner, lease_until: new Date(opts.now.getTime() + opts.ttlMs).toISOString(), last_started_at: at })
    .where('job', '=', opts.job)
    .where('tenant_id', '=', opts.tenantId)
    .where((e) => e.or([e('owner', 'is', null), e('owner', '=', opts.owner), e('lease_until', 'is', null), e('lease_until', '<=', at)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Give the lease back (only if still ours), recording when the run finished and its error, if any. */
export async function releaseLease(
  db: Kysely<DB>,
  opts: { job: string; tenantId: string; owner: string; now: Date; error?: string | null },
): Promise<void> {
  await db
    .updateTable('job_leases')
    .set({ owner: null, lease_until: null, last_finished_at: opts.now.toISOString(), last_error: opts.error ? opts.error.slice(0, 1000) : null })
    .where('job', '=', opts.job)
    .where('tenant_id', '=', opts.tenantId)
    .where('owner', '=', opts.owner)
    .execute();
}
