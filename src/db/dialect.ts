/** The few places where SQLite and PostgreSQL differ, named once. */
import { type Kysely, PostgresAdapter } from 'kysely'

/** Anything that runs queries: a Kysely instance or a transaction, over any schema. */
interface QueryRunner {
  getExecutor(): { readonly adapter: unknown }
}

export function isPostgres(db: QueryRunner): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

export function binaryType(db: Kysely<unknown>): 'bytea' | 'blob' {
  return isPostgres(db) ? 'bytea' : 'blob'
}
