import type { Kysely } from 'kysely';
import { T } from '../migration-helpers.js';

/**
 * Leases of background jobs (jobs/leases.ts): one row per job and tenant (`tenant_id` '' for a
 * platform-wide job). A node runs the job for a tenant only while it holds the lease, taken with a
 * conditional UPDATE, so two server nodes never run it for the same tenant at once; a crashed
 * holder's lease expires and another node takes over.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job_leases')
    .addColumn('job', 'varchar(64)', (c) => c.notNull())
    .addColumn('tenant_id', T.slug, (c) => c.notNull())
    .addColumn('owner', T.id)
    .addColumn('lease_until', T.ts)
    .addColumn('last_started_at', T.ts)
    .addColumn('last_finished_at', T.ts)
    .addColumn('last_error', 'text')
    .addPrimaryKeyConstraint('job_leases_pk', ['job', 'tenant_id'])
    .execute();
}
