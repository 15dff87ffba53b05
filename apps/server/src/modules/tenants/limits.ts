import type { TenantLimits } from '@switchboard/shared';
import type { Kysely } from 'kysely';
import { dialectOfDb } from '../../db/migration-helpers.js';
import type { DB } from '../../db/schema.js';
import { limitReached } from '../../http/errors.js';
import { getTenant } from './repo.js';

/**
 * Refuse with `limit_reached` (409) when adding `adding` more would pass the tenant's limit.
 * `count` returns how many the tenant has now. A null limit means unlimited.
 * Call it inside the transaction that adds, run at `read committed`: when a limit is set, the tenant
 * row is locked first so concurrent additions to one tenant are counted one after another, and the
 * count then sees what the others committed (MariaDB's default repeatable read would count from
 * the transaction's first snapshot). SQLite serializes writers anyway.
 */
export async function assertWithinLimit(
  db: Kysely<DB>,
  tenantId: string,
  limit: keyof TenantLimits,
  count: () => Promise<number>,
  adding = 1,
): Promise<void> {
  const tenant = await getTenant(db, tenantId);
  const max = tenant?.limits[limit];
  if (max === null || max === undefined) return;
  if (dialectOfDb(db) !== 'sqlite') await db.selectFrom('tenants').select('id').where('id', '=', tenantId).forUpdate().execute();
  if ((await count()) + adding > max) throw limitReached(limit, max);
}
