/** Test helpers for the journal: build a chain, and switch off the append-only guard to tamper with it. */
import { sql } from 'kysely'
import type { Db } from '../db/index.ts'
import { createMunicipality } from '../municipalities/service.ts'
import { record, SYSTEM } from './service.ts'

/**
 * A municipality with `count` entries after its creation entry; every third one refers to a document.
 * Entry seq 1 is `municipality.created`, so test entry i has seq i + 1.
 */
export async function seedChain(db: Db, slug: string, count: number) {
  const municipality = await createMunicipality(db, SYSTEM, {
    slug,
    name: `Tamper ${slug}`,
    country: 'DK',
    defaultLanguage: 'da',
    timeZone: 'Europe/Copenhagen',
  })
  for (let i = 1; i <= count; i++) {
    await db.transaction().execute((trx) =>
      record(trx, {
        municipalityId: municipality.id,
        actor: SYSTEM,
        action: 'test.entry.written',
        subject: { type: 'thing', id: String(i) },
        summary: `Entry number ${i}`,
        ...(i % 3 === 0 ? { documents: [{ body: `Document for entry ${i}`, mediaType: 'text/plain' }] } : {}),
      }),
    )
  }
  return municipality
}

/** Drop the database's refusal of UPDATE and DELETE on the journal, as an attacker with table rights would. */
export async function allowJournalRewrites(db: Db): Promise<void> {
  if (db.dialectName === 'postgres') {
    await sql`ALTER TABLE journal DISABLE TRIGGER journal_no_update`.execute(db)
    return
  }
  await sql`DROP TRIGGER IF EXISTS journal_no_update`.execute(db)
  await sql`DROP TRIGGER IF EXISTS journal_no_delete`.execute(db)
}

/** The same text with its first character's lowest bit flipped: one byte different. */
export const flipFirstByte = (text: string): string =>
  String.fromCharCode((text.codePointAt(0) ?? 0) ^ 1) + text.slice(1)

export async function flipDocumentByte(db: Db, municipalityId: string, hash: string): Promise<void> {
  const doc = await db
    .selectFrom('documents')
    .select('body')
    .where('municipality_id', '=', municipalityId)
    .where('hash', '=', hash)
    .executeTakeFirstOrThrow()
  const body = Uint8Array.from(doc.body ?? [])
  body[0] = (body[0] ?? 0) ^ 1
  await db
    .updateTable('documents')
    .set({ body })
    .where('municipality_id', '=', municipalityId)
    .where('hash', '=', hash)
    .execute()
}
