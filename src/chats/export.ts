/**
 * The full record of a live chat for an access-to-documents request: every question, published or
 * not, with what happened to it and why (the house rule and reason of a rejection, the duplicate it was
 * merged into, the politician and answer). Identity numbers are masked here as on every page: the
 * unmasked text stays in the journal for the authority's own review. E-mail addresses are left out.
 */
import PDFDocument from 'pdfkit'
import type { Db } from '../db/index.ts'
import type { ChatQuestionRow, ChatSessionRow } from '../db/tables/chats.ts'
import type { Language, Translate } from '../i18n/index.ts'
import { dateTimeFormat, LOCALES } from '../i18n/intl.ts'
import { toCsv } from '../web/csv.ts'
import { maskIdentityNumbers } from '../web/identity-numbers.ts'
import { findingsOf } from './questions.ts'
import { loadChat } from './sessions.ts'
import * as store from './store.ts'

/** A moment in the municipality's zone and the reader's language, e.g. "24. november 2026 kl. 19.00". */
export function formatDateTime(iso: string, language: Language, timeZone: string): string {
  return dateTimeFormat(LOCALES[language], { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso))
}

export interface RecordRow {
  number: number
  receivedAt: string
  asker: string
  question: string
  checks: string
  state: ChatQuestionRow['state']
  stateLabel: string
  rule: string
  reason: string
  mergedInto: string
  politician: string
  party: string
  answer: string
  publishedAt: string
  publishOrder: string
}

export interface ChatRecord {
  chat: ChatSessionRow
  rows: RecordRow[]
}

/** Every question of a chat, in arrival order, as the record shows them. */
export async function chatRecord(
  db: Db,
  municipalityId: string,
  chatId: string,
  t: Translate,
  language: Language,
  timeZone: string,
): Promise<ChatRecord> {
  const { chat, politicians } = await loadChat(db, municipalityId, chatId)
  const questions = await store.listQuestions(db, chat.id)
  const byId = new Map(questions.map((q) => [q.id, q]))
  const panel = new Map(politicians.map((p) => [p.user_id, p]))
  const when = (iso: string | null) => (iso ? formatDateTime(iso, language, timeZone) : '')
  const rows = questions.map((q): RecordRow => {
    const politician = q.assigned_to ? panel.get(q.assigned_to) : undefined
    return {
      number: q.number,
      receivedAt: when(q.received_at),
      asker: maskIdentityNumbers(q.author_name),
      question: maskIdentityNumbers(q.body),
      checks: findingsOf(q).join(', '),
      state: q.state,
      stateLabel: t(`chats.state.${q.state}`),
      rule: q.reject_rule ?? '',
      reason: q.reject_reason ? maskIdentityNumbers(q.reject_reason) : '',
      mergedInto: q.merged_into ? `#${byId.get(q.merged_into)?.number ?? ''}` : '',
      politician: politician?.name ?? '',
      party: politician?.party ?? '',
      answer: q.answer ?? '',
      publishedAt: when(q.published_at),
      publishOrder: q.publish_seq === null ? '' : String(q.publish_seq),
    }
  })
  return { chat, rows }
}

const CSV_COLUMNS = [
  'number',
  'receivedAt',
  'asker',
  'question',
  'checks',
  'stateLabel',
  'rule',
  'reason',
  'mergedInto',
  'politician',
  'party',
  'answer',
  'publishedAt',
  'publishOrder',
] as const satisfies readonly (keyof RecordRow)[]

export function recordCsv(record: ChatRecord, t: Translate): string {
  const header = CSV_COLUMNS.map((c) => t(`chats.export.column.${c}`))
  return toCsv([header, ...record.rows.map((r) => CSV_COLUMNS.map((c) => r[c]))], { bom: true })
}

export function recordPdf(record: ChatRecord, t: Translate, municipalityName: string, when: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: record.chat.title, Author: municipalityName } })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.font('Helvetica-Bold').fontSize(16).text(record.chat.title)
  doc.font('Helvetica').fontSize(10).text(`${municipalityName} · ${when}`)
  doc.moveDown(0.5).text(t('chats.export.pdf_intro', { count: record.rows.length }))
  doc.moveDown()
  for (const r of record.rows) {
    doc.font('Helvetica-Bold').fontSize(11).text(`#${r.number} · ${r.stateLabel} · ${r.receivedAt}`)
    doc.font('Helvetica').fontSize(10)
    doc.text(`${t('chats.export.column.asker')}: ${r.asker}`)
    doc.text(r.question, { indent: 10 })
    if (r.checks) doc.text(`${t('chats.export.column.checks')}: ${r.checks}`)
    if (r.rule) doc.text(`${t('chats.export.column.rule')}: ${r.rule}${r.reason ? ` (${r.reason})` : ''}`)
    if (r.mergedInto) doc.text(`${t('chats.export.column.mergedInto')}: ${r.mergedInto}`)
    if (r.politician) doc.text(`${t('chats.export.column.politician')}: ${r.politician}, ${r.party}`)
    if (r.answer) {
      doc.text(`${t('chats.export.column.answer')} (${r.publishedAt}):`)
      doc.text(r.answer, { indent: 10 })
    }
    doc.moveDown()
  }
  doc.end()
  return done
}
