/**
 * The contact centre: topics a citizen can write about, inquiries from every channel, their messages
 * and attachments (bodies are journal documents, addressed by SHA-256), the per-year reference counter,
 * and short-lived provisional uploads that keep a citizen's accepted files while a form is corrected.
 * The indexes serve the inbox: a queue sorted by due date, filtered by status, assignee, topic, channel.
 */
import type { Kysely } from 'kysely'
import { binaryType } from '../dialect.ts'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inquiry_topics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name_da', 'text', (c) => c.notNull())
    .addColumn('name_sv', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    // Null: the contact centre's own queue.
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    // Null: the default deadline.
    .addColumn('answer_days', 'integer')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inquiry_topics_slug', ['municipality_id', 'slug'])
    .execute()

  await db.schema
    .createTable('inquiry_counters')
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('inquiry_counters_pk', ['municipality_id', 'year'])
    .execute()

  await db.schema
    .createTable('inquiries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('topic_id', 'text', (c) => c.references('inquiry_topics.id'))
    // The queue: a department, or null for the contact centre.
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('citizen_name', 'text', (c) => c.notNull())
    .addColumn('citizen_email', 'text')
    .addColumn('citizen_phone', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('status_token_hash', 'text', (c) => c.notNull().unique())
    // Rides on the inbound address (`<slug>+<token>@…`) so a citizen's reply finds its inquiry.
    .addColumn('reply_token', 'text', (c) => c.notNull().unique())
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('registered_by', 'text', (c) => c.references('users.id'))
    .addColumn('closed_at', 'text')
    .addColumn('resolution', 'text')
    .addColumn('resolution_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inquiries_reference', ['municipality_id', 'reference'])
    .execute()
  const inquiryIndexes: [string, string[]][] = [
    ['inquiries_queue_due', ['municipality_id', 'department_id', 'status', 'due_at']],
    ['inquiries_status_due', ['municipality_id', 'status', 'due_at']],
    ['inquiries_assignee', ['municipality_id', 'assignee_id', 'status', 'due_at']],
    ['inquiries_topic', ['municipality_id', 'topic_id', 'status']],
    ['inquiries_channel', ['municipality_id', 'channel', 'status']],
    ['inquiries_received', ['municipality_id', 'received_at']],
    ['inquiries_citizen_email', ['municipality_id', 'citizen_email']],
  ]
  for (const [name, columns] of inquiryIndexes) {
    await db.schema.createIndex(name).on('inquiries').columns(columns).execute()
  }

  await db.schema
    .createTable('inquiry_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inquiry_id', 'text', (c) => c.notNull().references('inquiries.id'))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    // in: from the citizen; out: to the citizen; note: internal, never shown to the citizen.
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('document_hash', 'text', (c) => c.notNull())
    // E-mail threading and delivery, filled by the mail channel.
    .addColumn('email_message_id', 'text')
    .addColumn('delivery', 'text')
    .execute()
  await db.schema
    .createIndex('inquiry_messages_thread')
    .on('inquiry_messages')
    .columns(['inquiry_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('inquiry_messages_email_id')
    .on('inquiry_messages')
    .columns(['municipality_id', 'email_message_id'])
    .execute()

  await db.schema
    .createTable('inquiry_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inquiry_id', 'text', (c) => c.notNull().references('inquiries.id'))
    .addColumn('message_id', 'text', (c) => c.notNull().references('inquiry_messages.id'))
    .addColumn('municipality_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('inquiry_attachments_document', ['municipality_id', 'sha256'], 'documents', [
      'municipality_id',
      'hash',
    ])
    .execute()
  await db.schema
    .createIndex('inquiry_attachments_message')
    .on('inquiry_attachments')
    .columns(['message_id', 'position'])
    .execute()

  await db.schema
    .createTable('inquiry_uploads')
    // An unguessable token: the form's hidden field refers to it.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('body', binaryType(db), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('inquiry_uploads_expiry').on('inquiry_uploads').column('expires_at').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'inquiry_uploads',
    'inquiry_attachments',
    'inquiry_messages',
    'inquiries',
    'inquiry_counters',
    'inquiry_topics',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
