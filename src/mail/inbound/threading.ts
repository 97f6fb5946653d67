/**
 * Which inquiry an inbound message belongs to (contract §4), and whether it earns an automatic
 * receipt (§5). The lookups go through `ThreadWorld`, which the inquiry store implements; this module
 * only knows the order of the rules.
 */
import { sameAddress } from './addresses.ts'
import { type Classification, classify } from './classify.ts'
import { tokenOf, verifyReplyToken } from './reply-token.ts'
import type { ParsedMail } from './types.ts'

/** The lookups threading needs. All references are matched case-insensitively. */
export interface ThreadWorld {
  /** The inquiry with this reference (e.g. `h-2025-0042`), with its canonical reference and citizen address. */
  findInquiry(reference: string): Promise<{ reference: string; citizen: string } | null>
  /** The reference of the inquiry in which we sent (or received) the message with this Message-ID. */
  findInquiryByMessageId(messageId: string): Promise<string | null>
}

export const THREAD_RULES = ['token', 'in-reply-to', 'references', 'subject-tag', 'new', 'bounce', 'none'] as const
export type ThreadRule = (typeof THREAD_RULES)[number]

export interface ThreadDecision {
  by: ThreadRule
  /** The inquiry reference, for every rule except `new` and `none`. */
  inquiry?: string
  /** How the message joins the inquiry when it is not a normal citizen message. */
  as?: 'system-note' | 'delivery-failure'
}

export interface ThreadingContext {
  /** The reply-token secret. */
  secret: string
  ourAddresses: string[]
  /** Computed with `classify` when omitted. */
  classification?: Classification
}

/** Rules 1-4 of §4, in order; null when none matches. */
async function resolveExisting(mail: ParsedMail, world: ThreadWorld, context: ThreadingContext) {
  const recipients = [...mail.to, ...mail.cc].map((r) => r.address).concat(mail.deliveredTo)
  for (const address of recipients) {
    const token = tokenOf(address, context.ourAddresses)
    const reference = token ? verifyReplyToken(token, context.secret) : null
    const inquiry = reference ? await world.findInquiry(reference) : null
    if (inquiry) return { by: 'token' as const, inquiry: inquiry.reference }
  }
  if (mail.inReplyTo) {
    const inquiry = await world.findInquiryByMessageId(mail.inReplyTo)
    if (inquiry) return { by: 'in-reply-to' as const, inquiry }
  }
  for (const id of [...mail.references].reverse()) {
    const inquiry = await world.findInquiryByMessageId(id)
    if (inquiry) return { by: 'references' as const, inquiry }
  }
  // Anyone can type a tag, so it only counts from the inquiry's own citizen.
  const tagged = mail.subjectTag ? await world.findInquiry(mail.subjectTag) : null
  if (tagged && mail.from && sameAddress(tagged.citizen, mail.from.address)) {
    return { by: 'subject-tag' as const, inquiry: tagged.reference }
  }
  return null
}

/**
 * Decides the thread of a parsed message. Loops and bulk mail join nothing; a bounce joins the
 * inquiry of the bounced message; an auto-reply joins an existing inquiry as a system note and never
 * starts one; a human message joins an existing inquiry or starts a new one.
 *
 * @example await threadingKeys(mail, world, { secret, ourAddresses }) // { by: 'token', inquiry: 'H-2025-0107' }
 */
export async function threadingKeys(
  mail: ParsedMail,
  world: ThreadWorld,
  context: ThreadingContext,
): Promise<ThreadDecision> {
  const classification = context.classification ?? classify(mail)
  switch (classification.kind) {
    case 'loop':
    case 'bulk':
      return { by: 'none' }
    case 'bounce': {
      const original = classification.bounce?.originalMessageId
      const inquiry = original ? await world.findInquiryByMessageId(original) : null
      return inquiry ? { by: 'bounce', inquiry, as: 'delivery-failure' } : { by: 'none' }
    }
    case 'auto_reply': {
      const existing = await resolveExisting(mail, world, context)
      return existing ? { ...existing, as: 'system-note' } : { by: 'none' }
    }
    case 'human':
      return (await resolveExisting(mail, world, context)) ?? { by: 'new' }
  }
}

/**
 * Whether to send the automatic "we have received your inquiry": only to a human message that
 * starts a new inquiry, and never to a sender who asked not to be auto-answered.
 */
export function shouldSendReceipt(classification: Classification, thread: ThreadDecision): boolean {
  return classification.kind === 'human' && thread.by === 'new' && !classification.suppressReceipt
}
