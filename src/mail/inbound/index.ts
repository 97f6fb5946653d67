/** Inbound e-mail for the contact centre: parse, classify, thread. See README.md. */
export { baseAddress, isOurAddress, sameAddress } from './addresses.ts'
export type { BounceAction, BounceInfo, BounceRecipient } from './bounce.ts'
export { type Classification, classify, MAIL_CLASSES, type MailClass } from './classify.ts'
export { sanitizeHtml } from './html.ts'
export { DEFAULT_MAX_BYTES, parseInbound } from './parse.ts'
export { plusAddress, replyToken, verifyReplyToken } from './reply-token.ts'
export { normalizeSubject, subjectTag } from './subject.ts'
export {
  shouldSendReceipt,
  THREAD_RULES,
  type ThreadDecision,
  type ThreadingContext,
  type ThreadRule,
  type ThreadWorld,
  threadingKeys,
} from './threading.ts'
export type * from './types.ts'
