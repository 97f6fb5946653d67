/**
 * What every command shares: the server's configuration and database, the CLI's journal actor, and
 * one way to fail. An operator sees one sentence and a non-zero exit, never a stack trace, for anything
 * they can fix (bad environment, unknown municipality, refused input); real crashes still show a stack.
 */
import { exitOnConfigError, openConfigured } from '../boot.ts'
import type { Config } from '../config.ts'
import { ConfigError } from '../config.ts'
import type { Db } from '../db/index.ts'
import { translator } from '../i18n/index.ts'
import type { Actor } from '../journal/service.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import { AppError } from '../web/errors.ts'

/** Changes made from the command line are journaled as the system, marked as coming from the CLI. */
export const CLI_ACTOR: Actor = { type: 'system', id: 'cli' }

/** A refusal the operator can act on; printed as one sentence, exit code 1. */
export class CliError extends Error {}

export const say = (line = ''): void => {
  process.stdout.write(`${line}\n`)
}

/** Print a refusal or configuration problem as one sentence and exit; rethrow anything else. */
export function exitOnKnownError(error: unknown): never {
  if (error instanceof ConfigError) exitOnConfigError(error)
  if (error instanceof CliError || error instanceof AppError) {
    const message = error instanceof AppError ? translator('en')(error.code, error.vars) : error.message
    process.stderr.write(`radhus: ${message}\n`)
    process.exit(1)
  }
  throw error
}

/** Run a command against the configured (and migrated) database, closing it afterwards. */
export async function withDatabase<T>(work: (ctx: { config: Config; db: Db }) => Promise<T>): Promise<T> {
  const { config, db } = await openConfigured()
  try {
    return await work({ config, db })
  } finally {
    await db.destroy()
  }
}

export async function municipalityBySlug(db: Db, slug: string) {
  const municipality = await findMunicipalityBySlug(db, slug)
  if (!municipality) throw new CliError(`There is no municipality with the slug "${slug}".`)
  return municipality
}
