/** Test helpers of moderation: fresh authors, submissions of a test-only source kind. */
import type { Db } from '../db/index.ts'
import { registerModerationSource, type SubmitInput, submitForModeration } from './service.ts'

let author = 0
/** A fresh author per test, so the posting rate and repeats only count where a test means them to. */
export const freshAuthor = () => ({
  key: `citizen-${++author}`,
  name: 'Anna Borger',
  email: `anna${author}@example.dk`,
})

export function submission(municipalityId: string, overrides: Partial<SubmitInput> = {}): SubmitInput {
  return {
    municipalityId,
    kind: 'test.post',
    subjectId: `post-${Math.random().toString(16).slice(2)}`,
    text: 'Hvornår bliver haveaffaldet hentet i år?',
    language: 'da',
    mode: 'flagged',
    author: freshAuthor(),
    path: '/demo-kommune/test',
    ...overrides,
  }
}

export const submit = (db: Db, input: SubmitInput) => db.transaction().execute((trx) => submitForModeration(trx, input))

/** What the test source was told, newest last (the source's own "public copy"). */
export const testSourceCalls: { subjectId: string; state: string; text?: string | undefined; handedOff?: boolean }[] =
  []

/**
 * A source of kind `test.post` for tests: it keeps no table, it only notes every decision it is told,
 * so tests prove what moderation hands back without depending on the board.
 */
export function registerTestSource(): void {
  registerModerationSource(TEST_KIND, {
    labels: { da: 'Testindlæg', sv: 'Testinlägg', en: 'Test post' },
    async applyDecision(_trx, item, decision) {
      testSourceCalls.push({ subjectId: item.subjectId, state: decision.state, text: decision.text })
    },
    async handOff(_trx, item) {
      testSourceCalls.push({ subjectId: item.subjectId, state: 'handed_off', handedOff: true })
      return { inquiryId: `inquiry-for-${item.subjectId}` }
    },
  })
}

export const TEST_KIND = 'test.post'
export const callsFor = (subjectId: string) => testSourceCalls.filter((c) => c.subjectId === subjectId)
