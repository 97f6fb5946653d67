/**
 * Submission: the answers checked again on the server against the version they were made on, a
 * reference, the answers and attachments as journal documents, the instant decision (rules and version
 * recorded and journaled), the receipt e-mail through the outbox and the receipt PDF as a background job,
 * all in one transaction. A submission that needs a person becomes an inquiry (channel `selfservice`)
 * in the department's queue, with the contact centre's deadlines, answers and journal; so does a
 * refusal whose review the citizen asks for.
 */
import { createHash } from 'node:crypto'
import { dueAt, localDate } from '../../calendar/business-days.ts'
import { inGroupTransaction } from '../../db/group-commit.ts'
import type { Db, Executor } from '../../db/index.ts'
import { newId, nowIso } from '../../db/index.ts'
import type { Language, MunicipalityRow } from '../../db/schema.ts'
import type { AttachmentRow, DecisionRow, SubmissionChannel, SubmissionRow } from '../../db/tables/selfservice.ts'
import { translator } from '../../i18n/index.ts'
import { newSecret, secretHash } from '../../identity/tokens.ts'
import { receiveInquiry } from '../../inquiries/service.ts'
import { enqueue } from '../../jobs/service.ts'
import { type Actor, findDocument, record } from '../../journal/service.ts'
import { BadRequest, Conflict, type FieldErrors, NotFound } from '../../web/errors.ts'
import { definitionAt, type Service } from '../catalogue/service.ts'
import { evaluate } from '../decisions/rules.ts'
import { formatAnswer } from '../format.ts'
import { allFields, type Definition, EMAIL_FIELD, NAME_FIELD } from '../forms/definition.ts'
import { type Answers, checkAll, municipalToday } from '../forms/validate.ts'
import * as store from '../store.ts'
import { queueReceiptMail } from './receipt-mail.ts'

export const RECEIPT_JOB = 'selfservice.receipt'
export const CASE_JOB = 'selfservice.case'

export const statusPath = (slug: string, token: string) => `/${slug}/services/s/${token}`

export interface SubmitContext {
  municipality: MunicipalityRow
  actor: Actor
  /** The staff member submitting on the citizen's behalf (assisted digital). */
  assistedBy?: string | null
  baseUrl: string
  mailDomain: string
}

export interface SubmitFile {
  field: string
  fileName: string
  contentType: string
  bytes: Uint8Array
}

export interface Submitted {
  submission: SubmissionRow
  decision: DecisionRow | undefined
  statusToken: string
}

/** `DEMO-S-2026-000123`: the municipality's short name, S for self-service, the local year, a yearly number. */
export function formatReference(slug: string, year: number, number: number): string {
  const prefix = (slug.split('-')[0] ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '') || 'SELF'
  return `${prefix.slice(0, 10)}-S-${year}-${String(number).padStart(6, '0')}`
}

/** Refuse what cannot be processed, naming each field; unknown names are refused as tampering. */
export function checkSubmission(
  definition: Definition,
  input: Record<string, unknown>,
  files: readonly { field: string }[],
  today: Date,
): Answers {
  const counts: Record<string, number> = {}
  for (const f of files) counts[f.field] = (counts[f.field] ?? 0) + 1
  const attachmentFields = new Set(
    allFields(definition)
      .filter((f) => f.type === 'attachments')
      .map((f) => f.id),
  )
  const { values, errors, unknown } = checkAll(definition, input, counts, { today })
  const strayFiles = files.filter((f) => !attachmentFields.has(f.field)).map((f) => f.field)
  const refused = [...new Set([...unknown, ...strayFiles])]
  if (refused.length) {
    const fields: FieldErrors = Object.fromEntries(
      refused.map((name) => [name, { key: 'web.validation.unknown_field' }]),
    )
    throw BadRequest('selfservice.form.unknown_fields', fields)
  }
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  return values
}

/**
 * Submit answers (and checked files) on a service's version. Throws BadRequest with field errors.
 * @example await submitApplication(db, ctx, service, { name: 'Jens', email: 'j@x.dk' }, [], { language: 'da' })
 */
export async function submitApplication(
  db: Db,
  context: SubmitContext,
  service: Service,
  input: Record<string, unknown>,
  files: readonly SubmitFile[],
  options: { language: Language; draftId?: string },
): Promise<Submitted> {
  const { municipality } = context
  const { definition } = service
  if (service.row.municipality_id !== municipality.id) throw NotFound('selfservice.service.not_found')
  const now = new Date()
  const today = municipalToday(municipality.time_zone, now)
  const answers = checkSubmission(definition, input, files, today)
  const evaluation = definition.handling === 'instant' ? evaluate(definition, answers, today) : undefined
  const channel: SubmissionChannel = context.assistedBy ? 'assisted' : 'digital'
  const statusToken = newSecret()
  const answersJson = JSON.stringify(answers)
  const answersHash = createHash('sha256').update(answersJson).digest('hex')
  // On SQLite, submissions arriving together share one commit; each is still all or nothing.
  const result = await inGroupTransaction(db, async (trx) => {
    const year = Number(localDate(now, municipality.time_zone).slice(0, 4))
    const number = await store.claimReferenceNumber(trx, municipality.id, year)
    const submittedAt = now.toISOString()
    const days = channel === 'digital' ? definition.processing.digitalDays : definition.processing.otherDays
    const submission: SubmissionRow = {
      id: newId(),
      municipality_id: municipality.id,
      service_id: service.row.id,
      version: service.version,
      reference: formatReference(municipality.slug, year, number),
      channel,
      assisted_by: context.assistedBy ?? null,
      status_token_hash: secretHash(statusToken),
      answers: answersJson,
      answers_hash: answersHash,
      citizen_name: String(answers[NAME_FIELD] ?? ''),
      citizen_email: typeof answers[EMAIL_FIELD] === 'string' && answers[EMAIL_FIELD] ? answers[EMAIL_FIELD] : null,
      language: options.language,
      submitted_at: submittedAt,
      expected_by: dueAt(now, days, municipality.country, municipality.time_zone).toISOString(),
      outcome: evaluation?.outcome ?? 'case',
      case_state: 'none',
      inquiry_id: null,
      inquiry_reference: null,
      receipt_hash: null,
      receipt_ready_at: null,
    }
    await store.insertSubmission(trx, submission)
    const { documentHashes } = await record(trx, {
      municipalityId: municipality.id,
      actor: context.actor,
      action: 'selfservice.submission.received',
      subject: { type: 'selfservice_submission', id: submission.id },
      summary: `Self-service ${service.row.slug} ${submission.reference} received (${channel}, form version ${service.version})`,
      documents: [
        { body: answersJson, mediaType: 'application/json' },
        ...files.map((f) => ({ body: f.bytes, mediaType: f.contentType })),
      ],
    })
    const attachments: AttachmentRow[] = files.map((f, i) => ({
      id: newId(),
      submission_id: submission.id,
      municipality_id: municipality.id,
      field: f.field,
      file_name: f.fileName,
      content_type: f.contentType,
      size: f.bytes.byteLength,
      sha256: documentHashes[i + 1] as string,
      position: i,
    }))
    await store.insertAttachments(trx, attachments)
    let decision: DecisionRow | undefined
    if (evaluation) {
      decision = {
        id: newId(),
        submission_id: submission.id,
        municipality_id: municipality.id,
        outcome: evaluation.outcome,
        version: service.version,
        rules: JSON.stringify(evaluation.results.map((r) => ({ ...r.rule, passed: r.passed }))),
        reasons: JSON.stringify(evaluation.reasons),
        decided_at: submittedAt,
        review_requested_at: null,
      }
      await store.insertDecision(trx, decision)
      const failed = evaluation.results.filter((r) => !r.passed).map((r) => r.rule.id)
      await record(trx, {
        municipalityId: municipality.id,
        actor: { type: 'system' },
        action: 'selfservice.decision.made',
        subject: { type: 'selfservice_submission', id: submission.id },
        summary:
          `Instant decision on ${submission.reference}: ${evaluation.outcome} by rules ` +
          `${evaluation.results.map((r) => r.rule.id).join(', ')} of form version ${service.version}` +
          (failed.length ? ` (not met: ${failed.join(', ')})` : ''),
        documents: [{ body: decision.rules, mediaType: 'application/json' }],
      })
    }
    await enqueue(trx, {
      kind: RECEIPT_JOB,
      payload: { submissionId: submission.id },
      municipalityId: municipality.id,
      dedupeKey: `${RECEIPT_JOB}:${submission.id}`,
    })
    if (submission.citizen_email) {
      await queueReceiptMail(trx, {
        municipality,
        submission,
        definition,
        attachments,
        decision,
        statusUrl: `${context.baseUrl}${statusPath(municipality.slug, statusToken)}`,
        mailDomain: context.mailDomain,
      })
    }
    if (options.draftId) await store.deleteDraft(trx, options.draftId)
    return { submission, decision }
  })
  if (definition.handling === 'case') {
    await openCase(db, context, result.submission, 'application')
    result.submission = (await store.findSubmission(db, result.submission.id)) ?? result.submission
  }
  return { ...result, statusToken }
}

/** The text a caseworker reads in the inbox: what was applied for, the reference, every answer. */
async function caseMessage(db: Executor, submission: SubmissionRow, reason: 'application' | 'review') {
  const definition = await definitionAt(db, submission.service_id, submission.version)
  const language = submission.language
  const t = translator(language)
  const answers = JSON.parse(submission.answers) as Answers
  const lines = [
    t(reason === 'review' ? 'selfservice.case.review_intro' : 'selfservice.case.intro', {
      service: definition.title[language],
      reference: submission.reference,
    }),
    '',
  ]
  if (reason === 'review') {
    const decision = await store.findDecision(db, submission.id)
    const reasons = decision ? (JSON.parse(decision.reasons) as Definition['title'][]) : []
    lines.push(t('selfservice.decision.reasons'), ...reasons.map((r) => `- ${r[language]}`), '')
  }
  for (const field of allFields(definition)) {
    if (field.type === 'attachments' || !(field.id in answers)) continue
    lines.push(`${field.label[language]}: ${formatAnswer(field, answers[field.id], language, t)}`)
  }
  return lines.join('\n')
}

/**
 * Put a submission in the department's queue as an inquiry. Safe to call twice: the first call claims
 * the submission; when the intake fails, the claim is released and a job tries again later.
 */
export async function openCase(
  db: Db,
  context: Omit<SubmitContext, 'actor' | 'assistedBy'> & { actor?: Actor },
  submission: SubmissionRow,
  reason: 'application' | 'review',
): Promise<boolean> {
  if (!(await store.claimCaseOpening(db, submission.id))) return false
  try {
    const definition = await definitionAt(db, submission.service_id, submission.version)
    const attachments = await store.listAttachments(db, submission.id)
    const accepted = []
    for (const a of attachments) {
      const doc = await findDocument(db, submission.municipality_id, a.sha256)
      if (doc?.body) accepted.push({ fileName: a.file_name, contentType: a.content_type, bytes: doc.body })
    }
    const { inquiry } = await receiveInquiry(
      db,
      {
        municipality: context.municipality,
        actor: context.actor ?? { type: 'system' },
        registeredBy: submission.assisted_by,
        baseUrl: context.baseUrl,
        mailDomain: context.mailDomain,
        // An application already has the self-service receipt; a review asked for later gets the case's own.
        sendReceipt: reason === 'review',
      },
      {
        topic: definition.caseTopic,
        message: await caseMessage(db, submission, reason),
        name: submission.citizen_name,
        email: submission.citizen_email ?? undefined,
        language: submission.language,
        channel: 'selfservice',
      },
      { accepted },
    )
    await db.transaction().execute(async (trx) => {
      await store.setCaseState(trx, submission.id, 'open', { id: inquiry.id, reference: inquiry.reference })
      await record(trx, {
        municipalityId: submission.municipality_id,
        actor: { type: 'system' },
        action: 'selfservice.case.opened',
        subject: { type: 'selfservice_submission', id: submission.id },
        summary: `${submission.reference} is in the queue as inquiry ${inquiry.reference} (${reason})`,
      })
    })
    return true
  } catch {
    // The submission is stored and journaled; only its case is late. A job opens it with retries.
    await store.setCaseState(db, submission.id, 'none')
    await enqueue(db, {
      kind: CASE_JOB,
      payload: { submissionId: submission.id, reason },
      municipalityId: submission.municipality_id,
      runAt: new Date(Date.now() + 30_000),
    })
    return false
  }
}

export interface SubmissionStatus {
  submission: SubmissionRow
  definition: Definition
  answers: Answers
  attachments: AttachmentRow[]
  decision: DecisionRow | undefined
}

export async function findByStatusToken(
  db: Executor,
  municipalityId: string,
  token: string,
): Promise<SubmissionStatus | undefined> {
  const submission = await store.findSubmissionByToken(db, municipalityId, secretHash(token))
  return submission ? statusOf(db, submission) : undefined
}

export async function statusOf(db: Executor, submission: SubmissionRow): Promise<SubmissionStatus> {
  const [definition, attachments, decision] = await Promise.all([
    definitionAt(db, submission.service_id, submission.version),
    store.listAttachments(db, submission.id),
    store.findDecision(db, submission.id),
  ])
  return { submission, definition, answers: JSON.parse(submission.answers) as Answers, attachments, decision }
}

/** The citizen asks a person to look at an instant refusal: journaled, and a case in the queue. */
export async function requestReview(
  db: Db,
  context: Omit<SubmitContext, 'actor' | 'assistedBy'>,
  token: string,
): Promise<SubmissionRow> {
  const status = await findByStatusToken(db, context.municipality.id, token)
  if (!status) throw NotFound('selfservice.status.not_found')
  const { submission, decision } = status
  if (decision?.outcome !== 'refused') throw Conflict('selfservice.review.not_refused')
  const first = await db.transaction().execute(async (trx) => {
    if (!(await store.markReviewRequested(trx, submission.id, nowIso()))) return false
    await record(trx, {
      municipalityId: submission.municipality_id,
      actor: { type: 'citizen' },
      action: 'selfservice.review.requested',
      subject: { type: 'selfservice_submission', id: submission.id },
      summary: `Human review of the instant refusal of ${submission.reference} requested`,
    })
    return true
  })
  if (first) await openCase(db, { ...context, actor: { type: 'citizen' } }, submission, 'review')
  return (await store.findSubmission(db, submission.id)) ?? submission
}
