/**
 * The receipt as a PDF, made in a background job after the submission commits (the citizen does not
 * wait for it): the reference, time, service, decision, every answer, each attachment with its SHA-256
 * checksum, the expected processing time, what happens next, and for a refusal the complaint guidance.
 * The PDF is kept as a journal document, so it is part of the record and cannot change unnoticed.
 */
import PDFDocument from 'pdfkit'
import { inGroupTransaction } from '../../db/group-commit.ts'
import type { Db, Executor, Trx } from '../../db/index.ts'
import { nowIso } from '../../db/index.ts'
import type { MunicipalityRow } from '../../db/schema.ts'
import { translator } from '../../i18n/index.ts'
import { record } from '../../journal/service.ts'
import { findMunicipalityById } from '../../municipalities/service.ts'
import { complaintGuidance } from '../decisions/guidance.ts'
import { formatDateTime, formatDay, formatPublicAnswer, formatSize } from '../format.ts'
import type { Text } from '../forms/definition.ts'
import { isVisible } from '../forms/validate.ts'
import * as store from '../store.ts'
import { type SubmissionStatus, statusOf } from './service.ts'

/**
 * The worker runs in the server's process: laying out a PDF is synchronous work (about a millisecond), so
 * it gives way to the requests already waiting once, before the receipt, and then lays out the whole
 * document. Giving way between sections as well made each receipt wait for several turns of a busy event
 * loop.
 */
const giveWay = () => new Promise<void>((resolve) => setImmediate(resolve))

async function render(municipality: MunicipalityRow, status: SubmissionStatus): Promise<Buffer> {
  const { submission, definition, answers, attachments, decision } = status
  const language = submission.language
  const t = translator(language)
  const tz = municipality.time_zone
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `${t('selfservice.receipt.pdf_title')} ${submission.reference}`, Author: municipality.name },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  const heading = (text: string) =>
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(text).font('Helvetica').fontSize(10)
  const fact = (label: string, value: string) =>
    doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value)

  doc.fontSize(9).text(municipality.name)
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(18).text(t('selfservice.receipt.pdf_title'))
  doc.font('Helvetica').fontSize(12).text(definition.title[language])
  doc.moveDown(0.8).fontSize(10)
  fact(t('selfservice.receipt.reference'), submission.reference)
  fact(t('selfservice.receipt.submitted'), formatDateTime(submission.submitted_at, language, tz))
  fact(t('selfservice.receipt.channel'), t(`selfservice.channel.${submission.channel}`))
  fact(t('selfservice.receipt.version'), String(submission.version))

  heading(t('selfservice.receipt.decision'))
  if (decision?.outcome === 'approved') doc.text(t('selfservice.decision.approved'))
  else if (decision?.outcome === 'refused') {
    doc.text(t('selfservice.decision.refused'))
    for (const reason of JSON.parse(decision.reasons) as Text[]) doc.text(`• ${reason[language]}`, { indent: 10 })
    heading(t('selfservice.decision.complaint_heading'))
    doc.text(complaintGuidance(municipality.country, language, municipality.name))
  } else doc.text(t('selfservice.receipt.case', { date: formatDay(submission.expected_by, language, tz) }))

  heading(t('selfservice.receipt.answers'))
  for (const step of definition.steps) {
    doc.moveDown(0.3).font('Helvetica-Bold').text(step.title[language]).font('Helvetica')
    for (const field of step.fields) {
      if (field.type === 'attachments' || !isVisible(field, answers)) continue
      doc.text(`${field.label[language]}: ${formatPublicAnswer(field, answers[field.id], language, t)}`, { indent: 10 })
    }
  }

  heading(t('selfservice.receipt.attachments'))
  if (attachments.length === 0) doc.text(t('selfservice.receipt.no_attachments'))
  for (const a of attachments) {
    doc.text(`${a.file_name} (${formatSize(a.size, language)})`)
    doc.font('Courier').fontSize(8).text(`SHA-256 ${a.sha256}`, { indent: 10 }).font('Helvetica').fontSize(10)
  }

  heading(t('selfservice.receipt.processing'))
  doc.text(
    t('selfservice.receipt.processing_text', {
      digital: definition.processing.digitalDays,
      other: definition.processing.otherDays,
      date: formatDay(submission.expected_by, language, tz),
    }),
  )
  heading(t('selfservice.receipt.next'))
  doc.text(definition.next[language])
  doc.end()
  return done
}

/**
 * Make and keep the receipt PDF of a submission; safe to run again (a ready receipt is left alone).
 * Read, laid out and kept in one transaction: on SQLite the next commit shared with submissions arriving
 * (`db/group-commit.ts`), so a busy server's receipts wait for one turn at the database, not one per read.
 */
export async function generateReceipt(db: Executor, submissionId: string): Promise<void> {
  if (db.isTransaction) return makeReceipt(db as Trx, submissionId)
  await giveWay()
  await inGroupTransaction(db as Db, (trx) => makeReceipt(trx, submissionId))
}

async function makeReceipt(trx: Trx, submissionId: string): Promise<void> {
  const submission = await store.findSubmission(trx, submissionId)
  if (!submission || submission.receipt_hash) return
  const municipality = await findMunicipalityById(trx, submission.municipality_id)
  if (!municipality) return
  const pdf = await render(municipality, await statusOf(trx, submission))
  const { documentHashes } = await record(trx, {
    municipalityId: submission.municipality_id,
    actor: { type: 'system' },
    action: 'selfservice.receipt.generated',
    subject: { type: 'selfservice_submission', id: submission.id },
    summary: `Receipt PDF for ${submission.reference}`,
    documents: [{ body: pdf, mediaType: 'application/pdf' }],
  })
  await store.setReceipt(trx, submission.id, documentHashes[0] as string, nowIso())
}
