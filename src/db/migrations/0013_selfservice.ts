/**
 * Self-service: the municipality's services, each with versioned form definitions (a definition is
 * data: steps, fields, help texts, validation and decision rules, as JSON); drafts a citizen can resume
 * by an unguessable link, with their provisional uploads; submissions that keep the version they were
 * made on, their attachments (bodies are journal documents, addressed by SHA-256), the instant decision
 * with the rules used, the receipt PDF's document hash; a reference counter per year; and campaigns.
 */
import type { Kysely } from 'kysely'
import { binaryType } from '../dialect.ts'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('selfservice_services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('selfservice_services_slug', ['municipality_id', 'slug'])
    .execute()

  await db.schema
    .createTable('selfservice_versions')
    .addColumn('service_id', 'text', (c) => c.notNull().references('selfservice_services.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('selfservice_versions_pk', ['service_id', 'version'])
    .execute()

  await db.schema
    .createTable('selfservice_drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('selfservice_services.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    // The staff member filling it in on a citizen's behalf (assisted digital); null: the citizen.
    .addColumn('assisted_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('selfservice_drafts_expiry').on('selfservice_drafts').column('expires_at').execute()

  await db.schema
    .createTable('selfservice_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('draft_id', 'text', (c) => c.notNull().references('selfservice_drafts.id'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('body', binaryType(db), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('selfservice_uploads_draft').on('selfservice_uploads').column('draft_id').execute()

  await db.schema
    .createTable('selfservice_counters')
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('selfservice_counters_pk', ['municipality_id', 'year'])
    .execute()

  await db.schema
    .createTable('selfservice_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('selfservice_services.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    // digital: the citizen (web or API); assisted: staff on the citizen's behalf.
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('assisted_by', 'text', (c) => c.references('users.id'))
    .addColumn('status_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('answers_hash', 'text', (c) => c.notNull())
    .addColumn('citizen_name', 'text', (c) => c.notNull())
    .addColumn('citizen_email', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('expected_by', 'text', (c) => c.notNull())
    // approved | refused (instant decisions), case (a person decides).
    .addColumn('outcome', 'text', (c) => c.notNull())
    // none | opening | open: the inquiry in the department's queue.
    .addColumn('case_state', 'text', (c) => c.notNull())
    .addColumn('inquiry_id', 'text')
    .addColumn('inquiry_reference', 'text')
    .addColumn('receipt_hash', 'text')
    .addColumn('receipt_ready_at', 'text')
    .addUniqueConstraint('selfservice_submissions_reference', ['municipality_id', 'reference'])
    .execute()
  await db.schema
    .createIndex('selfservice_submissions_uptake')
    .on('selfservice_submissions')
    .columns(['municipality_id', 'service_id', 'submitted_at'])
    .execute()

  await db.schema
    .createTable('selfservice_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) => c.notNull().references('selfservice_submissions.id'))
    .addColumn('municipality_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addForeignKeyConstraint('selfservice_attachments_document', ['municipality_id', 'sha256'], 'documents', [
      'municipality_id',
      'hash',
    ])
    .execute()
  await db.schema
    .createIndex('selfservice_attachments_submission')
    .on('selfservice_attachments')
    .column('submission_id')
    .execute()

  await db.schema
    .createTable('selfservice_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) => c.notNull().unique().references('selfservice_submissions.id'))
    .addColumn('municipality_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // The rules evaluated, as they were, and the failed ones' reasons (JSON).
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('review_requested_at', 'text')
    .execute()

  await db.schema
    .createTable('selfservice_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('selfservice_services.id'))
    // Campaigns run together by several municipalities share a group key.
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('selfservice_campaigns_period')
    .on('selfservice_campaigns')
    .columns(['municipality_id', 'ends_on'])
    .execute()
  await db.schema.createIndex('selfservice_campaigns_group').on('selfservice_campaigns').column('group_key').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'selfservice_campaigns',
    'selfservice_decisions',
    'selfservice_attachments',
    'selfservice_submissions',
    'selfservice_counters',
    'selfservice_uploads',
    'selfservice_drafts',
    'selfservice_versions',
    'selfservice_services',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
