/** Shapes of a parsed inbound message; see README.md and shared/contracts/email.md §7. */

export interface MailAddress {
  /** The address as written; compare with `sameAddress`. */
  address: string
  /** Decoded display name, for presentation only ('' when absent). */
  name: string
}

export interface InboundAttachment {
  /** Decoded file name (RFC 2231 and encoded-words), or `attachment-N.ext` when the part has none. */
  filename: string
  contentType: string
  /** Bytes after transfer decoding. */
  size: number
  inline: boolean
  /** Content-ID without angle brackets. */
  cid: string | null
  /** Hex SHA-256 of `content`. */
  sha256: string
  content: Buffer
}

export const PARSE_ERROR_CODES = ['empty', 'too_large', 'binary', 'no_headers', 'unparseable', 'truncated'] as const
export type ParseErrorCode = (typeof PARSE_ERROR_CODES)[number]

export interface ParseError {
  code: ParseErrorCode
  message: string
}

export interface ParsedMail {
  /** `messageId`, or `sha256:<hex of the raw bytes>` when the message has none: the dedupe key (§4). */
  dedupeKey: string
  messageId: string | null
  inReplyTo: string | null
  /** Message-IDs in header order, oldest first. */
  references: string[]
  from: MailAddress | null
  to: MailAddress[]
  cc: MailAddress[]
  /** Delivered-To / X-Original-To headers plus the SMTP envelope recipients the caller passed. */
  deliveredTo: string[]
  /** Decoded subject ('' when absent). */
  subject: string
  /** Subject without reply/forward prefixes and without a trailing `[H-YYYY-NNNN]` tag. */
  normalizedSubject: string
  /** The trailing inquiry tag of the subject, e.g. `H-2025-0042`. */
  subjectTag: string | null
  /** The Date header ("as sent"); the caller records when it was received. */
  date: Date | null
  /** Body text, line endings `\n`, surrounding blank lines removed. */
  text: string
  /** Sanitised HTML when the message has an HTML part, else null. */
  html: string | null
  attachments: InboundAttachment[]
  /** Raw (unfolded, undecoded) header values by lower-case name, for the robot rules. */
  headers: Record<string, string[]>
  /** `Return-Path: <>`: the message came from a mailer, not a person. */
  emptyReturnPath: boolean
  /** The sender is one of `ourAddresses` (or a plus-address of one). */
  fromUs: boolean
  /** Size of the raw message in bytes. */
  size: number
  /** Set instead of throwing when the input is empty, too large, binary or malformed. */
  parseError: ParseError | null
}

export interface ParseOptions {
  /** Our own addresses, e.g. `['kontakt@raadhus.example']`. */
  ourAddresses: string[]
  /** Larger messages are not parsed (parseError `too_large`). Default 30 MiB. */
  maxBytes?: number
  /** SMTP envelope recipients (RCPT TO), when known. */
  envelopeTo?: string[]
}
