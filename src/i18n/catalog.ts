/**
 * Every feature's strings, merged per language. A feature adds its `messages.ts` here.
 */
import { apiMessages } from '../api/messages.ts'
import { boardMessages } from '../board/messages.ts'
import { chatsMessages } from '../chats/messages.ts'
import { citizensMessages } from '../citizens/messages.ts'
import type { Language } from '../db/schema.ts'
import { dialogsMessages } from '../dialogs/messages.ts'
import { identityMessages } from '../identity/messages.ts'
import { bulkMessages } from '../inquiries/bulk/messages.ts'
import { inquiryCaseMessages } from '../inquiries/case/messages.ts'
import { emailMessages } from '../inquiries/email/messages.ts'
import { inboxMessages } from '../inquiries/inbox/messages.ts'
import { inquiryMessages } from '../inquiries/messages.ts'
import { routingMessages } from '../inquiries/routing/messages.ts'
import { journalMessages } from '../journal/messages.ts'
import { mailMessages } from '../mail/messages.ts'
import { moderationMessages } from '../moderation/messages.ts'
import { municipalityMessages } from '../municipalities/messages.ts'
import { selfserviceMessages } from '../selfservice/messages.ts'
import { webMessages } from '../web/messages.ts'

const FEATURES = [
  webMessages,
  identityMessages,
  journalMessages,
  municipalityMessages,
  apiMessages,
  mailMessages,
  inquiryMessages,
  routingMessages,
  bulkMessages,
  emailMessages,
  inboxMessages,
  inquiryCaseMessages,
  moderationMessages,
  citizensMessages,
  boardMessages,
  selfserviceMessages,
  chatsMessages,
  dialogsMessages,
] as const

type KeysOf<T> = T extends { en: Record<infer K, string> } ? K : never
type AllKeys = KeysOf<(typeof FEATURES)[number]>
/** A key with `_one`/`_other` forms may be used without the suffix; `t` picks the form from `count`. */
type PluralBase<K> = K extends `${infer B}_other` ? B : never
export type MessageKey = AllKeys | PluralBase<AllKeys>

export const catalog = Object.fromEntries(
  (['da', 'sv', 'en'] as const).map((language) => [
    language,
    Object.assign({}, ...FEATURES.map((feature) => feature[language])),
  ]),
) as Record<Language, Record<AllKeys, string>>
