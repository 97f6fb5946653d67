/**
 * The contact centre's routing and deadlines, and its public answers: ordered routing rules (topic and/or
 * keywords to a department, first match wins), a department's own answer deadline in business days, and
 * answers staff publish on the municipality's answers page (no citizen data: a summary staff wrote, the
 * answer, the topic, the date).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('routing_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    // 1, 2, 3 … in the order the rules are tried.
    .addColumn('position', 'integer', (c) => c.notNull())
    // Null: any topic.
    .addColumn('topic_id', 'text', (c) => c.references('inquiry_topics.id'))
    // Words or phrases, one per line; empty: any text.
    .addColumn('keywords', 'text', (c) => c.notNull())
    // Null: the contact centre.
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('routing_rules_order')
    .on('routing_rules')
    .columns(['municipality_id', 'position'])
    .execute()

  await db.schema
    .createTable('department_deadlines')
    .addColumn('department_id', 'text', (c) => c.primaryKey().references('departments.id'))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('answer_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('public_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('topic_id', 'text', (c) => c.references('inquiry_topics.id'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer_da', 'text')
    .addColumn('answer_sv', 'text')
    .addColumn('answer_en', 'text')
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('public_answers_newest')
    .on('public_answers')
    .columns(['municipality_id', 'published_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['public_answers', 'department_deadlines', 'routing_rules']) {
    await db.schema.dropTable(table).execute()
  }
}
