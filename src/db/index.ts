/**
 * The database kernel: one Kysely instance over SQLite (embedded default) or PostgreSQL.
 * Features receive a `Db` and pass a `Trx` to their stores, so a write outside a transaction
 * does not type-check where a store demands one.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type Transaction,
  type TransactionSettings,
} from 'kysely'
import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import type { Database } from './schema.ts'

export type DialectName = 'sqlite' | 'postgres'
export type Db = Kysely<Database> & { readonly dialectName: DialectName }
export type Trx = Transaction<Database>
export type Executor = Kysely<Database> | Transaction<Database>

export interface OpenOptions {
  /** PostgreSQL only: the schema to work in (tests give each file its own). */
  schema?: string
  /** PostgreSQL only: pool size. */
  poolSize?: number
}

export function dialectOf(url: string): DialectName {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres'
}

/**
 * SQLite transactions take the write lock at BEGIN (BEGIN IMMEDIATE), where busy_timeout applies.
 * With a plain (deferred) BEGIN, a transaction that reads and then writes while another process has
 * committed in between fails at once with SQLITE_BUSY: its snapshot is stale, so SQLite cannot wait.
 * Every service transaction writes, so they all start immediate; a transaction marked read only
 * (`db.transaction().setAccessMode('read only')`, e.g. journal verification) stays deferred and
 * reads one consistent snapshot without blocking writers in other processes.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    const begin = settings?.accessMode === 'read only' ? 'begin deferred' : 'begin immediate'
    await connection.executeQuery(CompiledQuery.raw(begin))
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SQLite.Database
  constructor(database: SQLite.Database) {
    super({ database })
    this.#database = database
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database })
  }
}

function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const database = new SQLite(file)
  // WAL lets readers go on while one writer commits; NORMAL sync is safe with WAL (no corruption on a crash,
  // at most the last transaction is lost on power failure); busy_timeout makes a second process wait, not fail.
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  database.pragma('busy_timeout = 5000')
  database.pragma('foreign_keys = ON')
  // Reads through a memory map instead of a read() call per page: the inbox's searches probe thousands of
  // rows at random. Only an address-space reservation (the OS shares the pages with its file cache).
  database.pragma(`mmap_size = ${MMAP_BYTES}`)
  cachePreparedStatements(database)
  const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(database) })
  handles.set(kysely, database)
  return kysely
}

const handles = new WeakMap<object, SQLite.Database>()

/** The better-sqlite3 connection under a SQLite database (for its own pragmas); undefined for PostgreSQL. */
export const sqliteHandle = (db: Db): SQLite.Database | undefined => handles.get(db)

const STATEMENT_CACHE_SIZE = 1000
const MMAP_BYTES = 256 * 1024 * 1024

/**
 * Kysely prepares every query anew, and preparing costs about as much as running a small query.
 * better-sqlite3 statements are reusable (Kysely runs one query at a time on its single connection),
 * so the most recent ones are kept by their SQL text.
 */
function cachePreparedStatements(database: SQLite.Database): void {
  const prepare = database.prepare.bind(database)
  const statements = new Map<string, SQLite.Statement>()
  database.prepare = ((source: string) => {
    let statement = statements.get(source)
    if (statement) {
      // Move to the end so the least recently used statement is the one dropped.
      statements.delete(source)
    } else {
      statement = prepare(source)
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string)
    }
    statements.set(source, statement)
    return statement
  }) as typeof database.prepare
}

function openPostgres(url: string, options: OpenOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  })
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

/**
 * Open the database named by a URL.
 * @example const db = openDb('sqlite:./data/radhus.db')
 */
export function openDb(url: string, options: OpenOptions = {}): Db {
  const dialectName = dialectOf(url)
  const kysely = dialectName === 'sqlite' ? openSqlite(url.slice('sqlite:'.length)) : openPostgres(url, options)
  return Object.assign(kysely, { dialectName }) as Db
}

/**
 * A new row id: a UUID whose first 48 bits are the time (version 7, RFC 9562). Rows created together sit
 * together in every index keyed by id, so a transaction dirties (and the WAL writes) a few pages instead of
 * one page per row and index; a random (version 4) id scattered an intake's rows over the whole b-tree. Ids
 * are not secrets (links that must not be guessed use `newSecret`), so the time they carry gives nothing away
 * that the row's own timestamps do not.
 */
export const newId = (): string => uuidv7()
export const nowIso = (): string => new Date().toISOString()
