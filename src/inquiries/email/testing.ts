/** Test helpers for the e-mail channel: send raw mail over real SMTP, make inquiries to thread into. */
import nodemailer from 'nodemailer'
import type { Config } from '../../config.ts'
import type { Db } from '../../db/index.ts'
import type { MunicipalityRow } from '../../db/schema.ts'
import { SYSTEM } from '../../journal/service.ts'
import { listTopics, receiveInquiry } from '../service.ts'
import { runJobs } from '../testing.ts'
import { type SettingsInput, saveSettings } from './settings.ts'

export const BLANK_SETTINGS: SettingsInput = {
  inboundAddress: '',
  topic: '',
  imapEnabled: false,
  imapHost: '',
  imapPort: '',
  imapSecure: true,
  imapUser: '',
  imapPassword: '',
  imapMailbox: '',
  imapPollMinutes: '',
}

/** The contract fixtures are addressed to kontakt@raadhus.example: make it the municipality's inbound address. */
export const useFixtureAddress = (db: Db, config: Config, municipality: MunicipalityRow) =>
  saveSettings(db, config, SYSTEM, municipality, { ...BLANK_SETTINGS, inboundAddress: 'kontakt@raadhus.example' })

/** Send raw bytes over SMTP, exactly as given, to the listener on 127.0.0.1. */
export async function sendRaw(port: number, raw: Buffer, to: string[], from = 'sender@example.com') {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
  try {
    return await transport.sendMail({ envelope: { from, to }, raw })
  } finally {
    transport.close()
  }
}

/** An inquiry by the web form whose receipt (in the outbox) carries the given Message-ID. */
export async function inquiryWithSentMessage(
  db: Db,
  config: Config,
  municipality: MunicipalityRow,
  citizen: string,
  messageId: string,
) {
  const [topic] = await listTopics(db, municipality.id)
  const { inquiry } = await receiveInquiry(
    db,
    { municipality, actor: { type: 'citizen' }, baseUrl: config.baseUrl, mailDomain: config.mailDomain },
    { topic: topic?.id ?? '', message: 'Hej', name: 'Borger', email: citizen, language: 'da', channel: 'web' },
  )
  await runJobs(db) // the receipt's job queues it in the outbox
  await db
    .updateTable('mail_outbox')
    .set({ message_id: messageId })
    .where('subject_type', '=', 'inquiry')
    .where('subject_id', '=', inquiry.id)
    .execute()
  return inquiry
}

export const closeInquiry = (db: Db, id: string) =>
  db
    .updateTable('inquiries')
    .set({ status: 'closed', closed_at: new Date().toISOString(), resolution: 'answered' })
    .where('id', '=', id)
    .execute()
