/**
 * How composed mail leaves Rådhus. With `SMTP_URL` set, nodemailer hands each message to that server;
 * without it (development), the message is captured in the database and staff admins read it at
 * `/:m/staff/mail`, so nothing leaves the machine by accident.
 *
 * The outbox composes the message once (it is a journal document) and the transport sends those exact
 * bytes, so the Message-ID and headers that went out are the ones on record.
 */
import nodemailer from 'nodemailer'
import type { Config } from '../config.ts'
import type { Executor } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import * as captures from './dev-capture/store.ts'

export interface OutgoingMail {
  municipalityId: string
  /** With angle brackets, exactly as in the message's header. */
  messageId: string
  envelope: { from: string; to: string[] }
  /** The complete RFC 822 message. */
  raw: Uint8Array
}

export interface MailTransport {
  readonly mode: 'smtp' | 'capture'
  /** Hand the message over; resolves with the server's response, rejects with its error. */
  deliver(db: Executor, mail: OutgoingMail): Promise<{ response: string }>
  /**
   * The response of an earlier delivery of this Message-ID, when the transport can know it. SMTP cannot
   * (a server does not answer "did you take this one?"), so it always says undefined.
   */
  deliveredBefore(db: Executor, messageId: string): Promise<string | undefined>
  close(): void
}

// Well inside the job lease (2 minutes): an attempt must end before another worker may take the job over,
// or two workers could talk to the server about the same message at once.
const TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 }

export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({ url, ...TIMEOUTS })
  return {
    mode: 'smtp',
    async deliver(_db, mail) {
      const info = await transporter.sendMail({ envelope: mail.envelope, raw: Buffer.from(mail.raw) })
      return { response: String(info.response ?? '') }
    },
    deliveredBefore: async () => undefined,
    close: () => transporter.close(),
  }
}

export const CAPTURED_RESPONSE = '250 captured locally (no SMTP_URL configured)'

export function captureTransport(): MailTransport {
  return {
    mode: 'capture',
    async deliver(db, mail) {
      await captures.insertCapture(db, {
        id: newId(),
        municipality_id: mail.municipalityId,
        message_id: mail.messageId,
        envelope_from: mail.envelope.from,
        envelope_to: JSON.stringify(mail.envelope.to),
        raw: mail.raw,
        captured_at: nowIso(),
      })
      return { response: CAPTURED_RESPONSE }
    },
    async deliveredBefore(db, messageId) {
      return (await captures.findCaptureByMessageId(db, messageId)) ? CAPTURED_RESPONSE : undefined
    },
    close: () => {},
  }
}

/**
 * The transport the configuration asks for.
 * @example const transport = createMailTransport(config) // SMTP when config.smtpUrl is set, else capture
 */
export function createMailTransport(config: Pick<Config, 'smtpUrl'>): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : captureTransport()
}

/** An SMTP reply in the 5xx range: the server will not take this message, now or later. */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode
  return typeof code === 'number' && code >= 500 && code < 600
}
