/**
 * Dialogs with a mandate: consultations, idea storms and participatory budgets. A dialog's mandate texts
 * are kept per language; contributions (replies, ideas, comments, projects) share one table with their
 * moderation state and the municipality's response. Voters and ballots are separate tables, so the
 * ballots can be handed out for a recount without saying who cast them.
 */
import type { Kysely } from 'kysely'
import { binaryType } from '../dialect.ts'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dialogs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('moderation_mode', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('feedback_due_on', 'text')
    .addColumn('consultation_type', 'text')
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('support_threshold', 'integer', (c) => c.notNull())
    .addColumn('budget_total', 'integer', (c) => c.notNull())
    .addColumn('ballot_method', 'text', (c) => c.notNull())
    .addColumn('max_choices', 'integer', (c) => c.notNull())
    .addColumn('pledges_enabled', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('feedback_published_at', 'text')
    .addColumn('feedback_mailed_at', 'text')
    .addColumn('results_published_at', 'text')
    .addColumn('overdue_flagged_at', 'text')
    .execute()
  await db.schema.createIndex('dialogs_municipality').on('dialogs').columns(['municipality_id', 'state']).execute()

  await db.schema
    .createTable('dialog_texts')
    .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('decides', 'text', (c) => c.notNull())
    .addColumn('open_for', 'text', (c) => c.notNull())
    .addColumn('not_open_for', 'text', (c) => c.notNull())
    .addColumn('input_use', 'text', (c) => c.notNull())
    .addColumn('feedback', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dialog_texts_pk', ['dialog_id', 'language'])
    .execute()

  await db.schema
    .createTable('dialog_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('body', binaryType(db), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('dialog_contributions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id'))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('dialog_contributions.id'))
    .addColumn('citizen_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text')
    .addColumn('represents', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('hide_address', 'integer', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('public_body', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('moderation_item_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_note', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('cost', 'integer', (c) => c.notNull())
    .addColumn('pledge_goal', 'integer', (c) => c.notNull())
    .addColumn('supports_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('dialog_contributions_dialog')
    .on('dialog_contributions')
    .columns(['dialog_id', 'kind', 'state', 'created_at'])
    .execute()
  // An idea storm's page lists ideas by supports, most first.
  await db.schema
    .createIndex('dialog_contributions_supports')
    .on('dialog_contributions')
    .columns(['dialog_id', 'kind', 'state', 'supports_count desc', 'created_at'])
    .execute()
  await db.schema
    .createIndex('dialog_contributions_parent')
    .on('dialog_contributions')
    .columns(['parent_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('dialog_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contribution_id', 'text', (c) => c.notNull().references('dialog_contributions.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('body', binaryType(db), (c) => c.notNull())
    .execute()

  await db.schema
    .createIndex('dialog_attachments_contribution')
    .on('dialog_attachments')
    .columns(['contribution_id'])
    .execute()

  await db.schema
    .createTable('dialog_supports')
    .addColumn('contribution_id', 'text', (c) => c.notNull().references('dialog_contributions.id'))
    .addColumn('citizen_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dialog_supports_pk', ['contribution_id', 'citizen_id'])
    .execute()

  await db.schema
    .createTable('dialog_voters')
    .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id'))
    .addColumn('citizen_id', 'text', (c) => c.notNull())
    // Only for the feedback e-mail that points the voter to the results; never tied to a ballot.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('voted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dialog_voters_pk', ['dialog_id', 'citizen_id'])
    .execute()

  await db.schema
    .createTable('dialog_ballots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id'))
    .addColumn('choices', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('dialog_ballots_dialog').on('dialog_ballots').columns(['dialog_id']).execute()

  await db.schema
    .createTable('dialog_pledges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contribution_id', 'text', (c) => c.notNull().references('dialog_contributions.id'))
    .addColumn('citizen_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('dialog_pledges_project').on('dialog_pledges').columns(['contribution_id']).execute()

  await db.schema
    .createTable('dialog_followers')
    .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id'))
    .addColumn('citizen_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('last_sent_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dialog_followers_pk', ['dialog_id', 'citizen_id'])
    .execute()

  await db.schema
    .createTable('dialog_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dialog_id', 'text', (c) => c.notNull().references('dialogs.id'))
    .addColumn('municipality_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('dialog_events_dialog').on('dialog_events').columns(['dialog_id', 'at']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'dialog_events',
    'dialog_followers',
    'dialog_pledges',
    'dialog_ballots',
    'dialog_voters',
    'dialog_supports',
    'dialog_attachments',
    'dialog_contributions',
    'dialog_documents',
    'dialog_texts',
    'dialogs',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
