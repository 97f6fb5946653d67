import { describe, expect, it } from 'vitest'
import { classify } from './classify.ts'
import { fixtureWorld, loadExpected } from './fixture-world.ts'
import { parseInbound } from './parse.ts'
import { plusAddress } from './reply-token.ts'
import { eml, OURS, SECRET } from './test-mail.ts'
import { shouldSendReceipt, threadingKeys } from './threading.ts'

const world = fixtureWorld(loadExpected().world)
const context = { secret: SECRET, ourAddresses: OURS }
const soren = 'From: Søren <soren.jorgensen@example.com>'

async function threadOf(headers: string[]) {
  const mail = await parseInbound(eml(['Message-ID: <t@example.com>', ...headers]), { ourAddresses: OURS })
  const classification = classify(mail)
  const thread = await threadingKeys(mail, world, { ...context, classification })
  return { thread, receipt: shouldSendReceipt(classification, thread) }
}

describe('threadingKeys (contract §4)', () => {
  it('prefers a valid token over In-Reply-To, in To, Cc or Delivered-To, whatever its case', async () => {
    const token = plusAddress('kontakt@raadhus.example', 'H-2025-0107', SECRET)
    const irt = 'In-Reply-To: <h-2025-0042.r1@raadhus.example>'
    for (const header of [`To: ${token}`, `Cc: ${token.toUpperCase()}`, `Delivered-To: ${token}`]) {
      expect((await threadOf([soren, 'To: kontakt@raadhus.example', header, irt])).thread).toEqual({
        by: 'token',
        inquiry: 'H-2025-0107',
      })
    }
  })

  it('ignores a token with a wrong check, or on an address that is not ours', async () => {
    expect((await threadOf([soren, 'To: kontakt+h-2025-0107.00000000@raadhus.example'])).thread).toEqual({ by: 'new' })
    const foreign = plusAddress('kontakt@elsewhere.example', 'H-2025-0107', SECRET)
    expect((await threadOf([soren, `To: ${foreign}`])).thread).toEqual({ by: 'new' })
  })

  it('scans References from the last id to the first', async () => {
    const refs = 'References: <h-2025-0050.r1@raadhus.example> <h-2025-0042.r1@raadhus.example> <unknown@x>'
    expect((await threadOf([soren, 'In-Reply-To: <unknown@x>', refs])).thread).toEqual({
      by: 'references',
      inquiry: 'H-2025-0042',
    })
  })

  it('uses the subject tag only from the inquiry’s own citizen', async () => {
    const subject = 'Subject: Re: Storskrald [h-2025-0042]'
    expect((await threadOf([soren, subject])).thread).toEqual({ by: 'subject-tag', inquiry: 'H-2025-0042' })
    expect((await threadOf(['From: someone@example.org', subject])).thread).toEqual({ by: 'new' })
  })

  it('never starts an inquiry for an auto-reply, and files a bounce of an unknown message nowhere', async () => {
    expect((await threadOf([soren, 'Auto-Submitted: auto-replied'])).thread).toEqual({ by: 'none' })
    const bounce = await threadOf(['From: MAILER-DAEMON@mx.example', 'Return-Path: <>'])
    expect(bounce).toEqual({ thread: { by: 'none' }, receipt: false })
  })
})

describe('shouldSendReceipt (contract §5)', () => {
  it('answers only a human message that starts a new inquiry and does not ask for silence', async () => {
    expect((await threadOf([soren])).receipt).toBe(true)
    expect((await threadOf([soren, 'In-Reply-To: <h-2025-0042.r1@raadhus.example>'])).receipt).toBe(false)
    expect((await threadOf([soren, 'X-Auto-Response-Suppress: All'])).receipt).toBe(false)
    expect((await threadOf(['Return-Path: <>', soren])).receipt).toBe(false)
    expect((await threadOf([soren, 'Precedence: bulk'])).receipt).toBe(false)
  })
})
