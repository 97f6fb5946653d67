import { describe, expect, it } from 'vitest'
import { classify } from './classify.ts'
import { parseInbound } from './parse.ts'
import { eml, OURS } from './test-mail.ts'

const citizen = ['From: Borger <borger@example.dk>', 'To: kontakt@raadhus.example', 'Message-ID: <m1@example.dk>']
const classOf = async (headers: string[], body?: string) =>
  classify(await parseInbound(eml(headers, body), { ourAddresses: OURS }))

describe('classify (contract §5)', () => {
  it.each([
    [['From: Kontakt <kontakt@raadhus.example>', 'Subject: x'], 'loop'],
    [['From: kontakt+h-2025-0001.aaaaaaaa@RAADHUS.example'], 'loop'],
    [[...citizen, 'X-Raadhus-Loop: raadhus.example'], 'loop'],
    [[...citizen, 'Auto-Submitted: auto-generated'], 'auto_reply'],
    [[...citizen, 'Auto-Submitted: no'], 'human'],
    [[...citizen, 'X-Autorespond: yes'], 'auto_reply'],
    [[...citizen, 'Subject: Automatisk svar: Dit spørgsmål'], 'auto_reply'],
    [[...citizen, 'Subject: Frånvaro: semester'], 'auto_reply'],
    [[...citizen, 'Subject: OUT OF OFFICE: back monday'], 'auto_reply'],
    [[...citizen, 'Precedence: junk'], 'bulk'],
    [[...citizen, 'Precedence: list'], 'bulk'],
    [[...citizen, 'List-Unsubscribe: <mailto:u@example.org>'], 'bulk'],
    [[...citizen, 'Subject: Svar på min ansøgning'], 'human'],
    [['Return-Path: <>', ...citizen], 'human'],
  ])('%j is %s', async (headers, kind) => {
    expect((await classOf(headers)).kind).toBe(kind)
  })

  it('lets a loop win over every robot header, and a bounce over Auto-Submitted', async () => {
    expect(
      (await classOf(['From: kontakt@raadhus.example', 'Precedence: bulk', 'Auto-Submitted: auto-replied'])).kind,
    ).toBe('loop')
    const dsn = await classOf([
      'From: MAILER-DAEMON@mx.example.net',
      'Auto-Submitted: auto-replied',
      'Content-Type: multipart/report; report-type="delivery-status"; boundary="r"',
    ])
    expect(dsn.kind).toBe('bounce')
  })

  it('reads a plain-text bounce from an old MTA: first <address>: line and the quoted Message-ID', async () => {
    const result = await classOf(
      ['Return-Path: <>', 'From: postmaster@mail.example.org', 'Subject: Returned mail'],
      [
        'The following address failed:',
        '',
        '<borger@example.org>: 550 5.1.1 mailbox unavailable',
        '',
        '--- Original message ---',
        'Message-ID: <h-2025-0042.r2@raadhus.example>',
        '',
      ].join('\r\n'),
    )
    expect(result).toMatchObject({
      kind: 'bounce',
      bounce: {
        recipients: [{ address: 'borger@example.org', action: 'failed', status: '5.1.1' }],
        originalMessageId: '<h-2025-0042.r2@raadhus.example>',
      },
    })
  })

  it('reads a delayed DSN with two recipients from the report part and a message/rfc822 original', async () => {
    const result = await classOf(
      [
        'From: MAILER-DAEMON@mx.example.net',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      ],
      [
        '--r',
        'Content-Type: text/plain',
        '',
        'Delayed.',
        '--r',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.net',
        '',
        'Final-Recipient: rfc822; a@example.se',
        'Action: delayed',
        'Status: 4.4.1',
        '',
        'Final-Recipient: rfc822; <b@example.se>',
        'Action: failed',
        'Status: 5.2.2 (mailbox full)',
        '',
        '--r',
        'Content-Type: message/rfc822',
        '',
        'From: kontakt@raadhus.example',
        'Message-ID:',
        ' <h-2025-0050.r3@raadhus.example>',
        '',
        'Body',
        '--r--',
        '',
      ].join('\r\n'),
    )
    expect(result.bounce).toEqual({
      recipients: [
        { address: 'a@example.se', action: 'delayed', status: '4.4.1', diagnostic: null },
        { address: 'b@example.se', action: 'failed', status: '5.2.2', diagnostic: null },
      ],
      originalMessageId: '<h-2025-0050.r3@raadhus.example>',
    })
  })

  it('marks receipt suppression for X-Auto-Response-Suppress and an empty return path', async () => {
    expect((await classOf([...citizen, 'X-Auto-Response-Suppress: OOF'])).suppressReceipt).toBe(true)
    expect((await classOf(['Return-Path: <>', ...citizen])).suppressReceipt).toBe(true)
    expect((await classOf(['Return-Path: <borger@example.dk>', ...citizen])).suppressReceipt).toBe(false)
  })
})
