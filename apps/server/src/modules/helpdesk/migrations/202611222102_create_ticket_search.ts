import { type Kysely, sql } from 'kysely';
import { dialectOfDb } from '../../../db/migration-helpers.js';

/**
 * Full-text indexes over tickets (subject, description) and their messages (ticket-search.ts reads
 * them). Each database keeps its index current by itself, whichever code writes the rows:
 * - SQLite: an FTS5 table fed by triggers. Its rowids come from `ticket_search_docs` (an INTEGER
 *   PRIMARY KEY), because the implicit rowids of tables keyed by text change on VACUUM;
 * - MariaDB: InnoDB FULLTEXT indexes;
 * - PostgreSQL: GIN indexes on to_tsvector('simple', …) (no stemming: tenants write in any language).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOfDb(db);
  if (dialect === 'postgres') {
    await sql`create index tickets_search_idx on tickets using gin (to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(description, '')))`.execute(
      db,
    );
    await sql`create index ticket_messages_search_idx on ticket_messages using gin (to_tsvector('simple', body))`.execute(db);
    return;
  }
  if (dialect === 'mysql') {
    await sql`create fulltext index tickets_search_idx on tickets (subject, description)`.execute(db);
    await sql`create fulltext index ticket_messages_search_idx on ticket_messages (body)`.execute(db);
    return;
  }
  await sql`create table ticket_search_docs (id integer primary key, doc text not null unique)`.execute(db);
  await sql`create virtual table ticket_search using fts5(body, tenant_id unindexed, ticket_id unindexed, tokenize = 'unicode61 remove_diacritics 2')`.execute(
    db,
  );

  const ticketText = (r: 'new' | 'old') => sql.raw(`${r}.subject || ' ' || coalesce(${r}.description, '')`);
  const docOf = (key: string) => sql.raw(`(select id from ticket_search_docs where doc = ${key})`);
  await sql`create trigger ticket_search_ticket_ai after insert on tickets begin
    insert into ticket_search_docs (doc) values ('t:' || new.id);
    insert into ticket_search (rowid, body, tenant_id, ticket_id) values (${docOf("'t:' || new.id")}, ${ticketText('new')}, new.tenant_id, new.id);
  end`.execute(db);
  await sql`create trigger ticket_search_ticket_au after update of subject, description on tickets begin
    update ticket_search set body = ${ticketText('new')} where rowid = ${docOf("'t:' || new.id")};
  end`.execute(db);
  await sql`create trigger ticket_search_ticket_ad after delete on tickets begin
    delete from ticket_search where rowid = ${docOf("'t:' || old.id")};
    delete from ticket_search_docs where doc = 't:' || old.id;
  end`.execute(db);
  await sql`create trigger ticket_search_message_ai after insert on ticket_messages begin
    insert into ticket_search_docs (doc) values ('m:' || new.id);
    insert into ticket_search (rowid, body, tenant_id, ticket_id) values (${docOf("'m:' || new.id")}, new.body, new.tenant_id, new.ticket_id);
  end`.execute(db);
  await sql`create trigger ticket_search_message_au after update of body on ticket_messages begin
    update ticket_search set body = new.body where rowid = ${docOf("'m:' || new.id")};
  end`.execute(db);
  await sql`create trigger ticket_search_message_ad after delete on ticket_messages begin
    delete from ticket_search where rowid = ${docOf("'m:' || old.id")};
    delete from ticket_search_docs where doc = 'm:' || old.id;
  end`.execute(db);

  // What exists already.
  await sql`insert into ticket_search_docs (doc) select 't:' || id from tickets`.execute(db);
  await sql`insert into ticket_search (rowid, body, tenant_id, ticket_id)
    select d.id, t.subject || ' ' || coalesce(t.description, ''), t.tenant_id, t.id from tickets t join ticket_search_docs d on d.doc = 't:' || t.id`.execute(
    db,
  );
  await sql`insert into ticket_search_docs (doc) select 'm:' || id from ticket_messages`.execute(db);
  await sql`insert into ticket_search (rowid, body, tenant_id, ticket_id)
    select d.id, m.body, m.tenant_id, m.ticket_id from ticket_messages m join ticket_search_docs d on d.doc = 'm:' || m.id`.execute(db);
}
