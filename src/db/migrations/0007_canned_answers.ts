/**
 * Canned answers: a municipality's prepared texts for common questions, one language each, with
 * placeholders (`{name}`, `{reference}`, `{received}`, `{due}`, `{staff}`) filled in per inquiry.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('canned_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // The picker lists one municipality's answers in the citizen's language, by title.
  await db.schema
    .createIndex('canned_answers_language')
    .on('canned_answers')
    .columns(['municipality_id', 'language', 'title'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('canned_answers').execute()
}
