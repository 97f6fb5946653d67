import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_MUNICIPALITIES } from '../demo/data.ts'
import { seedDemo } from '../demo/seed.ts'
import { journalActions, municipalityIdOf } from '../identity/testing.ts'
import { DK, SE } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { AppError } from '../web/errors.ts'
import { houseRulesVersion, moderationSettings, publishHouseRules, saveModerationSettings } from './rules.ts'
import { currentHouseRules, type ModerationMode, submitForModeration } from './service.ts'
import { freshAuthor, submission, submit } from './testing.ts'

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

forEachDialect('moderation: submitting posts', (ctx) => {
  let dk = ''
  let se = ''
  beforeAll(async () => {
    await seedDemo(ctx().db)
    dk = await municipalityIdOf(ctx().db, DK)
    se = await municipalityIdOf(ctx().db, SE)
  })

  const clean = 'Hvornår bliver haveaffaldet hentet i år?'
  const withCpr = 'Mit CPR er 070761-4285, hvornår får jeg svar?'
  const withPhone = 'Ring til mig på 20 30 40 50'
  const cases: [ModerationMode, string, 'pending' | 'published'][] = [
    ['pre', clean, 'pending'],
    ['pre', withPhone, 'pending'],
    ['post', clean, 'published'],
    ['post', withPhone, 'published'],
    ['post', withCpr, 'pending'],
    ['flagged', clean, 'published'],
    ['flagged', withPhone, 'pending'],
    ['flagged', withCpr, 'pending'],
  ]
  for (const [mode, text, state] of cases) {
    it(`${mode} mode: "${text.slice(0, 24)}…" is ${state}`, async () => {
      const result = await submit(ctx().db, submission(dk, { mode, text }))
      expect(result.state).toBe(state)
    })
  }

  it('never publishes a post with an identity number, whatever the mode, and says why', async () => {
    for (const mode of ['pre', 'post', 'flagged'] as const) {
      const result = await submit(ctx().db, submission(se, { mode, language: 'sv', text: 'Mitt nr 19640823-3234' }))
      expect(result.state).toBe('pending')
      expect(result.findings).toContainEqual(
        expect.objectContaining({ check: 'identity_number', rule: 'no-personal-data', neverPublic: true }),
      )
    }
  })

  it('records the item with the text as a journal document, in the caller’s transaction', async () => {
    const db = ctx().db
    const result = await submit(db, submission(dk, { text: withPhone }))
    expect(await journalActions(db, dk, result.itemId)).toEqual(['moderation.item.submitted'])
    const entry = await db
      .selectFrom('journal')
      .select(['summary', 'documents'])
      .where('subject_id', '=', result.itemId)
      .executeTakeFirstOrThrow()
    expect(entry.summary).not.toContain('20 30 40 50')
    const [hash] = JSON.parse(entry.documents) as string[]
    const doc = await db
      .selectFrom('documents')
      .select('body')
      .where('hash', '=', hash as string)
      .executeTakeFirstOrThrow()
    expect(new TextDecoder().decode(doc.body as Uint8Array)).toBe(withPhone)
    const item = await db
      .selectFrom('moderation_items')
      .selectAll()
      .where('id', '=', result.itemId)
      .executeTakeFirstOrThrow()
    expect(item).toMatchObject({ state: 'pending', kind: 'test.post', mode: 'flagged', reports_count: 0 })
    expect(JSON.parse(item.findings)).toEqual(result.findings)
  })

  it('stores nothing when the caller’s transaction rolls back', async () => {
    const db = ctx().db
    const input = submission(dk)
    await db
      .transaction()
      .execute(async (trx) => {
        await submitForModeration(trx, input)
        throw new Error('the source failed')
      })
      .catch(() => {})
    const rows = await db
      .selectFrom('moderation_items')
      .select('id')
      .where('subject_id', '=', input.subjectId)
      .execute()
    expect(rows).toEqual([])
  })

  it('uses the municipality’s blocklist in the post’s language', async () => {
    const result = await submit(ctx().db, submission(dk, { text: 'Køb nu, billigt!' }))
    expect(result.findings).toContainEqual(expect.objectContaining({ check: 'blocklist', rule: 'no-commercial' }))
    expect(result.state).toBe('pending')
  })

  it('finds a repeated identical post by the same author, not by another', async () => {
    const db = ctx().db
    const who = freshAuthor()
    const first = await submit(db, submission(dk, { author: who, text: clean }))
    expect(first.findings).toEqual([])
    const again = await submit(db, submission(dk, { author: who, text: clean }))
    expect(again.findings).toEqual([{ check: 'repeated', rule: 'concise', neverPublic: false }])
    expect(again.state).toBe('pending')
    const other = await submit(db, submission(dk, { text: clean }))
    expect(other.findings).toEqual([])
  })

  it('refuses an author past the posting rate with 429 moderation.rate_limited', async () => {
    const db = ctx().db
    const settings = await moderationSettings(db, dk)
    const who = freshAuthor()
    for (let i = 0; i < settings.rateLimitPosts; i++) {
      await submit(db, submission(dk, { author: who, text: `Spørgsmål nummer ${i}` }))
    }
    const error = await refusal(submit(db, submission(dk, { author: who, text: 'Et til' })))
    expect(error).toMatchObject({ status: 429, code: 'moderation.rate_limited' })
    // Another author is not held back.
    await submit(db, submission(dk, { text: 'Et til' }))
  })

  it('refuses a blocked author with 403 moderation.author_blocked until the block ends', async () => {
    const db = ctx().db
    const who = freshAuthor()
    const at = new Date().toISOString()
    await db
      .insertInto('moderation_blocks')
      .values([
        {
          id: 'b-past',
          municipality_id: dk,
          author_key: who.key,
          until: '2020-01-01T00:00:00.000Z',
          rule: 'no-threats',
          reason: null,
          item_id: null,
          blocked_by: null,
          created_at: at,
        },
      ])
      .execute()
    await submit(db, submission(dk, { author: who }))
    await db
      .insertInto('moderation_blocks')
      .values({
        id: 'b-now',
        municipality_id: dk,
        author_key: who.key,
        until: '2999-01-01T00:00:00.000Z',
        rule: 'no-threats',
        reason: null,
        item_id: null,
        blocked_by: null,
        created_at: at,
      })
      .execute()
    const error = await refusal(submit(db, submission(dk, { author: who })))
    expect(error).toMatchObject({ status: 403, code: 'moderation.author_blocked', vars: { until: '2999-01-01' } })
    // The block is per municipality.
    await submit(db, submission(se, { author: who, language: 'sv' }))
  })
})

forEachDialect('moderation: house rules', (ctx) => {
  let dk = ''
  beforeAll(async () => {
    await seedDemo(ctx().db)
    dk = await municipalityIdOf(ctx().db, DEMO_MUNICIPALITIES[0] as (typeof DEMO_MUNICIPALITIES)[number])
  })

  it('seeds version 1 in Danish, Swedish and English with every rule the seeds list', async () => {
    for (const language of ['da', 'sv', 'en'] as const) {
      const rules = await currentHouseRules(ctx().db, dk, language)
      expect(rules).toMatchObject({ version: 1, language })
      expect(rules.rules.map((r) => r.code)).toEqual([
        'concise',
        'no-capitals',
        'no-hate',
        'no-discrimination',
        'no-commercial',
        'no-copyright',
        'no-crime',
        'no-threats',
        'no-harassment',
        'no-gossip',
        'no-impersonation',
        'no-personal-data',
        'case-matter',
      ])
    }
  })

  it('publishes a new version as new rows and keeps the old one; falls back to the municipality’s language', async () => {
    const db = ctx().db
    const version = await publishHouseRules(db, { type: 'system' }, dk, {
      da: [{ code: 'concise', title: 'Kort', text: 'Skriv kort.' }],
    })
    expect(version).toBe(2)
    expect((await currentHouseRules(db, dk, 'da')).rules).toEqual([
      { code: 'concise', title: 'Kort', text: 'Skriv kort.' },
    ])
    const swedish = await currentHouseRules(db, dk, 'sv')
    expect(swedish).toMatchObject({ version: 2, language: 'da' })
    expect((await houseRulesVersion(db, dk, 1, 'da'))?.rules).toHaveLength(13)
    expect(await journalActions(db, dk, '2')).toContain('moderation.rules.published')
  })

  it('refuses a blocklist line that names no house rule', async () => {
    const db = ctx().db
    const settings = await moderationSettings(db, dk)
    await expect(
      saveModerationSettings(db, { type: 'system' }, dk, {
        ...settings,
        blocklists: { ...settings.blocklists, da: 'x | no-such' },
      }),
    ).rejects.toMatchObject({ status: 400, code: 'moderation.settings.blocklist_rule_unknown' })
  })
})

describe('moderation: test helpers', () => {
  it('give each test its own author', () => {
    expect(freshAuthor().key).not.toBe(freshAuthor().key)
  })
})
