/**
 * Moderation of public posts: each post handed in by a source (the board, later dialogs and chats) is a
 * moderation item with a snapshot of its text and the automatic findings; decisions (with the house rule
 * and its version), reports and author blocks are kept as rows, never deleted, so the public moderation
 * log and the records export can be derived from them. House rules are versioned per municipality: a new
 * version is a new set of rows, and every decision names the version it applied.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('moderation_settings')
    .addColumn('municipality_id', 'text', (c) => c.primaryKey().references('municipalities.id'))
    // Reports on one post that take it off the page pending review.
    .addColumn('report_threshold', 'integer', (c) => c.notNull())
    // At most `rate_limit_posts` posts per author in `rate_limit_minutes`.
    .addColumn('rate_limit_posts', 'integer', (c) => c.notNull())
    .addColumn('rate_limit_minutes', 'integer', (c) => c.notNull())
    // The same text from the same author within this many minutes is a repeat.
    .addColumn('repeat_window_minutes', 'integer', (c) => c.notNull())
    // Characters, when the source gives no limit of its own.
    .addColumn('default_max_length', 'integer', (c) => c.notNull())
    // One entry per line: a word or phrase, optionally `| rule-code`.
    .addColumn('blocklist_da', 'text', (c) => c.notNull())
    .addColumn('blocklist_sv', 'text', (c) => c.notNull())
    .addColumn('blocklist_en', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('moderation_rule_versions')
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('moderation_rule_versions_pk', ['municipality_id', 'version'])
    .execute()

  await db.schema
    .createTable('moderation_rules')
    .addColumn('municipality_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('moderation_rules_pk', ['municipality_id', 'version', 'language', 'code'])
    .addForeignKeyConstraint(
      'moderation_rules_version_fk',
      ['municipality_id', 'version'],
      'moderation_rule_versions',
      ['municipality_id', 'version'],
    )
    .execute()

  await db.schema
    .createTable('moderation_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('author_key', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    // The text as submitted (also a journal document, `text_hash`); an edit keeps it and sets `edited_text`.
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('text_hash', 'text', (c) => c.notNull())
    .addColumn('edited_text', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('reports_count', 'integer', (c) => c.notNull())
    // The last decision: its rule, the rules' version, who made it.
    .addColumn('rule', 'text')
    .addColumn('rule_version', 'integer')
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    // Who hid it: the appeal goes to someone else.
    .addColumn('hidden_by', 'text', (c) => c.references('users.id'))
    .addColumn('appeal_token_hash', 'text')
    // null: no appeal; open: waiting for a moderator; decided: answered (one appeal per post).
    .addColumn('appeal_state', 'text')
    .addColumn('appeal_text', 'text')
    .addColumn('appealed_at', 'text')
    // Bumped by every decision; a form carries the revision its moderator saw.
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('moderation_items_queue')
    .on('moderation_items')
    .columns(['municipality_id', 'state', 'created_at'])
    .execute()
  // Posting rate and repeats: one author's recent posts.
  await db.schema
    .createIndex('moderation_items_author')
    .on('moderation_items')
    .columns(['municipality_id', 'author_key', 'created_at'])
    .execute()
  await db.schema
    .createIndex('moderation_items_subject')
    .on('moderation_items')
    .columns(['municipality_id', 'kind', 'subject_id'])
    .execute()

  await db.schema
    .createTable('moderation_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('moderation_items.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // approved, hidden, edited, handed_off, reported (hidden by reports), appeal_upheld, appeal_granted
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('rule', 'text')
    .addColumn('rule_version', 'integer')
    // The moderator's words to the author; staff only, never in the public log.
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('moderation_decisions_log')
    .on('moderation_decisions')
    .columns(['municipality_id', 'decided_at'])
    .execute()
  await db.schema.createIndex('moderation_decisions_item').on('moderation_decisions').columns(['item_id']).execute()

  await db.schema
    .createTable('moderation_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('moderation_items.id'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    // A keyed hash of the reporter's address: enough to limit the rate, useless to identify anyone.
    .addColumn('reporter_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('moderation_reports_item').on('moderation_reports').columns(['item_id']).execute()
  await db.schema
    .createIndex('moderation_reports_reporter')
    .on('moderation_reports')
    .columns(['municipality_id', 'reporter_hash', 'created_at'])
    .execute()

  await db.schema
    .createTable('moderation_blocks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('author_key', 'text', (c) => c.notNull())
    .addColumn('until', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('item_id', 'text', (c) => c.references('moderation_items.id'))
    .addColumn('blocked_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('moderation_blocks_author')
    .on('moderation_blocks')
    .columns(['municipality_id', 'author_key', 'until'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'moderation_blocks',
    'moderation_reports',
    'moderation_decisions',
    'moderation_items',
    'moderation_rules',
    'moderation_rule_versions',
    'moderation_settings',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
