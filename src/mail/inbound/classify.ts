/**
 * Robot detection (contract §5). Runs before threading; the first matching rule wins:
 * loop, bounce, auto_reply, bulk, human. Robots are never answered, which is what keeps two
 * auto-responders from mailing each other forever.
 */
import { type BounceInfo, readBounce } from './bounce.ts'
import type { ParsedMail } from './types.ts'

export const MAIL_CLASSES = ['loop', 'bounce', 'auto_reply', 'bulk', 'human'] as const
export type MailClass = (typeof MAIL_CLASSES)[number]

export interface Classification {
  kind: MailClass
  /** Which rule matched, for the log and for staff ("Auto-Submitted: auto-replied"). */
  reason: string
  /** The sender asked not to be auto-answered (X-Auto-Response-Suppress, or an empty return path). */
  suppressReceipt: boolean
  /** Set for `bounce`. */
  bounce?: BounceInfo
}

const AUTO_REPLY_SUBJECT =
  /^\s*(automatic reply|automatisk svar|autosvar|out of office|fraværende|frånvarande|frånvaro)\s*:/i
const MAILER_SENDER = /^(mailer-daemon|postmaster)@/i

function first(mail: ParsedMail, name: string): string | null {
  return mail.headers[name]?.[0] ?? null
}

function has(mail: ParsedMail, name: string): boolean {
  return (mail.headers[name]?.length ?? 0) > 0
}

function isDeliveryReport(mail: ParsedMail): boolean {
  const type = first(mail, 'content-type') ?? ''
  return /^\s*multipart\/report\b/i.test(type) && /report-type\s*=\s*"?delivery-status/i.test(type)
}

function robotRule(mail: ParsedMail): Pick<Classification, 'kind' | 'reason'> {
  if (mail.fromUs) return { kind: 'loop', reason: 'From is our own address' }
  if (has(mail, 'x-raadhus-loop')) return { kind: 'loop', reason: 'X-Raadhus-Loop' }
  if (isDeliveryReport(mail)) return { kind: 'bounce', reason: 'multipart/report; report-type=delivery-status' }
  if (mail.emptyReturnPath && MAILER_SENDER.test(mail.from?.address ?? '')) {
    return { kind: 'bounce', reason: 'Return-Path <> from a mailer daemon' }
  }
  const autoSubmitted = first(mail, 'auto-submitted')
  if (autoSubmitted !== null && autoSubmitted.toLowerCase().split(/[;\s]/)[0] !== 'no') {
    return { kind: 'auto_reply', reason: `Auto-Submitted: ${autoSubmitted}` }
  }
  if (has(mail, 'x-autoreply')) return { kind: 'auto_reply', reason: 'X-Autoreply' }
  if (has(mail, 'x-autorespond')) return { kind: 'auto_reply', reason: 'X-Autorespond' }
  const precedence = (first(mail, 'precedence') ?? '').trim().toLowerCase()
  if (precedence === 'auto_reply') return { kind: 'auto_reply', reason: 'Precedence: auto_reply' }
  if (AUTO_REPLY_SUBJECT.test(mail.subject)) return { kind: 'auto_reply', reason: 'auto-reply subject prefix' }
  if (['bulk', 'junk', 'list'].includes(precedence)) return { kind: 'bulk', reason: `Precedence: ${precedence}` }
  if (has(mail, 'list-id')) return { kind: 'bulk', reason: 'List-Id' }
  if (has(mail, 'list-unsubscribe')) return { kind: 'bulk', reason: 'List-Unsubscribe' }
  return { kind: 'human', reason: 'no robot rule matched' }
}

/**
 * Classifies a parsed message; for a bounce also reads the failed recipients and the original Message-ID.
 *
 * @example classify(await parseInbound(raw, opts)) // { kind: 'auto_reply', reason: 'Auto-Submitted: auto-replied', … }
 */
export function classify(mail: ParsedMail): Classification {
  const rule = robotRule(mail)
  const suppressReceipt = has(mail, 'x-auto-response-suppress') || mail.emptyReturnPath
  return rule.kind === 'bounce' ? { ...rule, suppressReceipt, bounce: readBounce(mail) } : { ...rule, suppressReceipt }
}
