import { type Kysely, sql } from 'kysely';
import { T, bigText } from '../migration-helpers.js';

/**
 * The durable event log: one gap-free sequence per tenant (the stream a client resumes from), each
 * event with the permission needed to see it and, for personal notifications, the one user it is for.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('type', 'varchar(100)', (c) => c.notNull())
    .addColumn('data', bigText(db), (c) => c.notNull())
    .addColumn('permission', 'varchar(64)')
    .addColumn('user_id', T.id)
    .addColumn('at', T.ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('events_pk', ['tenant_id', 'seq'])
    .execute();
  await db.schema.createIndex('events_at_idx').on('events').column('at').execute();
  // Every existing tenant gets its event counter now; new tenants get it when they are created, so
  // the first event never races on inserting the counter row.
  await sql`insert into tenant_counters (tenant_id, name, value) select id, 'events', 0 from tenants`.execute(db);
}
