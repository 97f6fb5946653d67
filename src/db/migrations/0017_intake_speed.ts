/**
 * A cheaper intake on SQLite (issue #4's intake speed): the inbox search index of a new inquiry is written by
 * the inquiries store, not by INSERT triggers.
 *
 * A statement that fires a trigger runs inside a statement savepoint, and FTS5 writes out everything it holds
 * in memory at every savepoint. Intakes that share a commit (db/group-commit.ts) each inserted an inquiry and a
 * message, both with triggers, so the index was flushed as a tiny segment two times per intake instead of once
 * per commit, and an intake cost about three times the page writes it needed. The store now inserts the search
 * key with the inquiry and indexes the text once per transaction, just before the commit (`atCommit`); the
 * UPDATE and DELETE triggers, which are rare, stay. PostgreSQL's index (a table with a GIN trigram index, kept by
 * its own triggers) is unchanged.
 *
 * Both databases: the outbox's index by subject also holds the time a message was queued, so "the mail about
 * this inquiry, in order" (the receipt job asks it before queueing a receipt) reads a few index rows; without
 * statistics SQLite chose the municipality's index for its order and read every message the municipality sent.
 */
import { type Kysely, sql } from 'kysely'
import { isPostgres } from '../dialect.ts'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('mail_outbox_subject').execute()
  await db.schema
    .createIndex('mail_outbox_subject')
    .on('mail_outbox')
    .columns(['subject_type', 'subject_id', 'queued_at'])
    .execute()
  if (isPostgres(db)) return
  await sql`drop trigger inquiry_search_inquiry_insert`.execute(db)
  await sql`drop trigger inquiry_search_message_insert`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('mail_outbox_subject').execute()
  await db.schema.createIndex('mail_outbox_subject').on('mail_outbox').columns(['subject_type', 'subject_id']).execute()
  if (isPostgres(db)) return
  await sql`create trigger inquiry_search_inquiry_insert after insert on inquiries begin
    insert into inquiry_search_keys (inquiry_id, municipality_id, status, due_at, received_at)
    values (new.id, new.municipality_id, new.status, new.due_at, new.received_at);
  end`.execute(db)
  await sql`create trigger inquiry_search_message_insert after insert on inquiry_messages begin
    delete from inquiry_search where rowid = (select id from inquiry_search_keys where inquiry_id = new.inquiry_id);
    insert into inquiry_search (rowid, text) select search_id, text from inquiry_search_source where inquiry_id = new.inquiry_id;
  end`.execute(db)
}
