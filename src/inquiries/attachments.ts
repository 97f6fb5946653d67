/**
 * Attachment checks, done before anything is stored: the type by content (magic bytes, never the file
 * name or the browser's claim), the size of each file and of all together, and the count. Every refused
 * file comes back named with its reason, so no attachment is ever dropped silently.
 */
import { fileTypeFromBuffer } from 'file-type'

export const MAX_FILES = 5
export const MAX_FILE_BYTES = 10 * 1024 * 1024
export const MAX_TOTAL_BYTES = 25 * 1024 * 1024

/** What file-type reports for the formats a municipality can open, and the type we store. */
const ACCEPTED_TYPES: Record<string, string> = {
  'application/pdf': 'application/pdf',
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/heic': 'image/heic',
  'image/heif': 'image/heif',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text': 'application/vnd.oasis.opendocument.text',
}
export const TEXT_TYPE = 'text/plain; charset=utf-8'

/** For the file input's `accept` hint; the server decides by content all the same. */
export const ACCEPT_ATTRIBUTE = '.pdf,.jpg,.jpeg,.png,.heic,.heif,.docx,.xlsx,.odt,.txt'

export type RefusalReason = 'type' | 'size' | 'total' | 'count' | 'empty'

export interface IncomingFile {
  fileName: string
  bytes: Uint8Array
  /** Larger than MAX_FILE_BYTES: only the start was read. */
  truncated: boolean
  /** Not read at all because the request already held the total allowed. */
  skipped: boolean
}

export interface AcceptedFile {
  fileName: string
  contentType: string
  bytes: Uint8Array
}

/** A file kept from an earlier attempt (a provisional upload): already checked, counted again. */
export interface KeptFile {
  id: string
  fileName: string
  contentType: string
  size: number
}

export interface Refusal {
  fileName: string
  reason: RefusalReason
}

// Printable text: no control characters other than tab, line breaks and form feed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/

function isUtf8Text(bytes: Uint8Array): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return !CONTROL.test(text)
  } catch {
    return false
  }
}

/** The stored content type of an acceptable file, or undefined when its content is not one we take. */
export async function sniffContentType(bytes: Uint8Array): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(bytes)
  if (detected) return ACCEPTED_TYPES[detected.mime]
  return isUtf8Text(bytes) ? TEXT_TYPE : undefined
}

/** A file name safe to show and to send: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const clean = base.replace(/[\u0000-\u001F\u007F]/g, '').trim()
  return clean.slice(0, 200) || 'attachment'
}

/**
 * Check new files against what is kept: kept files count first, new ones in the order sent.
 * @example await checkFiles([], [{ fileName: 'a.exe', bytes, truncated: false, skipped: false }])
 * // { accepted: [], refused: [{ fileName: 'a.exe', reason: 'type' }] }
 */
export async function checkFiles(
  kept: readonly KeptFile[],
  incoming: readonly IncomingFile[],
): Promise<{ accepted: AcceptedFile[]; refused: Refusal[] }> {
  const accepted: AcceptedFile[] = []
  const refused: Refusal[] = []
  let count = kept.length
  let total = kept.reduce((sum, f) => sum + f.size, 0)
  for (const file of incoming) {
    const fileName = cleanFileName(file.fileName)
    const refuse = (reason: RefusalReason) => refused.push({ fileName, reason })
    if (file.skipped) refuse('total')
    else if (file.truncated || file.bytes.byteLength > MAX_FILE_BYTES) refuse('size')
    else if (file.bytes.byteLength === 0) refuse('empty')
    else {
      const contentType = await sniffContentType(file.bytes)
      if (!contentType) refuse('type')
      else if (count >= MAX_FILES) refuse('count')
      else if (total + file.bytes.byteLength > MAX_TOTAL_BYTES) refuse('total')
      else {
        accepted.push({ fileName, contentType, bytes: file.bytes })
        count++
        total += file.bytes.byteLength
      }
    }
  }
  return { accepted, refused }
}
