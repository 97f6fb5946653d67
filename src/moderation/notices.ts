/**
 * What the author is told by e-mail, in their language: that a post was hidden, under which house rule
 * and why, with the link to appeal once; and how the appeal ended. Identity numbers in the quoted post
 * are masked: mail is not private.
 */
import type { Trx } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import type { ModerationItemRow } from '../db/tables/moderation.ts'
import { translator } from '../i18n/index.ts'
import { municipalitySender, queueMail } from '../mail/outbox/service.ts'
import { maskIdentityNumbers } from '../web/identity-numbers.ts'
import { appealDeadline } from './appeals.ts'
import { ruleTitle } from './rules.ts'
import { formatDate } from './views/parts.tsx'

interface Notice {
  municipality: MunicipalityRow
  item: ModerationItemRow
  mailDomain: string
  reason?: string | undefined
  /** The house rules page, at the rule applied. */
  rulesUrl?: string
}

const quote = (text: string) =>
  maskIdentityNumbers(text)
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n')

async function ruleName(trx: Trx, notice: Notice): Promise<string> {
  const { item } = notice
  if (!item.rule) return ''
  return (await ruleTitle(trx, item.municipality_id, item.rule, item.rule_version, item.language)) ?? item.rule
}

async function send(trx: Trx, notice: Notice, purpose: string, subject: string, lines: string[]) {
  const { item, municipality } = notice
  if (!item.author_email) return
  await queueMail(trx, {
    municipalityId: municipality.id,
    to: { address: item.author_email, name: item.author_name },
    from: municipalitySender(municipality, notice.mailDomain),
    subject,
    text: lines.join('\n'),
    regarding: { type: 'moderation_item', id: item.id },
    purpose,
    autoSubmitted: 'auto-generated',
  })
}

/** The last day of the appeal period, in the author's language and the municipality's calendar. */
const appealUntil = ({ item, municipality }: Notice): string =>
  formatDate(
    appealDeadline(item.decided_at ?? new Date().toISOString()).toISOString(),
    item.language,
    municipality.time_zone,
  )

/** The post was hidden: the rule, the moderator's reason, and (once) the link to appeal. */
export async function queueHiddenMail(trx: Trx, notice: Notice & { appealUrl?: string }): Promise<void> {
  const t = translator(notice.item.language)
  const reason = notice.reason?.trim()
  await send(trx, notice, 'moderation.hidden', t('moderation.mail.hidden_subject'), [
    t('moderation.mail.greeting', { name: notice.item.author_name }),
    '',
    t('moderation.mail.hidden_intro', { municipality: notice.municipality.name, rule: await ruleName(trx, notice) }),
    ...(reason ? ['', t('moderation.mail.reason', { reason })] : []),
    '',
    `${t('moderation.mail.your_post')}:`,
    quote(notice.item.text),
    '',
    ...(notice.appealUrl
      ? [t('moderation.mail.appeal'), notice.appealUrl, t('moderation.appeal.until', { date: appealUntil(notice) }), '']
      : []),
    ...(notice.rulesUrl ? [t('moderation.mail.rules'), notice.rulesUrl, ''] : []),
    t('moderation.mail.sign_off'),
    notice.municipality.name,
  ])
}

/** The appeal was decided by another moderator. */
export async function queueAppealOutcomeMail(trx: Trx, notice: Notice & { granted: boolean }): Promise<void> {
  const t = translator(notice.item.language)
  const reason = notice.reason?.trim()
  await send(trx, notice, 'moderation.appeal_decided', t('moderation.mail.appeal_subject'), [
    t('moderation.mail.greeting', { name: notice.item.author_name }),
    '',
    notice.granted
      ? t('moderation.mail.appeal_granted')
      : t('moderation.mail.appeal_upheld', { rule: await ruleName(trx, notice) }),
    ...(reason ? ['', t('moderation.mail.reason', { reason })] : []),
    '',
    t('moderation.mail.sign_off'),
    notice.municipality.name,
  ])
}
