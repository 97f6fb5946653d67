/**
 * The public Q&A board: its settings per municipality, questions, answers and replies (one level), who
 * follows which question, and full-text search over published questions.
 *
 * The listing reads only `board_questions`: the counts of published answers and whether an official
 * answer exists are kept on the question (denormalised), so the first page is one index range scan on
 * (municipality, state, created) with no join or count per row.
 *
 * Search, as in `0006_inbox_search`: SQLite a contentless FTS5 table with the trigram tokenizer (rowid from
 * `board_search_keys`), PostgreSQL a lower-cased text per question with a GIN pg_trgm index; triggers keep
 * both in step with the question's title and body, whoever writes them (citizen, moderator's edit).
 */
import { type Kysely, sql } from 'kysely'
import { isPostgres } from '../dialect.ts'

async function searchSqlite(db: Kysely<unknown>): Promise<void> {
  await sql`create table board_search_keys (id integer primary key, question_id text not null unique)`.execute(db)
  await sql`create virtual table board_search using fts5(text, content='', contentless_delete=1, tokenize='trigram')`.execute(
    db,
  )
  const refresh = (id: string) =>
    `delete from board_search where rowid = (select id from board_search_keys where question_id = ${id});
     insert into board_search (rowid, text)
       select k.id, lower(q.title || ' ' || q.body) from board_search_keys k join board_questions q on q.id = k.question_id
       where k.question_id = ${id};`
  await sql
    .raw(`create trigger board_search_insert after insert on board_questions begin
      insert into board_search_keys (question_id) values (new.id);
      ${refresh('new.id')}
    end`)
    .execute(db)
  await sql
    .raw(
      `create trigger board_search_update after update of title, body on board_questions begin ${refresh('new.id')} end`,
    )
    .execute(db)
}

async function searchPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('radhus.pg_trgm'))`.execute(db)
  await sql`create extension if not exists pg_trgm schema public`.execute(db)
  const found = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'pg_trgm'`.execute(db)
  const trgm = found.rows[0]?.schema ?? 'public'
  await sql`create table board_search (
    question_id text primary key references board_questions (id) on delete cascade,
    text text not null
  )`.execute(db)
  await sql`create index board_search_trgm on board_search using gin (text ${sql.id(trgm)}.gin_trgm_ops)`.execute(db)
  await sql`create function board_search_refresh() returns trigger language plpgsql as $$
    begin
      insert into board_search (question_id, text) values (new.id, lower(new.title || ' ' || new.body))
      on conflict (question_id) do update set text = excluded.text;
      return null;
    end $$`.execute(db)
  await sql`create trigger board_search_refresh after insert or update of title, body on board_questions
    for each row execute function board_search_refresh()`.execute(db)
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('board_settings')
    .addColumn('municipality_id', 'text', (c) => c.primaryKey().references('municipalities.id'))
    .addColumn('moderation_mode', 'text', (c) => c.notNull())
    .addColumn('max_length', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('board_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('citizen_id', 'text', (c) => c.notNull().references('citizens.id'))
    // The display name when it was asked (a citizen may change theirs later).
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('topic_id', 'text', (c) => c.notNull().references('inquiry_topics.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    // unverified (waits for the author's e-mail link), pending, published, hidden, handed_off.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('moderation_item_id', 'text')
    // The contact centre's inquiry for the public question, once published.
    .addColumn('inquiry_id', 'text', (c) => c.references('inquiries.id'))
    // The private inquiry it was handed off to.
    .addColumn('private_inquiry_id', 'text', (c) => c.references('inquiries.id'))
    .addColumn('answer_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('has_official', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // The listing: newest first, unanswered (no official answer), and by topic, each one index range.
  await db.schema
    .createIndex('board_questions_list')
    .on('board_questions')
    .columns(['municipality_id', 'state', 'created_at'])
    .execute()
  await db.schema
    .createIndex('board_questions_unanswered')
    .on('board_questions')
    .columns(['municipality_id', 'state', 'has_official', 'created_at'])
    .execute()
  await db.schema
    .createIndex('board_questions_topic')
    .on('board_questions')
    .columns(['municipality_id', 'state', 'topic_id', 'created_at'])
    .execute()
  await db.schema.createIndex('board_questions_citizen').on('board_questions').columns(['citizen_id']).execute()
  await db.schema.createIndex('board_questions_inquiry').on('board_questions').columns(['inquiry_id']).execute()

  await db.schema
    .createTable('board_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('question_id', 'text', (c) => c.notNull().references('board_questions.id'))
    // A reply names the answer it replies to (one level).
    .addColumn('parent_id', 'text', (c) => c.references('board_answers.id'))
    .addColumn('citizen_id', 'text', (c) => c.references('citizens.id'))
    .addColumn('staff_user_id', 'text', (c) => c.references('users.id'))
    // A citizen's display name, or a staff member's first name.
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('official', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('moderation_item_id', 'text')
    .addColumn('private_inquiry_id', 'text', (c) => c.references('inquiries.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('board_answers_question')
    .on('board_answers')
    .columns(['question_id', 'state', 'created_at'])
    .execute()
  await db.schema.createIndex('board_answers_citizen').on('board_answers').columns(['citizen_id']).execute()

  await db.schema
    .createTable('board_follows')
    .addColumn('question_id', 'text', (c) => c.notNull().references('board_questions.id'))
    .addColumn('citizen_id', 'text', (c) => c.notNull().references('citizens.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('board_follows_pk', ['question_id', 'citizen_id'])
    .execute()
  await db.schema.createIndex('board_follows_citizen').on('board_follows').columns(['citizen_id']).execute()

  if (isPostgres(db)) await searchPostgres(db)
  else await searchSqlite(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger board_search_refresh on board_questions`.execute(db)
    await sql`drop function board_search_refresh()`.execute(db)
    await sql`drop table board_search`.execute(db)
  } else {
    await sql`drop trigger board_search_update`.execute(db)
    await sql`drop trigger board_search_insert`.execute(db)
    await sql`drop table board_search`.execute(db)
    await sql`drop table board_search_keys`.execute(db)
  }
  await db.schema.dropTable('board_follows').execute()
  await db.schema.dropTable('board_answers').execute()
  await db.schema.dropTable('board_questions').execute()
  await db.schema.dropTable('board_settings').execute()
}
