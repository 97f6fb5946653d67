/**
 * The consultation's summary document ("hvidbog"/"samrådsredogörelse") as a PDF: the mandate in brief,
 * the overall feedback, then every published reply (personal data masked, address only when the author
 * allowed it) with the municipality's response.
 */
import PDFDocument from 'pdfkit'
import type { MunicipalityRow } from '../db/schema.ts'
import type { DialogContributionRow, DialogRow, DialogTextRow } from '../db/tables/dialogs.ts'
import type { Language } from '../i18n/index.ts'
import { translator } from '../i18n/index.ts'

export function renderHvidbog(
  municipality: MunicipalityRow,
  dialog: DialogRow,
  texts: DialogTextRow,
  replies: readonly DialogContributionRow[],
  withheld: number,
  language: Language,
): Promise<Buffer> {
  const t = translator(language)
  const title = t('dialogs.hvidbog.title', { title: texts.title })
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title, Author: municipality.name } })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.fontSize(9).text(municipality.name)
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(18).text(title)
  doc.font('Helvetica').fontSize(10).moveDown(0.5)
  doc.text(texts.summary)
  doc.moveDown(0.5).text(`${t('dialogs.mandate.period')}: ${dialog.starts_on} – ${dialog.ends_on}`)
  doc.text(`${t('dialogs.mandate.decides')}: ${texts.decides}`)
  if (withheld) doc.moveDown(0.5).text(t('dialogs.hvidbog.withheld', { count: withheld }))
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(t('dialogs.feedback.heading'))
  doc.font('Helvetica').fontSize(10).text(texts.feedback)
  replies.forEach((reply, i) => {
    const author = [reply.author_name]
    if (reply.organisation) author.push(t('dialogs.reply.on_behalf', { organisation: reply.organisation }))
    if (reply.address && !reply.hide_address) author.push(reply.address)
    doc
      .moveDown(1)
      .font('Helvetica-Bold')
      .fontSize(12)
      .text(`${i + 1}. ${author.join(', ')}`)
    doc.font('Helvetica').fontSize(10).text(reply.public_body)
    doc
      .moveDown(0.4)
      .font('Helvetica-Bold')
      .text(t('dialogs.response.heading', { municipality: municipality.name }))
    doc.font('Helvetica').text(reply.response || '—')
  })
  doc.end()
  return done
}
