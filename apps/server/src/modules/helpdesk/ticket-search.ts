import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { dialectOfDb } from '../../db/migration-helpers.js';
import type { Database } from '../../db/index.js';
import { contains } from '../../db/query.js';
import type { DB } from '../../db/schema.js';

/**
 * Full-text search over tickets (subject, description) and their messages, one real index per
 * database (migrations/202611222102_create_ticket_search.ts):
 * - SQLite: an FTS5 table filled by triggers on tickets and ticket_messages;
 * - MariaDB: InnoDB FULLTEXT indexes on tickets(subject, description) and ticket_messages(body);
 * - PostgreSQL: GIN indexes on to_tsvector('simple', …) expressions of the same columns.
 * Every word must match, as a prefix ("refu" finds "refund"), somewhere in the ticket; the old
 * substring match on the number and the subject still applies, so `DEMO-00042` and fragments of a
 * subject keep working.
 */

/** Words of a search: letters and digits (any script), at most ten, lower-cased. */
export function searchWords(q: string): string[] {
  return [...new Set((q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 10))];
}

/** InnoDB's default stop words and its minimum token length: a required one would match nothing. */
const INNODB_STOPWORDS = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(' '),
);

/** FTS5 query: every word as a quoted prefix (quotes keep FTS5 operators out of user input). */
export function fts5Query(words: string[]): string {
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}

/** InnoDB boolean-mode query: every usable word required, as a prefix; null when no word is usable. */
export function innodbQuery(words: string[]): string | null {
  const usable = words.filter((w) => [...w].length >= 3 && !INNODB_STOPWORDS.has(w));
  return usable.length ? usable.map((w) => `+${w}*`).join(' ') : null;
}

/** to_tsquery text: every word as a prefix lexeme. */
export function tsQuery(words: string[]): string {
  return words.map((w) => `'${w.replaceAll("'", "''")}':*`).join(' & ');
}

type TicketsRef = ExpressionBuilder<DB & { t: DB['tickets'] }, 't'>;

/**
 * The condition `q` puts on `tickets as t` (tenant `tenantId`): every word, as a prefix, in the
 * subject, description or any message of the ticket (words may sit in different messages); or
 * the whole text as a part of the number or subject.
 */
export function ticketSearch(db: Database, tenantId: string, q: string): (e: TicketsRef) => Expression<SqlBool> {
  const dialect = dialectOfDb(db);
  let words = searchWords(q);
  // InnoDB leaves short words and stop words out of its index: they cannot be required.
  if (dialect === 'mysql') words = words.filter((w) => innodbQuery([w]) !== null);
  return (e) => {
    const substring = [contains('t.subject', q), contains('t.number', q)];
    if (!words.length) return e.or(substring);
    return e.or([...substring, e.and(words.map((w) => wordMatch(dialect, tenantId, w)))]);
  };
}

/** One word (as a prefix) in the ticket's own text or in one of its messages. */
function wordMatch(dialect: ReturnType<typeof dialectOfDb>, tenantId: string, w: string): Expression<SqlBool> {
  if (dialect === 'sqlite') {
    // One FTS5 table holds both the tickets' text and the messages (each row names its ticket).
    return sql<SqlBool>`${sql.ref('t.id')} in (select ticket_id from ticket_search where ticket_search match ${fts5Query([w])} and tenant_id = ${tenantId})`;
  }
  if (dialect === 'postgres') {
    const query = sql`to_tsquery('simple', ${tsQuery([w])})`;
    // The same expressions as the GIN indexes, so the planner uses them.
    return sql<SqlBool>`(to_tsvector('simple', coalesce(${sql.ref('t.subject')}, '') || ' ' || coalesce(${sql.ref('t.description')}, '')) @@ ${query} or ${sql.ref('t.id')} in (select m.ticket_id from ticket_messages m where m.tenant_id = ${tenantId} and to_tsvector('simple', m.body) @@ ${query}))`;
  }
  const query = innodbQuery([w]) as string;
  return sql<SqlBool>`(match (${sql.ref('t.subject')}, ${sql.ref('t.description')}) against (${query} in boolean mode) or ${sql.ref('t.id')} in (select m.ticket_id from ticket_messages m where m.tenant_id = ${tenantId} and match (m.body) against (${query} in boolean mode)))`;
}

/** An instant bound of a range filter: a date-time as is, or a date (UTC); `end` of a date is the next day's start. */
export function rangeBound(v: string, end: boolean): { at: string; inclusive: boolean } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00.000Z`);
    if (end) d.setUTCDate(d.getUTCDate() + 1);
    return { at: d.toISOString(), inclusive: !end };
  }
  return { at: new Date(v).toISOString(), inclusive: true };
}
