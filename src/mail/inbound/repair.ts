/**
 * Byte-level fixes applied before mailparser sees a message, for the two places where its
 * text assembly differs from the inbound contract (shared/contracts/email.md §1, §2):
 *
 * - mailparser decodes text parts labelled `us-ascii` (or without a charset) as UTF-8, so every
 *   8-bit byte becomes U+FFFD. The WHATWG Encoding Standard, which the contract follows, reads
 *   `us-ascii` as windows-1252; a missing charset is tried as strict UTF-8 first.
 * - mailparser reads raw 8-bit header fields (RFC 6532) as UTF-8 only; the contract falls back to
 *   windows-1252 when they are not valid UTF-8, so such header lines are re-encoded as UTF-8.
 * - mailparser joins several text parts with a single `\n`; the contract wants a blank line,
 *   so each inline text part is made to end with exactly one line break.
 *
 * The message is split and re-joined with mailsplit (the MIME splitter mailparser itself uses), so
 * only the bodies of inline text parts are touched; attachments and embedded messages pass
 * through byte for byte.
 */
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Joiner, type MimeNode, Rewriter, Splitter, type SplitterChunk } from '@zone-eu/mailsplit'

/** Charset labels that the WHATWG Encoding Standard maps to windows-1252 but mailparser reads as UTF-8. */
const ASCII_LABELS = new Set(['ascii', 'us-ascii', 'usascii', 'ansi_x3.4-1968', 'iso-ir-6', 'us', 'ibm367', 'cp367'])

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

// windows-1252 bytes 0x80-0x9F (WHATWG index; 0x81, 0x8D, 0x8F, 0x90, 0x9D map to the C1 control itself).
// Node 20's TextDecoder('windows-1252') decodes these as C1 controls like latin1, so they are mapped here.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'

/** Decodes windows-1252 bytes (WHATWG), e.g. `0x80` → `€`, `0x96` → `–`. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte)
  return out
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes)
    return true
  } catch {
    return false
  }
}

/** Re-encodes header lines that carry 8-bit bytes which are not UTF-8, reading them as windows-1252. */
function repairHeaders(node: MimeNode): void {
  if (!node.headers) return
  node.headers.getList() // parses the lines
  for (const line of node.headers.lines || []) {
    const bytes = Buffer.from(line.line, 'binary')
    if (!bytes.some((byte) => byte >= 0x80) || isUtf8(bytes)) continue
    // mailsplit keeps header lines as binary strings of the raw bytes.
    line.line = Buffer.from(decodeWindows1252(bytes), 'utf8').toString('binary')
    node.headers.changed = true
  }
}

function headerRepairer(): Transform {
  return new Transform({
    objectMode: true,
    transform(chunk: SplitterChunk, _encoding, done) {
      if (chunk.type === 'node') repairHeaders(chunk)
      done(null, chunk)
    },
  })
}

function isInlineText(node: MimeNode): boolean {
  const type = node.contentType || (node.root ? 'text/plain' : '')
  if (type !== 'text/plain' && type !== 'text/html') return false
  return !node.disposition || node.disposition === 'inline'
}

/** The charset label to decode `body` with, or null when the declared one is right. */
export function betterCharset(declared: string | false, body: Uint8Array): string | null {
  const label = (declared || '').toLowerCase().trim()
  if (label && !ASCII_LABELS.has(label)) return null
  if (!body.some((byte) => byte >= 0x80)) return null
  if (label) return 'windows-1252'
  return isUtf8(body) ? 'utf-8' : 'windows-1252'
}

/** Ends the text with exactly one CRLF, so mailparser's `\n` join yields a blank line between parts. */
function endWithOneLineBreak(body: Buffer): Buffer {
  let end = body.length
  while (end > 0 && (body[end - 1] === 0x0a || body[end - 1] === 0x0d)) end--
  return Buffer.concat([body.subarray(0, end), Buffer.from('\r\n')])
}

/**
 * Returns the message with inline text parts relabelled and line-terminated as described above.
 *
 * @example const fixed = await repairTextParts(raw); const mail = await simpleParser(fixed)
 */
export async function repairTextParts(raw: Buffer): Promise<Buffer> {
  const splitter = new Splitter({ ignoreEmbedded: true })
  const rewriter = new Rewriter(isInlineText)
  const joiner = new Joiner()
  rewriter.on('node', ({ node, decoder, encoder }) => {
    const chunks: Buffer[] = []
    decoder.on('data', (chunk: Buffer) => chunks.push(chunk))
    decoder.on('end', () => {
      const body = Buffer.concat(chunks)
      const charset = betterCharset(node.charset, body)
      if (charset) node.setCharset(charset)
      encoder.end(endWithOneLineBreak(body))
    })
  })
  const out: Buffer[] = []
  await pipeline(
    Readable.from([raw]),
    splitter,
    headerRepairer(),
    rewriter,
    joiner,
    async (joined: AsyncIterable<Buffer>) => {
      for await (const chunk of joined) out.push(chunk)
    },
  )
  return Buffer.concat(out)
}
