/**
 * The receipt e-mail: the same facts as the receipt page (reference, time, what was applied for, the
 * decision or the expected processing time, what happens next, the status link where the PDF receipt
 * can be downloaded), in the citizen's language, queued through the outbox in the submission's transaction.
 */
import type { Trx } from '../../db/index.ts'
import type { MunicipalityRow } from '../../db/schema.ts'
import type { AttachmentRow, DecisionRow, SubmissionRow } from '../../db/tables/selfservice.ts'
import { translator } from '../../i18n/index.ts'
import { municipalitySender, queueMail } from '../../mail/outbox/service.ts'
import { formatDateTime, formatDay, formatSize } from '../format.ts'
import type { Definition, Text } from '../forms/definition.ts'

export interface ReceiptMailFacts {
  municipality: MunicipalityRow
  submission: SubmissionRow
  definition: Definition
  attachments: readonly AttachmentRow[]
  decision: DecisionRow | undefined
  statusUrl: string
  mailDomain: string
}

export function composeReceiptMail(facts: ReceiptMailFacts): { subject: string; text: string } {
  const { municipality, submission, definition, decision } = facts
  const language = submission.language
  const t = translator(language)
  const tz = municipality.time_zone
  const title = definition.title[language]
  const outcome = decision
    ? decision.outcome === 'approved'
      ? [t('selfservice.decision.approved')]
      : [
          t('selfservice.decision.refused'),
          ...(JSON.parse(decision.reasons) as Text[]).map((r) => `- ${r[language]}`),
          '',
          t('selfservice.decision.review_offer'),
        ]
    : [t('selfservice.receipt.case', { date: formatDay(submission.expected_by, language, tz) })]
  const files = facts.attachments.length
    ? facts.attachments.map((a) => `- ${a.file_name} (${formatSize(a.size, language)}), SHA-256 ${a.sha256}`)
    : [t('selfservice.receipt.no_attachments')]
  const text = [
    t('selfservice.mail.greeting', { name: submission.citizen_name }),
    '',
    t('selfservice.mail.intro', { service: title, municipality: municipality.name }),
    '',
    `${t('selfservice.receipt.reference')}: ${submission.reference}`,
    `${t('selfservice.receipt.submitted')}: ${formatDateTime(submission.submitted_at, language, tz)}`,
    '',
    ...outcome,
    '',
    `${t('selfservice.receipt.attachments')}:`,
    ...files,
    '',
    `${t('selfservice.receipt.next')}: ${definition.next[language]}`,
    '',
    t('selfservice.mail.status'),
    facts.statusUrl,
    '',
    municipality.name,
  ].join('\n')
  return { subject: t('selfservice.mail.subject', { service: title, reference: submission.reference }), text }
}

export async function queueReceiptMail(trx: Trx, facts: ReceiptMailFacts): Promise<void> {
  const { submission, municipality } = facts
  if (!submission.citizen_email) return
  const { subject, text } = composeReceiptMail(facts)
  await queueMail(trx, {
    municipalityId: municipality.id,
    to: { address: submission.citizen_email, name: submission.citizen_name },
    from: municipalitySender(municipality, facts.mailDomain),
    subject,
    text,
    regarding: { type: 'selfservice_submission', id: submission.id },
    purpose: 'selfservice.receipt',
    autoSubmitted: 'auto-replied',
  })
}
