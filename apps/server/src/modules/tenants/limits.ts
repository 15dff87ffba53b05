import type { TenantLimits } from '@switchboard/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { limitReached } from '../../http/errors.js';
import { getTenant } from './repo.js';

/**
 * Refuse with `limit_reached` (409) when adding `adding` more would pass the tenant's limit.
 * `count` returns how many the tenant has now. A null limit means unlimited.
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
  if ((await count()) + adding > max) throw limitReached(limit, max);
}
