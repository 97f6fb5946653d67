/**
 * Counters a transaction holds the lock on, remembered for the rest of that transaction. A counter row (the
 * journal's head, a yearly reference counter) is claimed with an UPDATE, which locks the row until the
 * transaction ends (on SQLite the whole database is locked from BEGIN IMMEDIATE). Nobody else can move it
 * meanwhile, so when the same transaction claims it again (intakes sharing a commit, see group-commit.ts) it
 * counts on in memory and writes the row once, before the commit (`atCommit`), instead of locking, reading and
 * writing the row for every claim. Valid only while every claim of that row goes through the same holder.
 */
import type { Trx } from './index.ts'

export class HeldInTransaction<V> {
  readonly #held = new WeakMap<Trx, Map<string, V>>()

  /** What this transaction holds under `key`; undefined before its first claim. */
  get(trx: Trx, key: string): V | undefined {
    return this.#held.get(trx)?.get(key)
  }

  /** Remember `value`, just read under the row's lock, for the rest of the transaction (only in one). */
  hold(trx: Trx, key: string, value: V): V {
    // Outside a transaction nothing stays locked: the next claim must read the row again.
    if (!trx.isTransaction) return value
    let held = this.#held.get(trx)
    if (!held) {
      held = new Map()
      this.#held.set(trx, held)
    }
    held.set(key, value)
    return value
  }
}
