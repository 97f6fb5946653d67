/** Shared by the server and the CLI: read the configuration and open a migrated database. */
import { type Config, ConfigError, loadConfig, redactUrl } from './config.ts'
import { type Db, openDb } from './db/index.ts'
import { migrateToLatest } from './db/migrate.ts'

export async function openConfigured(): Promise<{ config: Config; db: Db }> {
  const config = loadConfig()
  const db = openDb(config.databaseUrl)
  try {
    await migrateToLatest(db)
  } catch (error) {
    await db.destroy().catch(() => {})
    const reason = error instanceof Error ? error.message : String(error)
    throw new ConfigError(`DATABASE_URL ${redactUrl(config.databaseUrl)} could not be opened and migrated: ${reason}`)
  }
  return { config, db }
}

/** Print a configuration problem as one sentence and exit; anything else is a real crash. */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`radhus: ${error.message}\n`)
    process.exit(78) // EX_CONFIG
  }
  throw error
}
