/**
 * The chain under real conditions: separate OS processes writing at once, and a writer killed mid-way.
 * Each writer (test/durability/writer.ts) reads and then journals in one transaction per entry.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { forEachDialect, type TestDatabase } from '../testing/db.ts'
import { record, SYSTEM } from './service.ts'
import { seedChain } from './testing.ts'
import { verifyChain } from './verify.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const WRITER = 'test/durability/writer.ts'

interface Writer {
  child: ChildProcessWithoutNullStreams
  output: () => string
  /** Resolves when the writer has printed a line matching `pattern`. */
  printed: (pattern: RegExp) => Promise<void>
  exited: Promise<number | null>
}

function startWriter(database: TestDatabase, municipalityId: string, count: number, label: string): Writer {
  const args = ['--import', 'tsx', WRITER, database.url, database.schema ?? '-', municipalityId, String(count), label]
  const child = spawn(process.execPath, args, { cwd: ROOT })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const printed = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(out)) return resolve()
        if (child.exitCode !== null) return reject(new Error(`${label} exited early:\n${out}`))
        setTimeout(check, 20)
      }
      check()
    })
  return { child, output: () => out, printed, exited }
}

async function entriesBy(database: TestDatabase, municipalityId: string, label: string): Promise<number> {
  const row = await database.db
    .selectFrom('journal')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('municipality_id', '=', municipalityId)
    .where('actor_id', '=', label)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

forEachDialect('journal under concurrent processes', (current) => {
  it('two processes writing 200 entries each at once make one valid chain of all 400', {
    timeout: 90_000,
  }, async () => {
    const database = current()
    const m = await seedChain(database.db, 'concurrent', 0)
    const writers = [startWriter(database, m.id, 200, 'A'), startWriter(database, m.id, 200, 'B')]
    await Promise.all(writers.map((w) => w.printed(/^ready$/m)))
    for (const w of writers) w.child.stdin.end('go\n') // both start writing together
    const codes = await Promise.all(writers.map((w) => w.exited))
    expect(codes, writers.map((w) => w.output()).join('\n')).toEqual([0, 0])

    expect(await entriesBy(database, m.id, 'A')).toBe(200)
    expect(await entriesBy(database, m.id, 'B')).toBe(200)
    const result = await verifyChain(database.db, m.id)
    expect(result).toMatchObject({ ok: true, checked: 401 })
    // Every third entry of each writer had a document; all were stored and check out.
    expect(result.documentsChecked).toBe(132)
  })
})

forEachDialect('journal after a writer is killed', (current) => {
  it('a writer SIGKILLed mid-way leaves a chain that verifies and can go on', { timeout: 90_000 }, async () => {
    const database = current()
    const m = await seedChain(database.db, 'crash', 0)
    const writer = startWriter(database, m.id, 100_000, 'K')
    await writer.printed(/^ready$/m)
    writer.child.stdin.end('go\n')
    await writer.printed(/^wrote 50$/m)
    writer.child.kill('SIGKILL')
    expect(await writer.exited).toBeNull()
    expect(writer.child.signalCode).toBe('SIGKILL')

    const afterCrash = await verifyChain(database.db, m.id)
    expect(afterCrash.ok, JSON.stringify(afterCrash.problem)).toBe(true)
    expect(afterCrash.checked).toBeGreaterThan(50)
    expect(afterCrash.checked).toBe(1 + (await entriesBy(database, m.id, 'K')))

    await database.db.transaction().execute((trx) =>
      record(trx, {
        municipalityId: m.id,
        actor: SYSTEM,
        action: 'test.after.crash',
        subject: { type: 'thing', id: 'after' },
        summary: 'Written after the crash',
      }),
    )
    expect(await verifyChain(database.db, m.id)).toMatchObject({ ok: true, checked: afterCrash.checked + 1 })
  })
})
