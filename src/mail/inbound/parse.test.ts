import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { parseInbound } from './parse.ts'
import { eml, OURS } from './test-mail.ts'

const base = ['From: Borger <borger@example.dk>', 'To: kontakt@raadhus.example', 'Subject: Test', 'MIME-Version: 1.0']
const parse = (raw: Buffer, extra: { envelopeTo?: string[] } = {}) =>
  parseInbound(raw, { ourAddresses: OURS, ...extra })

describe('parseInbound: charsets (contract §2)', () => {
  it('reads a us-ascii-labelled 8-bit part as windows-1252', async () => {
    const raw = eml(
      [...base, 'Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: 8bit'],
      'K\xe4rl 150 \x80 \x96 \x93ok\x94\r\n',
    )
    expect((await parse(raw)).text).toBe('Kärl 150 € – “ok”')
  })

  it('reads a us-ascii-labelled base64 part with 8-bit bytes as windows-1252', async () => {
    const body = Buffer.from('P\xe5 torsdag \x80', 'latin1').toString('base64')
    const raw = eml(
      [...base, 'Content-Type: text/plain; charset="US-ASCII"', 'Content-Transfer-Encoding: base64'],
      body,
    )
    expect((await parse(raw)).text).toBe('På torsdag €')
  })

  it('tries UTF-8 first when the charset is missing, then windows-1252', async () => {
    const utf8 = eml([...base, 'Content-Type: text/plain', 'Content-Transfer-Encoding: 8bit'], Buffer.from('Søren\r\n'))
    const cp1252 = eml([...base, 'Content-Transfer-Encoding: 8bit'], 'S\xf8ren \x80\r\n')
    expect((await parse(utf8)).text).toBe('Søren')
    expect((await parse(cp1252)).text).toBe('Søren €')
  })

  it('decodes ISO-8859-15 and leaves a plain ASCII part alone', async () => {
    const latin9 = eml([...base, 'Content-Type: text/plain; charset=ISO-8859-15'], 'Pris 10 \xa4\r\n')
    const ascii = eml([...base, 'Content-Type: text/plain; charset=us-ascii'], 'Plain text\r\n')
    expect((await parse(latin9)).text).toBe('Pris 10 €')
    expect((await parse(ascii)).text).toBe('Plain text')
  })
})

describe('parseInbound: structure (contract §1)', () => {
  it('joins text parts split by an inline image with a blank line', async () => {
    const raw = eml(
      [...base, 'Content-Type: multipart/mixed; boundary="b"'],
      Buffer.from(
        [
          '--b',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Første del',
          '--b',
          'Content-Type: image/png',
          'Content-Disposition: inline; filename="foto.png"',
          'Content-Transfer-Encoding: base64',
          '',
          'iVBORw0KGgo=',
          '--b',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Anden del',
          '--b--',
          '',
        ].join('\r\n'),
      ),
    )
    const mail = await parse(raw)
    expect(mail.text).toBe('Første del\n\nAnden del')
    expect(mail.attachments).toMatchObject([{ filename: 'foto.png', inline: true, size: 8 }])
  })

  it('keeps a text/plain part with Content-Disposition: attachment as an attachment, not body', async () => {
    const raw = eml(
      [...base, 'Content-Type: multipart/mixed; boundary="b"'],
      [
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Se vedhæftet.',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Disposition: attachment; filename="noter.txt"',
        '',
        'Hemmelige noter',
        '--b--',
        '',
      ].join('\r\n'),
    )
    const mail = await parse(raw)
    expect(mail.text).not.toContain('Hemmelige')
    expect(mail.attachments).toMatchObject([{ filename: 'noter.txt', contentType: 'text/plain', inline: false }])
    expect(mail.attachments[0]?.content.toString()).toBe('Hemmelige noter')
  })

  it('joins format=flowed lines, removing the space with delsp=yes', async () => {
    const raw = eml(
      [...base, 'Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes'],
      'Et langt or \r\nd her.\r\n',
    )
    expect((await parse(raw)).text).toBe('Et langt ord her.')
  })

  // html-to-text (inside mailparser) writes an image as its URL in brackets; nothing is fetched.
  it('derives text from HTML-only mail without tags, head, style or script, and decodes entities', async () => {
    const html =
      '<html><head><title>Titel</title><style>p{color:red}</style></head><body>' +
      '<p>Hul&nbsp;i vejen &amp; fortov</p><script>alert(1)</script><p>Linje 1<br>Linje 2</p>' +
      '<img src="https://tracker.example/p.gif"></body></html>'
    const mail = await parse(eml([...base, 'Content-Type: text/html; charset=utf-8'], html))
    expect(mail.text).toContain('Hul\u00a0i vejen & fortov')
    expect(mail.text).toContain('Linje 1\nLinje 2')
    for (const gone of ['Titel', 'color', 'alert', '<p>']) expect(mail.text).not.toContain(gone)
  })

  it('keeps sanitised HTML: no script, handlers or remote images; cid images and safe links stay', async () => {
    const html =
      '<div onclick="steal()"><p style="x">Hej <a href="javascript:evil()">x</a> <a href="https://kommune.dk">y</a></p>' +
      '<script>alert(1)</script><img src="http://tracker.example/p.gif"><img src="cid:foto@x" alt="foto"></div>'
    const mail = await parse(eml([...base, 'Content-Type: text/html; charset=utf-8'], html))
    expect(mail.html).toBe(
      '<div><p>Hej <a>x</a> <a href="https://kommune.dk" rel="noopener noreferrer nofollow">y</a></p>' +
        '<img src="cid:foto@x" alt="foto"></div>',
    )
    expect((await parse(eml(base, 'Bare tekst\r\n'))).html).toBeNull()
  })
})

describe('parseInbound: headers and attachments (contract §3, §6)', () => {
  it('decodes RFC 2231 continuations and encoded-word file names, and names unnamed parts', async () => {
    const part = (headers: string[]) => ['--b', ...headers, 'Content-Transfer-Encoding: base64', '', 'JVBERg==']
    const raw = eml(
      [...base, 'Content-Type: multipart/mixed; boundary="b"'],
      [
        '--b',
        'Content-Type: text/plain',
        '',
        'Tre filer',
        ...part([
          'Content-Type: application/pdf',
          "Content-Disposition: attachment; filename*0*=UTF-8''Ans%C3%B8; filename*1*=gning%20om%20st%C3%B8tte.pdf",
        ]),
        ...part(['Content-Type: application/pdf; name="=?UTF-8?Q?S=C3=B8knad_2025.pdf?="']),
        ...part(['Content-Type: application/pdf', 'Content-Disposition: attachment']),
        '--b--',
        '',
      ].join('\r\n'),
    )
    const mail = await parse(raw)
    expect(mail.attachments.map((a) => a.filename)).toEqual([
      'Ansøgning om støtte.pdf',
      'Søknad 2025.pdf',
      'attachment-3.pdf',
    ])
    expect(mail.attachments[0]).toMatchObject({
      contentType: 'application/pdf',
      size: 4,
      inline: false,
      cid: null,
      sha256: createHash('sha256').update('%PDF').digest('hex'),
    })
  })

  it('reads raw 8-bit header fields as UTF-8, falling back to windows-1252', async () => {
    for (const encoding of ['utf8', 'latin1'] as const) {
      const raw = Buffer.from(
        'From: Jörg Åström <jorg@example.se>\r\nSubject: Frånvaro – semester\r\n\r\nHej\r\n',
        'utf8',
      )
      const bytes =
        encoding === 'utf8' ? raw : Buffer.from(new TextDecoder().decode(raw).replace('–', '\x96'), 'latin1')
      const mail = await parse(bytes)
      expect(mail.from).toEqual({ address: 'jorg@example.se', name: 'Jörg Åström' })
      expect(mail.subject).toBe('Frånvaro – semester')
      expect(mail.headers.subject).toEqual(['Frånvaro – semester'])
    }
  })

  it('uses a SHA-256 of the raw bytes as dedupe key when Message-ID is missing', async () => {
    const raw = eml(base)
    const first = await parse(raw)
    expect(first.messageId).toBeNull()
    expect(first.dedupeKey).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect((await parse(Buffer.from(raw))).dedupeKey).toBe(first.dedupeKey)
  })

  it('collects Delivered-To, X-Original-To and envelope recipients, and spots mail from us', async () => {
    const raw = eml([
      'From: Kontakt <KONTAKT+h-2025-0001.abcdef12@Raadhus.example>',
      'To: x@example.dk',
      'Delivered-To: kontakt+a@raadhus.example',
      'X-Original-To: <post@raadhus.example>',
    ])
    const mail = await parse(raw, { envelopeTo: ['rcpt@raadhus.example'] })
    expect(mail.deliveredTo).toEqual(['kontakt+a@raadhus.example', 'post@raadhus.example', 'rcpt@raadhus.example'])
    expect(mail.fromUs).toBe(true)
  })
})
