/**
 * Group commit on SQLite, for the hot write paths (the contact centre's intake, self-service submissions).
 * SQLite has one writer and Kysely one connection, so concurrent intakes run one transaction after another
 * anyway, and each commit writes every page it touched (the inquiry, its search index, the journal, the
 * outbox, the job) to the WAL. Intakes that arrive while a transaction is open wait and then share the next
 * one: the pages they share are written once, and the full-text index writes one segment for all of them
 * instead of one each (FTS5 keeps a transaction's new rows in memory until the commit; a SAVEPOINT per
 * intake would flush them, so there is none). Work given to one batcher must not depend on other work's
 * rows being committed (it sees them, uncommitted, in the shared transaction).
 *
 * Each intake is still all or nothing: when any intake in a shared transaction fails, the whole transaction
 * rolls back and every intake of it runs again alone, in its own transaction, so only the failing one
 * fails. No promise resolves before the COMMIT that stored it, so a 201 still means "stored". With one
 * request at a time a batch is one intake, an ordinary transaction.
 *
 * Work that is cheaper once per commit than once per call (the inbox's search index: FTS5 writes a segment
 * at every statement savepoint) is handed to `atCommit` and runs once for the whole transaction, last.
 *
 * PostgreSQL has real concurrency (a pool), so there each call is its own transaction.
 */
import { isPostgres } from './dialect.ts'
import type { Db, Trx } from './index.ts'

/** Enough to share a commit among a busy minute's intakes, few enough to keep each wait short. */
const MAX_BATCH = 32

/** What `atCommit` collected in one of this module's transactions: each flush with its items. */
type Flush<I> = (trx: Trx, items: I[]) => Promise<void>
const collected = new WeakMap<Trx, Map<Flush<never>, unknown[]>>()

/** A transaction that runs what `atCommit` collected in it after `work`, before the commit. */
function collectingTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const flushes = new Map<Flush<never>, unknown[]>()
    collected.set(trx, flushes)
    const result = await work(trx)
    // Taken out before it runs, so a flush that hands on more work (a flush that writes the journal, whose head
    // is itself written by a flush) gets that work run too.
    for (const [flush, items] of flushes) {
      flushes.delete(flush)
      await flush(trx, items as never[])
    }
    return result
  })
}

/**
 * Hand `item` to `flush`, which runs once with every item of the transaction just before it commits, when `trx`
 * is one of `inGroupTransaction`'s; in any other transaction `flush` runs at once with this item alone. `flush`
 * is the key, so give a module-level function. Nothing in the transaction may depend on the flush having run.
 * @example await atCommit(trx, indexInquiries, { inquiryId, fresh: true })
 */
export async function atCommit<I>(trx: Trx, flush: Flush<I>, item: I): Promise<void> {
  const flushes = collected.get(trx)
  if (!flushes) return flush(trx, [item])
  const items = flushes.get(flush as Flush<never>)
  if (items) items.push(item)
  else flushes.set(flush as Flush<never>, [item])
}

interface Waiting {
  work: (trx: Trx) => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

class Batcher {
  #waiting: Waiting[] = []
  #running = false
  constructor(readonly db: Db) {}

  run<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ work, resolve: resolve as (value: unknown) => void, reject })
      if (this.#running) return
      this.#running = true
      // Start after the requests read in this turn of the event loop have reached here too. A transaction on
      // SQLite never waits for I/O, so without this pause it would run and commit before the next request's
      // bytes were even parsed, and every commit would hold one intake.
      setImmediate(() => void this.#drain())
    })
  }

  async #drain(): Promise<void> {
    try {
      while (this.#waiting.length) await this.#commit(this.#waiting.splice(0, MAX_BATCH))
    } finally {
      this.#running = false
    }
  }

  async #commit(batch: Waiting[]): Promise<void> {
    if (batch.length > 1) {
      let values: unknown[] | undefined
      try {
        values = await collectingTransaction(this.db, async (trx) => {
          const done: unknown[] = []
          for (const item of batch) done.push(await item.work(trx))
          return done
        })
      } catch {
        // Someone's intake failed and took the shared transaction with it: each runs again alone, below.
      }
      if (values) {
        for (const [i, item] of batch.entries()) item.resolve(values[i])
        return
      }
    }
    for (const item of batch) await collectingTransaction(this.db, item.work).then(item.resolve, item.reject)
  }
}

const batchers = new WeakMap<Db, Batcher>()

/**
 * Run `work` in a transaction, on SQLite shared with other intakes waiting at the same time.
 * @example const row = await inGroupTransaction(db, (trx) => store.insertInquiry(trx, row))
 */
export function inGroupTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  if (isPostgres(db)) return collectingTransaction(db, work)
  let batcher = batchers.get(db)
  if (!batcher) {
    batcher = new Batcher(db)
    batchers.set(db, batcher)
  }
  return batcher.run(work)
}
