import { sql } from 'kysely'
import { expect, it, vi } from 'vitest'
import { forEachDialect } from '../testing/db.ts'
import { newId, nowIso } from './index.ts'
import { insertRow } from './insert-row.ts'
import type { JobTable } from './schema.ts'

const job = (dedupeKey: string | null): JobTable => ({
  id: newId(),
  municipality_id: null,
  kind: 'probe',
  payload: JSON.stringify({ dedupeKey }),
  status: 'queued',
  run_at: nowIso(),
  attempts: 0,
  max_attempts: 3,
  locked_until: null,
  last_error: null,
  dedupe_key: dedupeKey,
  created_at: nowIso(),
  finished_at: null,
})

forEachDialect('insertRow', (current) => {
  it('builds an insert once and binds each row of the same shape to it', async () => {
    const { db } = current()
    const build = vi.spyOn(db, 'insertInto')
    const rows = [job('p1'), job('p2'), job('p3')]
    for (const row of rows) await insertRow(db, 'jobs', row)
    // Built once per process and dialect: an earlier test file's rows of this shape may have built it already.
    expect(build.mock.calls.length).toBeLessThanOrEqual(1)
    build.mockRestore()
    const stored = await db.selectFrom('jobs').selectAll().where('kind', '=', 'probe').orderBy('dedupe_key').execute()
    expect(stored.map((r) => [r.id, r.dedupe_key, r.payload])).toEqual(rows.map((r) => [r.id, r.dedupe_key, r.payload]))
  })

  it('leaves out undefined columns and skips a conflicting row when asked to', async () => {
    const { db } = current()
    const first = job('q1')
    await insertRow(db, 'jobs', { ...first, finished_at: undefined }, { onConflictDoNothing: ['dedupe_key'] })
    await insertRow(db, 'jobs', { ...job('q1'), kind: 'second' }, { onConflictDoNothing: ['dedupe_key'] })
    const stored = await db.selectFrom('jobs').selectAll().where('dedupe_key', '=', 'q1').execute()
    expect(stored).toMatchObject([{ id: first.id, kind: 'probe', finished_at: null }])
    await expect(insertRow(db, 'jobs', { ...job('q1'), kind: 'third' })).rejects.toThrow()
  })

  it('refuses a value that Kysely would write into the SQL instead of binding it', async () => {
    const { db } = current()
    // A shape of its own (no last_error), so its text is not cached yet and this is its first build.
    const row = { ...job('r1'), last_error: undefined, created_at: sql<string>`'2026-01-01T00:00:00.000Z'` }
    await expect(insertRow(db, 'jobs', row as never)).rejects.toThrow(/not bound as a parameter/)
  })
})
