/**
 * Moderated live chats with politicians: the scheduled session, its panel (politicians and moderators),
 * every question (kept whatever happened to it: the public record), and the ordered public event stream
 * per chat that viewers resume from (`Last-Event-ID`).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('chat_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('house_rules_version', 'integer')
    .addColumn('question_max_length', 'integer', (c) => c.notNull())
    .addColumn('answer_max_length', 'integer', (c) => c.notNull())
    .addColumn('event_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('question_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('chat_sessions_schedule')
    .on('chat_sessions')
    .columns(['municipality_id', 'starts_at'])
    .execute()

  await db.schema
    .createTable('chat_staff')
    .addColumn('chat_id', 'text', (c) => c.notNull().references('chat_sessions.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('party', 'text')
    .addColumn('committee', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_staff_pk', ['chat_id', 'user_id', 'role'])
    .execute()

  await db.schema
    .createTable('chat_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('chat_id', 'text', (c) => c.notNull().references('chat_sessions.id'))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('assigned_to', 'text', (c) => c.references('users.id'))
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('reject_rule', 'text')
    .addColumn('reject_reason', 'text')
    .addColumn('merged_into', 'text', (c) => c.references('chat_questions.id'))
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'text', (c) => c.references('users.id'))
    .addColumn('published_at', 'text')
    .addColumn('publish_seq', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('chat_questions_number', ['chat_id', 'number'])
    .execute()
  await db.schema
    .createIndex('chat_questions_queue')
    .on('chat_questions')
    .columns(['chat_id', 'state', 'rank'])
    .execute()
  await db.schema
    .createIndex('chat_questions_assigned')
    .on('chat_questions')
    .columns(['chat_id', 'assigned_to', 'state'])
    .execute()
  await db.schema
    .createIndex('chat_questions_published')
    .on('chat_questions')
    .columns(['chat_id', 'publish_seq'])
    .execute()

  await db.schema
    .createTable('chat_events')
    .addColumn('chat_id', 'text', (c) => c.notNull().references('chat_sessions.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.references('chat_questions.id'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_events_pk', ['chat_id', 'seq'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['chat_events', 'chat_questions', 'chat_staff', 'chat_sessions']) {
    await db.schema.dropTable(table).execute()
  }
}
