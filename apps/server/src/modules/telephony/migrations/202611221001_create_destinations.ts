import type { Kysely } from 'kysely';
import { T } from '../../../db/migration-helpers.js';

/**
 * Every call destination in one table: a number's open/closed route, an IVR's options, timeout
 * and invalid-input exits, a queue's overflow. One place answers "what points at this queue?"
 * (deleting a referenced object is refused) and feeds the router.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tel_destinations')
    .addColumn('tenant_id', T.slug, (c) => c.notNull().references('tenants.id'))
    .addColumn('owner_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('owner_id', T.id, (c) => c.notNull())
    .addColumn('slot', 'varchar(20)', (c) => c.notNull())
    .addColumn('type', 'varchar(20)', (c) => c.notNull())
    .addColumn('target_id', T.id)
    .addColumn('value', 'varchar(1000)')
    .addPrimaryKeyConstraint('tel_destinations_pk', ['owner_type', 'owner_id', 'slot'])
    .execute();
  await db.schema.createIndex('tel_destinations_tenant_idx').on('tel_destinations').column('tenant_id').execute();
  await db.schema.createIndex('tel_destinations_target_idx').on('tel_destinations').columns(['tenant_id', 'type', 'target_id']).execute();
}
