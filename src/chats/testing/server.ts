/**
 * One app process for the two-process test: the real app on a PostgreSQL schema with its own LISTEN
 * connection, on a free port. Prints `port <n>`; on stdin, `publish <chat> <question> <user> <answer…>`
 * publishes that answer from this process and prints `published <seq>`.
 * Usage: node --import tsx src/chats/testing/server.ts <database url> <schema or ->
 */
import { createInterface } from 'node:readline'
import { loadConfig } from '../../config.ts'
import { openDb } from '../../db/index.ts'
import { buildApp } from '../../web/app.ts'
import { startLiveListener } from '../../web/live.ts'
import { loadChat, publishAnswer } from '../service.ts'

const [url, schemaArg] = process.argv.slice(2) as [string, string]
const schema = schemaArg === '-' ? undefined : schemaArg
const db = openDb(url, schema ? { schema, poolSize: 4 } : {})
const config = loadConfig({
  RADHUS_DATA_DIR: process.env.RADHUS_TEST_DATA_DIR ?? '/tmp/radhus-test-data',
  RADHUS_SECRET: 'test-secret-test-secret-test-secret-42',
  BASE_URL: 'http://localhost:3000',
  RATE_LIMITS: 'off',
  LOG_LEVEL: 'silent',
})
const app = await buildApp({ config, db, logger: false })
await app.listen({ port: 0, host: '127.0.0.1' })
const stopLive = await startLiveListener(db, url, schema)
const address = app.server.address()
process.stdout.write(`port ${typeof address === 'object' && address ? address.port : 0}\n`)

for await (const line of createInterface({ input: process.stdin })) {
  const [command, chatId, questionId, userId, ...words] = line.trim().split(' ')
  if (command !== 'publish') continue
  try {
    const row = await db
      .selectFrom('chat_sessions')
      .select('municipality_id')
      .where('id', '=', chatId as string)
      .executeTakeFirstOrThrow()
    const { chat } = await loadChat(db, row.municipality_id, chatId as string)
    const pair = await publishAnswer(
      db,
      chat,
      { type: 'user', id: userId as string },
      questionId as string,
      words.join(' '),
    )
    process.stdout.write(`published ${pair.seq}\n`)
  } catch (error) {
    process.stdout.write(`failed ${error instanceof Error ? error.message : String(error)}\n`)
  }
}
await stopLive()
await app.close()
await db.destroy()
