/** `radhus migrate` and `radhus seed demo`: bring the database up to date, and fill an empty one with the demo. */
import { ConfigError, loadConfig, redactUrl } from '../config.ts'
import { openDb } from '../db/index.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { demoLogins, seedDemoIfEmpty } from '../demo/seed.ts'
import { say, withDatabase } from './run.ts'

export async function migrate(): Promise<void> {
  // Not openConfigured(): it migrates silently, and this command exists to say what it applied.
  const config = loadConfig()
  const db = openDb(config.databaseUrl)
  try {
    const applied = await migrateToLatest(db).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error)
      throw new ConfigError(`DATABASE_URL ${redactUrl(config.databaseUrl)} could not be migrated: ${reason}`)
    })
    if (applied.length === 0) say('The database is up to date; no migrations were needed.')
    for (const name of applied) say(`Applied ${name}`)
  } finally {
    await db.destroy()
  }
}

export async function seedDemo(): Promise<void> {
  await withDatabase(async ({ config, db }) => {
    const logins = await seedDemoIfEmpty(db, config.mailDomain, config.baseUrl)
    if (!logins) {
      say('The database already has municipalities, so the demo was not seeded.')
      return
    }
    say(`Seeded the demo municipalities (${db.dialectName}). Demo logins (sign in at /login):`)
    for (const login of demoLogins()) {
      say(`  ${login.municipality.padEnd(13)} ${login.role.padEnd(11)} ${login.email.padEnd(32)} ${login.password}`)
    }
  })
}
