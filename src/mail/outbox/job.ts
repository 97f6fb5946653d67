/**
 * The `mail.send` handler as the server's worker runs it. Handlers receive only the database, so the
 * transport is built from the same environment the server was started with, once, on the first send.
 */
import { loadConfig } from '../../config.ts'
import { createMailTransport, type MailTransport } from '../transport.ts'
import { sendMailHandler } from './send.ts'

let configured: MailTransport | undefined

const configuredTransport = (): MailTransport => {
  configured ??= createMailTransport(loadConfig())
  return configured
}

export const sendMailJob = sendMailHandler(configuredTransport)
