import type { Generated, Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';

/**
 * The columns of Asterisk's `queues` and `queue_members` tables that Switchboard writes (see
 * ../ara-tables.ts for every column; the others stay NULL so Asterisk uses its defaults).
 */
export interface AstQueuesRow {
  name: string;
  tenant_id: string | null;
  strategy: string | null;
  timeout: number | null;
  retry: number | null;
  wrapuptime: number | null;
  maxlen: number | null;
  joinempty: string | null;
  leavewhenempty: string | null;
  announce_frequency: number | null;
  announce_position: string | null;
  announce_position_limit: number | null;
  musiconhold: string | null;
  servicelevel: number | null;
  ringinuse: string | null;
  setinterfacevar: string | null;
}

export interface AstQueueMembersRow {
  queue_name: string;
  interface: string;
  membername: string | null;
  state_interface: string | null;
  penalty: number | null;
  paused: number | null;
  /** Auto-increment: Asterisk tells realtime members apart by it; the database assigns it. */
  uniqueid: Generated<number>;
  reason_paused: string | null;
  tenant_id: string | null;
}

export type AstQueueTables = { queues: AstQueuesRow; queue_members: AstQueueMembersRow };

/** The same handle, typed to also reach Asterisk's queue tables. */
export const withAstQueues = (db: Kysely<DB>) => db.withTables<AstQueueTables>();
