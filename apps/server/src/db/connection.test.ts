import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { REACHABLE, dialects, freshDatabase } from '../test/harness.js';
import { createDb } from './index.js';

describe.skipIf(!dialects().includes('postgres') || !REACHABLE.postgres)('PostgreSQL connection loss', () => {
  it('survives the server dropping an idle pooled connection, reports it, and reconnects on the next query', async () => {
    const { url, drop } = await freshDatabase('postgres');
    const lost: Error[] = [];
    const h = createDb(url, { poolMax: 2, onConnectionError: (err) => lost.push(err) });
    try {
      const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(h.db)).rows[0].pid;
      // Another session ends the (now idle) pooled connection, as a restart or failover would.
      const admin = createDb(url, { poolMax: 1 });
      await sql`select pg_terminate_backend(${pid})`.execute(admin.db);
      await admin.close();
      await expect.poll(() => lost.length).toBe(1);
      expect((lost[0] as { code?: string }).code).toBe('57P01');
      const again = await sql<{ one: number }>`select 1 as one`.execute(h.db);
      expect(again.rows[0].one).toBe(1);
    } finally {
      await h.close();
      await drop();
    }
  });
});
