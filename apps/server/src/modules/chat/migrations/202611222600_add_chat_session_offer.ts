import type { Kysely } from 'kysely';
import { T } from '../../../db/migration-helpers.js';

/**
 * A queued chat offered to an agent (auto-accept off) carries the pending offer's id, so an offer
 * is made with a conditional UPDATE (`offer_id is null`) and a chat is never offered to two
 * agents at once, even by two nodes racing. Cleared when the offer is declined or expires.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chat_sessions').addColumn('offer_id', T.id).execute();
  // Agents currently present (fresh heartbeat) are found by this index on every routing pass.
  await db.schema.createIndex('chat_agents_routing_idx').on('chat_agents').columns(['tenant_id', 'availability', 'heartbeat_at']).execute();
}
