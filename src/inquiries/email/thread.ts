/**
 * Which inquiry an inbound message belongs to. The parser's `threadingKeys` knows the rules and their
 * order; this module gives it a `ThreadWorld` over the inquiries of one municipality, and adds the
 * token our receipts actually carry: the inquiry's random `reply_token` on `<slug>+<token>@…`
 * (receipt-mail.ts), checked first, as rule 1 of the contract. The contract's HMAC form
 * (`ref.check`) is understood too, with a reply secret derived from RADHUS_SECRET.
 */
import { createHmac } from 'node:crypto'
import type { Executor } from '../../db/index.ts'
import {
  type Classification,
  type ParsedMail,
  type ThreadDecision,
  type ThreadWorld,
  threadingKeys,
} from '../../mail/inbound/index.ts'
import { tokenOf } from '../../mail/inbound/reply-token.ts'
import * as store from './store.ts'

/** The secret of `ref.check` reply tokens, derived so it never equals the cookie secret itself. */
export const replySecret = (secret: string) => createHmac('sha256', secret).update('radhus.reply-token').digest('hex')

export function inquiryWorld(db: Executor, municipalityId: string): ThreadWorld {
  return {
    async findInquiry(reference) {
      const inquiry = await store.findInquiryByReference(db, municipalityId, reference)
      return inquiry ? { reference: inquiry.reference, citizen: inquiry.citizen_email ?? '' } : null
    },
    async findInquiryByMessageId(messageId) {
      return (await store.findInquiryByMessageId(db, municipalityId, messageId))?.reference ?? null
    },
  }
}

/** The inquiry whose random reply token is in one of the recipient addresses, if any. */
async function byReplyToken(db: Executor, municipalityId: string, mail: ParsedMail, ours: readonly string[]) {
  const recipients = [...mail.to, ...mail.cc].map((r) => r.address).concat(mail.deliveredTo)
  for (const address of recipients) {
    const token = tokenOf(address, ours)
    const inquiry = token ? await store.findInquiryByReplyToken(db, municipalityId, token) : undefined
    if (inquiry) return inquiry
  }
  return undefined
}

/** The thread decision of the contract (§4, §5) for a message to this municipality. */
export async function resolveThread(
  db: Executor,
  municipalityId: string,
  mail: ParsedMail,
  classification: Classification,
  context: { secret: string; ourAddresses: string[] },
): Promise<ThreadDecision> {
  if (classification.kind === 'human' || classification.kind === 'auto_reply') {
    const inquiry = await byReplyToken(db, municipalityId, mail, context.ourAddresses)
    if (inquiry) {
      return classification.kind === 'human'
        ? { by: 'token', inquiry: inquiry.reference }
        : { by: 'token', inquiry: inquiry.reference, as: 'system-note' }
    }
  }
  return threadingKeys(mail, inquiryWorld(db, municipalityId), {
    secret: replySecret(context.secret),
    ourAddresses: context.ourAddresses,
    classification,
  })
}
