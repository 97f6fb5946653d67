/**
 * E-mail into the contact centre: each municipality's mail settings (its inbound address and an
 * optional IMAP mailbox to poll, the password sealed with a key derived from RADHUS_SECRET), and one
 * row per inbound message received, whatever became of it. The row's unique dedupe key (Message-ID,
 * or the SHA-256 of the raw bytes) makes a second delivery of the same message change nothing; the
 * raw message itself is a journal document, referred to by its hash.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('email_settings')
    .addColumn('municipality_id', 'text', (c) => c.primaryKey().references('municipalities.id'))
    // Null: the default `<slug>@<MAIL_DOMAIN>`, which is always accepted as well.
    .addColumn('inbound_address', 'text')
    // The topic new e-mail inquiries get (mail has no topic picker); null: the first active topic.
    .addColumn('topic_id', 'text', (c) => c.references('inquiry_topics.id'))
    .addColumn('imap_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imap_host', 'text')
    .addColumn('imap_port', 'integer')
    .addColumn('imap_secure', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('imap_user', 'text')
    // AES-256-GCM, never the password itself.
    .addColumn('imap_password', 'text')
    .addColumn('imap_mailbox', 'text')
    .addColumn('imap_poll_minutes', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('email_settings_address').on('email_settings').column('inbound_address').execute()

  await db.schema
    .createTable('inbound_mails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    // smtp, api or imap.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('envelope_from', 'text')
    .addColumn('envelope_to', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('raw_hash', 'text', (c) => c.notNull())
    // loop, bounce, auto_reply, bulk, human; null when the message could not be read.
    .addColumn('class', 'text')
    .addColumn('class_reason', 'text')
    .addColumn('thread_by', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('parse_error', 'text')
    .addColumn('inquiry_id', 'text', (c) => c.references('inquiries.id'))
    .addColumn('inquiry_message_id', 'text', (c) => c.references('inquiry_messages.id'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inbound_mails_dedupe', ['municipality_id', 'dedupe_key'])
    .execute()
  await db.schema
    .createIndex('inbound_mails_received')
    .on('inbound_mails')
    .columns(['municipality_id', 'received_at'])
    .execute()
  await db.schema.createIndex('inbound_mails_inquiry').on('inbound_mails').column('inquiry_id').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('inbound_mails').execute()
  await db.schema.dropTable('email_settings').execute()
}
