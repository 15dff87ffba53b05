import type { Kysely } from 'kysely';
import type { AppDeps } from '../../app.js';
import type { DB } from '../../db/schema.js';

/** What routing needs from the app (a subset of AppDeps so jobs and tests can call it). */
export type RoutingDeps = Pick<AppDeps, 'db' | 'hub'>;

/**
 * Assign the tenant's oldest queued chat sessions to eligible free agents (or offer them when the
 * agent's auto-accept is off), repeatedly until no queued session matches a free agent. Safe to
 * call from any node at any time, concurrently: slots and sessions are taken with conditional
 * updates, so no chat ever gets two agents and no agent exceeds max_chats.
 * Call it after committing a new queued session, an agent going online, a freed slot, etc.
 */
export async function routeQueued(deps: RoutingDeps, tenantId: string): Promise<void> {
  void deps;
  void tenantId;
}

/**
 * Give back one capacity slot of an agent (an active chat ended or was transferred away), inside
 * the caller's transaction. After commit, call `routeQueued(deps, tenantId)` so the oldest queued
 * chat goes to the agent at once.
 */
export async function releaseAgentSlot(trx: Kysely<DB>, tenantId: string, userId: string): Promise<void> {
  void trx;
  void tenantId;
  void userId;
}
