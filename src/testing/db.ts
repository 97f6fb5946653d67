/**
 * Test databases. Each test file gets its own: a temporary SQLite file, or a fresh PostgreSQL schema
 * (when TEST_DATABASE_URL is set), so files run in parallel without seeing each other's rows.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe } from 'vitest'
import { type Db, type DialectName, openDb } from '../db/index.ts'
import { migrateToLatest } from '../db/migrate.ts'

export const DIALECTS: DialectName[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']

export interface TestDatabase {
  db: Db
  /** The URL a second process (or a second pool) can open to reach the same data. */
  url: string
  schema?: string
  cleanup: () => Promise<void>
}

export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'radhus-test-'))
    const url = `sqlite:${path.join(dir, 'test.db')}`
    const db = openDb(url)
    await migrateToLatest(db)
    return {
      db,
      url,
      cleanup: async () => {
        await db.destroy()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const url = process.env.TEST_DATABASE_URL as string
  const schema = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const db = openDb(url, { schema, poolSize: 5 })
  await migrateToLatest(db)
  return {
    db,
    url,
    schema,
    cleanup: async () => {
      await db.destroy()
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`DROP SCHEMA ${schema} CASCADE`)
      await c.end()
    },
  }
}

/**
 * Run a suite once per database dialect under test, with a fresh database per dialect.
 * @example forEachDialect('journal', (ctx) => { it('records', async () => { await record(ctx().db, ...) }) })
 */
export function forEachDialect(name: string, suite: (current: () => TestDatabase) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      let database: TestDatabase | undefined
      beforeAll(async () => {
        database = await createTestDatabase(dialect)
      })
      afterAll(async () => {
        await database?.cleanup()
      })
      suite(() => {
        if (!database) throw new Error('test database not ready')
        return database
      })
    })
  }
}
