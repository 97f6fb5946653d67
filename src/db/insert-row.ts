/**
 * Inserts built and compiled once, run many times, for the hot write paths. Kysely builds an operation tree and
 * compiles it to SQL on every call: about 6 µs, as long as SQLite takes to run the insert itself, and the contact
 * centre's intake inserts half a dozen rows per request. An insert's SQL depends only on the dialect, the table,
 * the columns given and the conflict rule, so those are the key of the compiled text; each call binds its own
 * values (the statement itself is then prepared once too, see `cachePreparedStatements`).
 */
import { CompiledQuery, type Insertable } from 'kysely'
import { isPostgres } from './dialect.ts'
import type { Executor } from './index.ts'
import type { Database } from './schema.ts'

type Table = keyof Database & string

export interface InsertRowOptions<T extends Table> {
  /** `on conflict (…) do nothing`: the row is skipped when one with these values exists. */
  onConflictDoNothing?: readonly (keyof Database[T] & string)[]
}

const compiledSql = new Map<string, string>()

/**
 * Insert one row. Columns whose value is undefined are left out (their default applies), as with Kysely.
 * @example await insertRow(trx, 'journal', row)
 * @example await insertRow(trx, 'jobs', row, { onConflictDoNothing: ['dedupe_key'] })
 */
export async function insertRow<T extends Table>(
  executor: Executor,
  table: T,
  row: Insertable<Database[T]>,
  options: InsertRowOptions<T> = {},
): Promise<void> {
  const fields = row as Record<string, unknown>
  const columns = Object.keys(fields).filter((column) => fields[column] !== undefined)
  const values = columns.map((column) => fields[column])
  const conflict = options.onConflictDoNothing
  const key = `${isPostgres(executor) ? 'postgres' : 'sqlite'}|${table}|${columns}|${conflict ?? ''}`
  let text = compiledSql.get(key)
  if (text === undefined) {
    const insert = executor.insertInto(table).values(row as never)
    const query = conflict ? insert.onConflict((oc) => oc.columns(conflict as never).doNothing()) : insert
    const compiled = query.compile()
    // Kysely binds every value of a row as a parameter, in column order; anything else (a value turned into SQL)
    // would make the cached text wrong for the next row, so it is refused here, on the first call.
    if (compiled.parameters.length !== values.length || compiled.parameters.some((p, i) => p !== values[i]))
      throw new Error(`insertRow(${table}): a value was not bound as a parameter`)
    text = compiled.sql
    compiledSql.set(key, text)
  }
  await executor.executeQuery(CompiledQuery.raw(text, values))
}
