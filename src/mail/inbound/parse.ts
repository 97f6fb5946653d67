/**
 * Turns the raw bytes of an inbound e-mail into what the contact centre stores (contract §1-3, §6, §7).
 * mailparser does the MIME work; this module adds the contract's fixes and never throws: bad input
 * comes back with `parseError` set, and the caller keeps the raw bytes as the record.
 */
import { createHash } from 'node:crypto'
import { type AddressObject, type Attachment, type EmailAddress, simpleParser } from 'mailparser'
import { isOurAddress } from './addresses.ts'
import { sanitizeHtml } from './html.ts'
import { repairTextParts } from './repair.ts'
import { normalizeSubject, subjectTag } from './subject.ts'
import type { InboundAttachment, MailAddress, ParsedMail, ParseError, ParseOptions } from './types.ts'

export const DEFAULT_MAX_BYTES = 30 * 1024 * 1024

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/heic': 'heic',
  'image/webp': 'webp',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/rfc822-headers': 'txt',
  'message/rfc822': 'eml',
  'message/delivery-status': 'txt',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/zip': 'zip',
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** The message as far as it could be read: the shape every failure path returns. */
function emptyMail(raw: Buffer, parseError: ParseError | null): ParsedMail {
  return {
    dedupeKey: `sha256:${sha256Hex(raw)}`,
    messageId: null,
    inReplyTo: null,
    references: [],
    from: null,
    to: [],
    cc: [],
    deliveredTo: [],
    subject: '',
    normalizedSubject: '',
    subjectTag: null,
    date: null,
    text: '',
    html: null,
    attachments: [],
    headers: {},
    emptyReturnPath: false,
    fromUs: false,
    size: raw.length,
    parseError,
  }
}

/** Rejects input that is not worth handing to the MIME parser at all. */
function precheck(raw: Buffer, maxBytes: number): ParseError | null {
  if (raw.length === 0) return { code: 'empty', message: 'The message has no bytes.' }
  if (raw.length > maxBytes) {
    return { code: 'too_large', message: `The message has ${raw.length} bytes; the limit is ${maxBytes}.` }
  }
  const ends = [raw.indexOf('\r\n\r\n'), raw.indexOf('\n\n')].filter((at) => at !== -1)
  const head = raw.subarray(0, ends.length > 0 ? Math.min(...ends) : raw.length)
  if (head.includes(0)) return { code: 'binary', message: 'The header section contains NUL bytes.' }
  const firstLine = head.subarray(0, Math.min(head.length, 1000)).toString('latin1').split(/\r?\n/)[0] ?? ''
  if (!/^[\x21-\x39\x3b-\x7e]+[ \t]*:/.test(firstLine)) {
    return { code: 'no_headers', message: 'The message does not start with a header field.' }
  }
  return null
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const flat = (list: EmailAddress[]): MailAddress[] =>
    list.flatMap((entry) =>
      entry.group ? flat(entry.group) : entry.address ? [{ address: entry.address, name: entry.name ?? '' }] : [],
    )
  return (Array.isArray(value) ? value : value ? [value] : []).flatMap((object) => flat(object.value))
}

function rawHeaders(lines: ReadonlyArray<{ key: string; line: string }>): Record<string, string[]> {
  const headers: Record<string, string[]> = {}
  for (const { key, line } of lines) {
    // mailparser keeps header lines as binary strings; after repairTextParts their bytes are UTF-8.
    const value = Buffer.from(line, 'binary')
      .toString('utf8')
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim()
    const name = key.toLowerCase()
    headers[name] = [...(headers[name] ?? []), value]
  }
  return headers
}

function messageIds(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(' ') : (value ?? '')
  return joined.match(/<[^<>\s]+>/g) ?? []
}

function attachment(part: Attachment, index: number): InboundAttachment {
  const contentType = (part.contentType || 'application/octet-stream').toLowerCase()
  return {
    filename: part.filename || `attachment-${index + 1}.${EXTENSIONS[contentType] ?? 'bin'}`,
    contentType,
    size: part.content.length,
    inline: part.contentDisposition === 'inline',
    cid: part.cid ? part.cid.replace(/^<|>$/g, '') : null,
    sha256: sha256Hex(part.content),
    content: part.content,
  }
}

/** Line endings `\n`, no blank lines around the text; indentation of the first line is kept. */
function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd()
}

/** A multipart message whose closing boundary never came was cut off in transit. */
function truncation(raw: Buffer, contentType: unknown): ParseError | null {
  if (typeof contentType !== 'object' || contentType === null) return null
  const { value, params } = contentType as { value?: string; params?: Record<string, string> }
  const boundary = params?.boundary
  if (!value?.startsWith('multipart/') || !boundary) return null
  if (raw.includes(`--${boundary}--`)) return null
  return { code: 'truncated', message: `The closing MIME boundary "${boundary}" is missing.` }
}

/**
 * Parses one raw RFC 5322 message. Never throws; check `parseError`.
 *
 * @example
 * const mail = await parseInbound(raw, { ourAddresses: ['kontakt@raadhus.example'] })
 * if (!mail.parseError) console.log(mail.from?.address, mail.normalizedSubject, mail.text)
 */
export async function parseInbound(raw: Buffer, options: ParseOptions): Promise<ParsedMail> {
  const rejected = precheck(raw, options.maxBytes ?? DEFAULT_MAX_BYTES)
  if (rejected) return emptyMail(raw, rejected)
  try {
    // If the repair pass itself trips over the input, mailparser may still read the original.
    const input = await repairTextParts(raw).catch(() => raw)
    const mail = await simpleParser(input, { keepCidLinks: true, skipTextToHtml: true, skipTextLinks: true })
    const headers = rawHeaders(mail.headerLines)
    const from = addresses(mail.from)[0] ?? null
    const messageId = messageIds(mail.messageId)[0] ?? null
    const subject = (mail.subject ?? '').replace(/\s+/g, ' ').trim()
    const deliveredTo = [...(headers['delivered-to'] ?? []), ...(headers['x-original-to'] ?? [])]
      .flatMap((value) => value.match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? [])
      .concat(options.envelopeTo ?? [])
    const noHeaders = mail.headerLines.length === 0
    return {
      dedupeKey: messageId ?? `sha256:${sha256Hex(raw)}`,
      messageId,
      inReplyTo: messageIds(mail.inReplyTo)[0] ?? null,
      references: messageIds(mail.references),
      from,
      to: addresses(mail.to),
      cc: addresses(mail.cc),
      deliveredTo,
      subject,
      normalizedSubject: normalizeSubject(subject),
      subjectTag: subjectTag(subject),
      date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
      text: tidyText(mail.text ?? ''),
      html: typeof mail.html === 'string' ? sanitizeHtml(mail.html) : null,
      attachments: mail.attachments.map(attachment),
      headers,
      emptyReturnPath: (headers['return-path'] ?? []).some((value) => /^<\s*>$/.test(value)),
      fromUs: from ? isOurAddress(from.address, options.ourAddresses) : false,
      size: raw.length,
      parseError: noHeaders
        ? { code: 'no_headers', message: 'No header fields could be read.' }
        : truncation(raw, mail.headers.get('content-type')),
    }
  } catch (error) {
    return emptyMail(raw, { code: 'unparseable', message: error instanceof Error ? error.message : String(error) })
  }
}
