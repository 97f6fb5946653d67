/**
 * A journal writer in its own OS process, for the concurrency and crash tests.
 * Usage: node --import tsx test/durability/writer.ts <database-url> <schema|-> <municipality-id> <count> <label>
 * Each entry is its own transaction that reads first and then writes, like a real service call
 * (read the thing, change it, journal it), with a document on every third entry.
 * Prints "ready" once connected, waits for a line on stdin (so several writers start together), and
 * prints "done <count>" at the end; exits non-zero on any error.
 */
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { openDb } from '../../src/db/index.ts'
import { record } from '../../src/journal/service.ts'

const [url, schema, municipalityId, countText, label] = process.argv.slice(2)
if (!url || !schema || !municipalityId || !countText || !label) {
  process.stderr.write('usage: writer.ts <database-url> <schema|-> <municipality-id> <count> <label>\n')
  process.exit(2)
}
const count = Number(countText)
const db = openDb(url, schema === '-' ? { poolSize: 2 } : { schema, poolSize: 2 })

try {
  await db.selectFrom('journal_heads').select('seq').where('municipality_id', '=', municipalityId).execute()
  process.stdout.write('ready\n')
  const lines = createInterface({ input: process.stdin })
  await once(lines, 'line')
  lines.close()
  for (let i = 1; i <= count; i++) {
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('municipalities').select('id').where('id', '=', municipalityId).executeTakeFirstOrThrow()
      await record(trx, {
        municipalityId,
        actor: { type: 'system', id: label },
        action: 'test.entry.written',
        subject: { type: 'writer', id: label },
        summary: `${label} entry ${i}`,
        ...(i % 3 === 0 ? { documents: [{ body: `${label} document ${i}`, mediaType: 'text/plain' }] } : {}),
      })
    })
    if (i % 10 === 0) process.stdout.write(`wrote ${i}\n`)
  }
  process.stdout.write(`done ${count}\n`)
} finally {
  await db.destroy()
}
