/**
 * Outbound e-mail: the outbox (one row per message we send, with its pre-generated Message-ID and its
 * delivery state) and the development capture (where mail lands when no SMTP server is configured).
 * The composed message itself is a journal document, referred to by its hash.
 */
import type { Kysely } from 'kysely'
import { binaryType } from '../dialect.ts'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('to_name', 'text')
    .addColumn('subject_line', 'text', (c) => c.notNull())
    .addColumn('auto_submitted', 'text')
    .addColumn('document_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('smtp_response', 'text')
    .addColumn('bounce_details', 'text')
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addColumn('sending_at', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('bounced_at', 'text')
    .execute()
  await db.schema
    .createIndex('mail_outbox_recent')
    .on('mail_outbox')
    .columns(['municipality_id', 'queued_at'])
    .execute()
  await db.schema.createIndex('mail_outbox_subject').on('mail_outbox').columns(['subject_type', 'subject_id']).execute()

  await db.schema
    .createTable('mail_captures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('envelope_from', 'text', (c) => c.notNull())
    .addColumn('envelope_to', 'text', (c) => c.notNull())
    .addColumn('raw', binaryType(db), (c) => c.notNull())
    .addColumn('captured_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('mail_captures_recent')
    .on('mail_captures')
    .columns(['municipality_id', 'captured_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mail_captures').execute()
  await db.schema.dropTable('mail_outbox').execute()
}
