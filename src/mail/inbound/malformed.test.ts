// Bad input never throws: it comes back with parseError, and the caller keeps the raw bytes.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fixture } from './fixture-world.ts'
import { parseInbound } from './parse.ts'
import { eml, OURS } from './test-mail.ts'

const parse = (raw: Buffer, maxBytes?: number) => parseInbound(raw, { ourAddresses: OURS, maxBytes })

describe('parseInbound on malformed input', () => {
  it('flags a 0-byte message', async () => {
    const mail = await parse(Buffer.alloc(0))
    expect(mail.parseError?.code).toBe('empty')
    expect(mail.dedupeKey).toMatch(/^sha256:/)
  })

  it('flags an over-size message without parsing it', async () => {
    const raw = fixture('01-plain-utf8.eml')
    const mail = await parse(raw, raw.length - 1)
    expect(mail.parseError?.code).toBe('too_large')
    expect(mail.size).toBe(raw.length)
    expect(mail.from).toBeNull()
    expect((await parse(raw, raw.length)).parseError).toBeNull()
  })

  it('flags binary input and bytes that are not a message', async () => {
    expect((await parse(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0, 0x0a, 0x0a]))).parseError?.code).toBe(
      'binary',
    )
    expect((await parse(Buffer.from('%PDF-1.4\n1 0 obj\n')))?.parseError?.code).toBe('no_headers')
  })

  it('flags truncated MIME but keeps what could be read', async () => {
    const raw = fixture('07-inline-image.eml')
    const cut = raw.subarray(0, raw.indexOf('iVBORw0KGgo') + 20)
    const mail = await parse(cut)
    expect(mail.parseError?.code).toBe('truncated')
    expect(mail.from?.address).toBe('johan.berg@example.se')
    expect(mail.text).toContain('Gatlyktan')
  })

  it('survives a multipart message whose boundary never appears', async () => {
    const mail = await parse(eml(['From: a@example.dk', 'Content-Type: multipart/mixed; boundary="nope"'], 'text\r\n'))
    expect(mail.parseError?.code).toBe('truncated')
  })

  it('never throws on random bytes, and flags anything without a header first', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const mail = await parse(Buffer.from(bytes))
        expect(mail.size).toBe(bytes.length)
        if (!/^[\x21-\x39\x3b-\x7e]+[ \t]*:/.test(Buffer.from(bytes).toString('latin1'))) {
          expect(mail.parseError).not.toBeNull()
        }
      }),
      { numRuns: 200 },
    )
  })

  it('never throws on mangled real messages', async () => {
    const raw = fixture('12-bounce-dsn.eml')
    await fc.assert(
      fc.asyncProperty(fc.nat(raw.length), fc.uint8Array({ maxLength: 40 }), async (at, noise) => {
        const mangled = Buffer.concat([raw.subarray(0, at), Buffer.from(noise), raw.subarray(at)])
        const mail = await parse(mangled)
        expect(mail.size).toBe(mangled.length)
      }),
      { numRuns: 100 },
    )
  })
})
