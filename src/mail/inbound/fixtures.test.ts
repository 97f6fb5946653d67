// Every fixture of the shared e-mail contract against every field its expected.json entry states.
// The test is driven by expected.json, so a new fixture (or a new field) is tested, or fails, automatically.
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { classify } from './classify.ts'
import { CONTRACT_DIR, fixture, fixtureWorld, loadExpected } from './fixture-world.ts'
import { parseInbound } from './parse.ts'
import { shouldSendReceipt, threadingKeys } from './threading.ts'

const expected = loadExpected()
const world = fixtureWorld(expected.world)
const ourAddresses = expected.world.ourAddresses
const secret = expected.replySecret

interface ExpectedAttachment {
  filename?: string
  contentType?: string
  inline?: boolean
  cid?: string
  size?: number
}

const results = new Map<string, ReturnType<typeof parseAndDecide>>()

/** Parsed once per fixture; every field test reads the same result. */
function run(file: string) {
  const cached = results.get(file) ?? parseAndDecide(file)
  results.set(file, cached)
  return cached
}

async function parseAndDecide(file: string) {
  const mail = await parseInbound(fixture(file), { ourAddresses })
  const classification = classify(mail)
  const thread = await threadingKeys(mail, world, { secret, ourAddresses, classification })
  return { mail, classification, thread, receipt: shouldSendReceipt(classification, thread) }
}

type Result = Awaited<ReturnType<typeof run>>

/** One assertion per expected.json field; an unknown field fails rather than being skipped. */
const checks: Record<string, (result: Result, value: never) => void> = {
  file: () => {},
  from: ({ mail }, value: string) => expect(mail.from?.address).toBe(value),
  fromName: ({ mail }, value: string) => expect(mail.from?.name).toBe(value),
  subject: ({ mail }, value: string) => expect(mail.subject).toBe(value),
  normalizedSubject: ({ mail }, value: string) => expect(mail.normalizedSubject).toBe(value),
  messageId: ({ mail }, value: string) => expect(mail.messageId).toBe(value),
  inReplyTo: ({ mail }, value: string) => expect(mail.inReplyTo).toBe(value),
  references: ({ mail }, value: string[]) => expect(mail.references).toEqual(value),
  to: ({ mail }, value: string[]) => expect(mail.to.map((a) => a.address)).toEqual(value),
  textStartsWith: ({ mail }, value: string) => expect(mail.text.trim().startsWith(value), mail.text).toBe(true),
  textEndsWith: ({ mail }, value: string) => expect(mail.text.trim().endsWith(value), mail.text).toBe(true),
  textIncludes: ({ mail }, value: string[]) => {
    for (const part of value) expect(mail.text).toContain(part)
  },
  textExcludes: ({ mail }, value: string[]) => {
    for (const part of value) expect(mail.text).not.toContain(part)
  },
  hasHtml: ({ mail }, value: boolean) => expect(mail.html !== null && mail.html.length > 0).toBe(value),
  attachments: ({ mail }, value: number) => expect(mail.attachments).toHaveLength(value),
  attachmentList: ({ mail }, value: ExpectedAttachment[]) => {
    expect(mail.attachments).toHaveLength(value.length)
    value.forEach((want, i) => {
      const got = mail.attachments[i]
      expect(got).toMatchObject(want)
      expect(got?.cid ?? undefined).toBe(want.cid)
      expect(got?.content.length).toBe(got?.size)
      expect(got?.sha256).toMatch(/^[0-9a-f]{64}$/)
    })
  },
  class: ({ classification }, value: string) => expect(classification.kind).toBe(value),
  bounce: ({ classification }, value: Record<string, string>) => {
    const { originalMessageId, ...recipient } = value
    expect(classification.bounce?.originalMessageId).toBe(originalMessageId)
    expect(classification.bounce?.recipients).toEqual([
      {
        address: recipient.recipient,
        action: recipient.action,
        status: recipient.status,
        diagnostic: expect.any(String),
      },
    ])
  },
  thread: ({ thread }, value: Record<string, string>) => expect(thread).toEqual(value),
  receipt: ({ receipt }, value: boolean) => expect(receipt).toBe(value),
  // An auto-reply joins its inquiry as a system note, which never reopens it.
  reopens: ({ classification, thread }, value: boolean) =>
    expect(classification.kind === 'human' && thread.by !== 'new').toBe(value),
}

describe('inbound e-mail contract fixtures', () => {
  it('has an expected.json entry for every .eml fixture in the contract folder', () => {
    const files = readdirSync(CONTRACT_DIR).filter((name) => name.endsWith('.eml'))
    expect(files.length).toBeGreaterThanOrEqual(14)
    expect(expected.messages.map((m) => m.file).sort()).toEqual(files.sort())
  })

  for (const message of expected.messages) {
    describe(message.file, () => {
      it('parses without a parse error and with a dedupe key', async () => {
        const { mail } = await run(message.file)
        expect(mail.parseError).toBeNull()
        expect(mail.dedupeKey).toBe(mail.messageId)
        expect(mail.text).not.toContain('\r')
        expect(mail.text).not.toContain('\uFFFD')
      })
      for (const [field, value] of Object.entries(message)) {
        if (field === 'file') continue
        it(`has the expected ${field}`, async () => {
          const check = checks[field]
          if (!check) throw new Error(`expected.json field "${field}" has no check in fixtures.test.ts`)
          check(await run(message.file), value as never)
        })
      }
    })
  }
})
