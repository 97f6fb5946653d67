/** Runs the migrations in `migrations/` (files named NNNN_what.ts), in order, once each. */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'
import { isPostgres } from './dialect.ts'
import * as m0001 from './migrations/0001_foundation.ts'
import * as m0002 from './migrations/0002_staff_invitations.ts'
import * as m0003 from './migrations/0003_job_queue.ts'
import * as m0004 from './migrations/0004_mail_outbox.ts'
import * as m0005 from './migrations/0005_inquiries.ts'
import * as m0006 from './migrations/0006_inbox_search.ts'
import * as m0007 from './migrations/0007_canned_answers.ts'
import * as m0008 from './migrations/0008_inbound_email.ts'
import * as m0009 from './migrations/0009_routing_deadlines_answers.ts'
import * as m0010 from './migrations/0010_moderation.ts'
import * as m0011 from './migrations/0011_citizens.ts'
import * as m0012 from './migrations/0012_board.ts'
import * as m0013 from './migrations/0013_selfservice.ts'
import * as m0014 from './migrations/0014_chats.ts'
import * as m0015 from './migrations/0015_inbox_speed.ts'
import * as m0016 from './migrations/0016_dialogs.ts'
import * as m0017 from './migrations/0017_intake_speed.ts'
import type { Database } from './schema.ts'

// Listed explicitly rather than read from disk: works the same under tsx, vitest and a bundle.
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_staff_invitations': m0002,
  '0003_job_queue': m0003,
  '0004_mail_outbox': m0004,
  '0005_inquiries': m0005,
  '0006_inbox_search': m0006,
  '0007_canned_answers': m0007,
  '0008_inbound_email': m0008,
  '0009_routing_deadlines_answers': m0009,
  '0010_moderation': m0010,
  '0011_citizens': m0011,
  '0012_board': m0012,
  '0013_selfservice': m0013,
  '0014_chats': m0014,
  '0015_inbox_speed': m0015,
  '0016_dialogs': m0016,
  '0017_intake_speed': m0017,
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS }

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema unless told which; with one schema per
  // test file (or per tenant installation) it would find another schema's and skip creating its own.
  const migrationTableSchema = isPostgres(db)
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined
  const migrator = new Migrator({
    db: db as unknown as Kysely<unknown>,
    provider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
