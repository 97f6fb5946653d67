/**
 * Citizens who post in public: a display name and an e-mail address per municipality, verified by a
 * one-time link; the links themselves (only their SHA-256 is kept, each usable once, with an expiry);
 * and citizens' browser sessions (again only the hash of the cookie's secret).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('citizens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    // Lower-cased, so one address is one citizen. Never shown publicly.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('citizens_email', ['municipality_id', 'email'])
    .execute()

  await db.schema
    .createTable('citizen_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('citizen_id', 'text', (c) => c.notNull().references('citizens.id'))
    .addColumn('municipality_id', 'text', (c) => c.notNull().references('municipalities.id'))
    // 'verify' (a first post waits for it) or 'sign_in'.
    .addColumn('purpose', 'text', (c) => c.notNull())
    // Where to go after the link is used (a path on this site).
    .addColumn('next_path', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute()
  await db.schema.createIndex('citizen_links_citizen').on('citizen_links').columns(['citizen_id']).execute()

  await db.schema
    .createTable('citizen_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('citizen_id', 'text', (c) => c.notNull().references('citizens.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('citizen_sessions_citizen').on('citizen_sessions').columns(['citizen_id']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('citizen_sessions').execute()
  await db.schema.dropTable('citizen_links').execute()
  await db.schema.dropTable('citizens').execute()
}
