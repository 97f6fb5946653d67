import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Db } from '../db/index.ts'
import { seedDemo } from '../demo/seed.ts'
import { forEachDialect } from '../testing/db.ts'
import { seedDemoBoard } from './demo.ts'

forEachDialect('the demo board', (current) => {
  let db: Db
  beforeAll(async () => {
    db = current().db
    await seedDemo(db)
    await seedDemoBoard(db, { baseUrl: 'http://localhost:3000', mailDomain: 'radhus.test' })
  })
  afterAll(() => {})

  it('has questions in each municipality’s language, answers, official answers and moderation decisions', async () => {
    for (const [slug, word] of [
      ['demo-kommune', 'storskrald'],
      ['demo-kommun', 'grovavfall'],
    ] as const) {
      const m = await db.selectFrom('municipalities').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()
      const questions = await db.selectFrom('board_questions').selectAll().where('municipality_id', '=', m.id).execute()
      const published = questions.filter((q) => q.state === 'published')
      expect(published.length).toBeGreaterThanOrEqual(4)
      expect(published.some((q) => q.title.toLowerCase().includes(word))).toBe(true)
      expect(published.filter((q) => q.has_official).length).toBeGreaterThanOrEqual(2)
      expect(questions.some((q) => q.state === 'handed_off' && q.private_inquiry_id)).toBe(true)
      expect(questions.some((q) => q.state === 'pending')).toBe(true)
      const answers = await db.selectFrom('board_answers').selectAll().where('municipality_id', '=', m.id).execute()
      expect(answers.some((a) => a.state === 'hidden')).toBe(true)
      expect(answers.some((a) => a.parent_id && a.state === 'published')).toBe(true)
    }
  })
})
