/**
 * Full-text search for the staff inbox: reference, citizen name and e-mail, and the text of every message,
 * found by any part of a word ("storskr" finds "storskrald", "kylsk" finds "kylskåp"). Each dialect uses
 * its own trigram index, and triggers keep it in step with `inquiries` and `inquiry_messages`, so every
 * writer (web form, e-mail, answers, notes) updates the index in its own transaction without knowing of it.
 *
 * - SQLite: a contentless FTS5 table with the `trigram` tokenizer (which folds case, also for æøåäö). Its
 *   rowid comes from `inquiry_search_keys`, whose INTEGER PRIMARY KEY survives VACUUM (an implicit rowid
 *   of `inquiries` would not).
 * - PostgreSQL: `inquiry_search` (one lower-cased text per inquiry) with a GIN `pg_trgm` index, queried
 *   with ILIKE.
 * Also indexes for the inbox's default order (due date) and its counts per queue.
 */
import { type Kysely, sql } from 'kysely'
import { isPostgres } from '../dialect.ts'

const SQLITE_TEXT = sql.raw(`lower(
  i.reference || ' ' || i.citizen_name || ' ' || coalesce(i.citizen_email, '')
  || coalesce(' ' || (select group_concat(m.body, ' ') from inquiry_messages m where m.inquiry_id = i.id), '')
)`)

async function upSqlite(db: Kysely<unknown>): Promise<void> {
  await sql`create table inquiry_search_keys (id integer primary key, inquiry_id text not null unique)`.execute(db)
  await sql`create virtual table inquiry_search using fts5(text, content='', contentless_delete=1, tokenize='trigram')`.execute(
    db,
  )
  // What the index holds for each inquiry; the triggers and a rebuild read it.
  await sql`create view inquiry_search_source as
    select k.id as search_id, k.inquiry_id, ${SQLITE_TEXT} as text
    from inquiry_search_keys k join inquiries i on i.id = k.inquiry_id`.execute(db)
  const refresh = (id: string) =>
    `delete from inquiry_search where rowid = (select id from inquiry_search_keys where inquiry_id = ${id});
     insert into inquiry_search (rowid, text) select search_id, text from inquiry_search_source where inquiry_id = ${id};`
  const triggers = [
    `create trigger inquiry_search_inquiry_insert after insert on inquiries begin
       insert into inquiry_search_keys (inquiry_id) values (new.id);
       ${refresh('new.id')}
     end`,
    `create trigger inquiry_search_inquiry_update after update of reference, citizen_name, citizen_email on inquiries begin
       ${refresh('new.id')}
     end`,
    `create trigger inquiry_search_inquiry_delete after delete on inquiries begin
       delete from inquiry_search where rowid = (select id from inquiry_search_keys where inquiry_id = old.id);
       delete from inquiry_search_keys where inquiry_id = old.id;
     end`,
    `create trigger inquiry_search_message_insert after insert on inquiry_messages begin ${refresh('new.inquiry_id')} end`,
    `create trigger inquiry_search_message_update after update of body on inquiry_messages begin ${refresh('new.inquiry_id')} end`,
    `create trigger inquiry_search_message_delete after delete on inquiry_messages begin ${refresh('old.inquiry_id')} end`,
  ]
  for (const trigger of triggers) await sql.raw(trigger).execute(db)
  // Inquiries received before this migration.
  await sql`insert into inquiry_search_keys (inquiry_id) select id from inquiries`.execute(db)
  await sql`insert into inquiry_search (rowid, text) select search_id, text from inquiry_search_source`.execute(db)
}

/** The schema pg_trgm lives in: created in `public` when missing; an existing installation is used where it is. */
async function trigramSchema(db: Kysely<unknown>): Promise<string> {
  // Parallel migrations (test schemas, several processes) would race on CREATE EXTENSION; one at a time.
  await sql`select pg_advisory_xact_lock(hashtext('radhus.pg_trgm'))`.execute(db)
  const available = await sql<{ n: number }>`
    select count(*)::int as n from pg_available_extensions where name = 'pg_trgm'`.execute(db)
  if (!available.rows[0]?.n) {
    throw new Error('PostgreSQL lacks the pg_trgm extension (package postgresql-contrib); the inbox search needs it.')
  }
  await sql`create extension if not exists pg_trgm schema public`.execute(db)
  const found = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'pg_trgm'`.execute(db)
  return found.rows[0]?.schema ?? 'public'
}

async function upPostgres(db: Kysely<unknown>): Promise<void> {
  const trgm = await trigramSchema(db)
  await sql`create table inquiry_search (
    inquiry_id text primary key references inquiries (id) on delete cascade,
    text text not null
  )`.execute(db)
  await sql`create index inquiry_search_trgm on inquiry_search using gin (text ${sql.id(trgm)}.gin_trgm_ops)`.execute(
    db,
  )
  await sql`create function inquiry_search_refresh(p_inquiry text) returns void language sql as $$
    insert into inquiry_search (inquiry_id, text)
    select i.id, lower(
      i.reference || ' ' || i.citizen_name || ' ' || coalesce(i.citizen_email, '')
      || coalesce(' ' || (select string_agg(m.body, ' ' order by m.created_at) from inquiry_messages m where m.inquiry_id = i.id), '')
    )
    from inquiries i where i.id = p_inquiry
    on conflict (inquiry_id) do update set text = excluded.text
  $$`.execute(db)
  await sql`create function inquiry_search_on_inquiry() returns trigger language plpgsql as $$
    begin perform inquiry_search_refresh(new.id); return null; end $$`.execute(db)
  await sql`create function inquiry_search_on_message() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then perform inquiry_search_refresh(old.inquiry_id);
      else perform inquiry_search_refresh(new.inquiry_id); end if;
      return null;
    end $$`.execute(db)
  await sql`create trigger inquiry_search_on_inquiry after insert or update of reference, citizen_name, citizen_email
    on inquiries for each row execute function inquiry_search_on_inquiry()`.execute(db)
  await sql`create trigger inquiry_search_on_message after insert or update of body or delete
    on inquiry_messages for each row execute function inquiry_search_on_message()`.execute(db)
  await sql`select inquiry_search_refresh(id) from inquiries`.execute(db)
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) await upPostgres(db)
  else await upSqlite(db)
  await db.schema.createIndex('inquiries_due').on('inquiries').columns(['municipality_id', 'due_at']).execute()
  // The counts per queue read only the inquiries not closed, from the index alone.
  await db.schema
    .createIndex('inquiries_status_queue')
    .on('inquiries')
    .columns(['municipality_id', 'status', 'department_id', 'due_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('inquiries_status_queue').execute()
  await db.schema.dropIndex('inquiries_due').execute()
  if (isPostgres(db)) {
    await sql`drop trigger inquiry_search_on_message on inquiry_messages`.execute(db)
    await sql`drop trigger inquiry_search_on_inquiry on inquiries`.execute(db)
    await sql`drop function inquiry_search_on_message()`.execute(db)
    await sql`drop function inquiry_search_on_inquiry()`.execute(db)
    await sql`drop function inquiry_search_refresh(text)`.execute(db)
    await sql`drop table inquiry_search`.execute(db)
    // pg_trgm stays: other schemas of the database may use it.
    return
  }
  for (const t of [
    'inquiry_insert',
    'inquiry_update',
    'inquiry_delete',
    'message_insert',
    'message_update',
    'message_delete',
  ]) {
    await sql.raw(`drop trigger inquiry_search_${t}`).execute(db)
  }
  await sql`drop view inquiry_search_source`.execute(db)
  await sql`drop table inquiry_search`.execute(db)
  await sql`drop table inquiry_search_keys`.execute(db)
}
