/**
 * What a bounce says (contract §5): which recipients failed, with which status, and the
 * Message-ID of our message that bounced, so the inquiry can be found and flagged.
 * mailparser merges the `message/delivery-status` fields into `text` and keeps the returned
 * original (`text/rfc822-headers` or `message/rfc822`) as an attachment; both are read here.
 */
import type { ParsedMail } from './types.ts'

export const BOUNCE_ACTIONS = ['failed', 'delayed', 'delivered', 'relayed', 'expanded'] as const
export type BounceAction = (typeof BOUNCE_ACTIONS)[number]

export interface BounceRecipient {
  address: string
  action: BounceAction
  /** Enhanced status code, e.g. `5.1.1`, or null when the report has none. */
  status: string | null
  diagnostic: string | null
}

export interface BounceInfo {
  recipients: BounceRecipient[]
  /** Message-ID of the message that bounced, angle brackets included. */
  originalMessageId: string | null
}

const STATUS = /\b([245]\.\d{1,3}\.\d{1,3})\b/

/** Field value of a `Name: value` line in a block of header-like lines (folded lines joined). */
function field(block: string, name: string): string | null {
  const unfolded = block.replace(/\n[ \t]+/g, ' ')
  const match = new RegExp(`^${name}[ \\t]*:[ \\t]*(.*)$`, 'im').exec(unfolded)
  return match?.[1]?.trim() || null
}

function actionOf(value: string | null, status: string | null): BounceAction {
  const action = value?.toLowerCase() as BounceAction | undefined
  if (action && BOUNCE_ACTIONS.includes(action)) return action
  return status?.startsWith('4') ? 'delayed' : 'failed'
}

/** Per-recipient blocks of an RFC 3464 report: each has a Final-Recipient field. */
function reportRecipients(text: string): BounceRecipient[] {
  return text
    .split(/\n[ \t]*\n/)
    .filter((block) => /^Final-Recipient[ \t]*:/im.test(block))
    .map((block) => {
      const recipient = field(block, 'Final-Recipient') ?? ''
      const status = STATUS.exec(field(block, 'Status') ?? '')?.[1] ?? null
      return {
        address: recipient.replace(/^[^;]*;\s*/, '').replace(/^<|>$/g, ''),
        action: actionOf(field(block, 'Action'), status),
        status,
        diagnostic: field(block, 'Diagnostic-Code'),
      }
    })
}

/** Old MTAs: no report part, just a line `<address>: reason` in the text. */
function plainTextRecipients(text: string): BounceRecipient[] {
  const line = /^[ \t]*<([^<>\s]+@[^<>\s]+)>:?(.*)$/m.exec(text)
  if (!line?.[1]) return []
  const rest = text.slice(line.index)
  const status = STATUS.exec(rest.split(/\n[ \t]*\n/)[0] ?? '')?.[1] ?? null
  return [{ address: line[1], action: actionOf(null, status), status, diagnostic: line[2]?.trim() || null }]
}

function originalMessageId(mail: ParsedMail): string | null {
  for (const part of mail.attachments) {
    if (part.contentType !== 'text/rfc822-headers' && part.contentType !== 'message/rfc822') continue
    const content = part.content.toString('utf8').replace(/\r\n?/g, '\n')
    const head = content.split(/\n\n/)[0] ?? ''
    const id = /<[^<>\s]+>/.exec(field(head, 'Message-ID') ?? '')?.[0]
    if (id) return id
  }
  // A quoted copy in the text, as plain-text bounces carry it.
  return /^[ \t>]*Message-ID[ \t]*:[ \t]*(<[^<>\s]+>)/im.exec(mail.text)?.[1] ?? null
}

/** Reads the bounce details of a message already classified as a bounce. */
export function readBounce(mail: ParsedMail): BounceInfo {
  const text = mail.text
  const fromReport = reportRecipients(text)
  return {
    recipients: fromReport.length > 0 ? fromReport : plainTextRecipients(text),
    originalMessageId: originalMessageId(mail),
  }
}
