/**
 * Reference data that every request reads and an admin seldom changes (a municipality by its slug, its topics,
 * routing rules and deadlines), kept per process for a few seconds, so a page or an intake does not ask the
 * database for the same rows again and again. The store that writes such rows calls `forget`, so a change made
 * in this process is seen at once; another process (PostgreSQL, several app servers) sees it within
 * `REFERENCE_TTL_MS`. Entries are per database: tests open many, and a transaction shares its database's entries.
 */
import { LRUCache } from 'lru-cache'
import type { Executor } from './index.ts'

/** How stale another process's change may be seen: short enough that nobody waits for it on purpose. */
export const REFERENCE_TTL_MS = 5_000
const MAX_ENTRIES = 10_000

export interface ReferenceCache<V> {
  /** The cached value, or `load`'s (an undefined result, such as an unknown slug, is not kept). */
  get(db: Executor, key: string): Promise<V | undefined>
  /** Drop one key, or every key of this database. */
  forget(db: Executor, key?: string): void
}

/**
 * @example const bySlug = referenceCache((db, slug) => db.selectFrom('municipalities')…executeTakeFirst())
 *          await bySlug.get(db, 'demo-kommune')
 */
export function referenceCache<V extends object>(
  load: (db: Executor, key: string) => Promise<V | undefined>,
): ReferenceCache<V> {
  // Keyed by the dialect's adapter: one object per opened database, shared by its transactions.
  const caches = new WeakMap<object, LRUCache<string, V, Executor>>()
  const cacheOf = (db: Executor) => {
    const owner = db.getExecutor().adapter
    let cache = caches.get(owner)
    if (!cache) {
      cache = new LRUCache<string, V, Executor>({
        max: MAX_ENTRIES,
        ttl: REFERENCE_TTL_MS,
        fetchMethod: async (key, _stale, { context }) => load(context, key),
      })
      caches.set(owner, cache)
    }
    return cache
  }
  return {
    get: (db, key) => cacheOf(db).fetch(key, { context: db }),
    forget: (db, key) => {
      const cache = cacheOf(db)
      if (key === undefined) cache.clear()
      else cache.delete(key)
    },
  }
}
