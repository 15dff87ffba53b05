import type { Kysely } from 'kysely';
import { T } from '../../../db/migration-helpers.js';

/**
 * SLA clocks on tickets, and warning threshold + escalation on SLA policies.
 *
 * A ticket keeps a snapshot of what its clocks were computed from (policy, calendar, targets), so a
 * later edit of the policy does not move the due dates of tickets already running. Each clock has its
 * due date, its warning instant, and when the warning and the breach were raised (each once: the
 * breach job sets them with `… where <column> is null`). `sla_next_check_at` is the next instant the
 * breach job has to look at the ticket (null: nothing left to raise), so a sweep reads only the
 * tickets that need it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
  const ticketColumns: [string, 'ts' | 'id' | 'int'][] = [
    ['sla_policy_id', 'id'],
    ['sla_schedule_id', 'id'],
    ['sla_started_at', 'ts'],
    ['sla_paused_at', 'ts'],
    ['sla_escalated_at', 'ts'],
    ['sla_next_check_at', 'ts'],
    ['first_response_target_minutes', 'int'],
    ['first_response_due_at', 'ts'],
    ['first_response_warning_at', 'ts'],
    ['first_response_warned_at', 'ts'],
    ['first_response_breached_at', 'ts'],
    ['resolution_target_minutes', 'int'],
    ['resolution_due_at', 'ts'],
    ['resolution_warning_at', 'ts'],
    ['resolution_warned_at', 'ts'],
    ['resolution_breached_at', 'ts'],
  ];
  for (const [name, type] of ticketColumns)
    await db.schema
      .alterTable('tickets')
      .addColumn(name, type === 'ts' ? T.ts : type === 'id' ? T.id : 'integer')
      .execute();
  // Business seconds the clocks stood still so far (pending, and resolved before a reopen).
  await db.schema
    .alterTable('tickets')
    .addColumn('sla_paused_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('tickets_sla_next_check_idx').on('tickets').columns(['tenant_id', 'sla_next_check_at']).execute();

  await db.schema.alterTable('hd_sla_policies').addColumn('warning_percent', 'integer').execute();
  await db.schema.alterTable('hd_sla_policies').addColumn('escalation', 'text').execute();
  await db.updateTable('hd_sla_policies').set({ warning_percent: 80 }).execute();
}
