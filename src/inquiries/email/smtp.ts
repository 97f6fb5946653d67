/**
 * The built-in inbound SMTP listener (started by main.ts when SMTP_INBOUND_PORT is set). It accepts
 * mail only for the municipalities' addresses (550 otherwise), refuses a message over
 * SMTP_INBOUND_MAX_BYTES with 552, asks for no AUTH (it is the destination, not a relay), and answers
 * 250 only after `ingestRawMail` has committed: a crash before that makes the sender retry, so no
 * accepted message is lost.
 */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import type { Config } from '../../config.ts'
import type { Db } from '../../db/index.ts'
import { ingestRawMail } from './ingest.ts'
import { findMunicipalityForAddress } from './settings.ts'

export interface SmtpListener {
  port: number
  close(): Promise<void>
}

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode })

/** @example const smtp = await startSmtpListener(db, config, { port: 2525 }); ...; await smtp.close() */
export async function startSmtpListener(
  db: Db,
  config: Config,
  options: { port: number; host?: string; onError?: (error: unknown) => void },
): Promise<SmtpListener> {
  const maxBytes = config.smtpInboundMaxBytes
  const server = new SMTPServer({
    name: config.mailDomain,
    banner: 'Rådhus inbound mail',
    disabledCommands: ['AUTH'],
    authOptional: true,
    size: maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      findMunicipalityForAddress(db, config, address.address).then(
        (municipality) => callback(municipality ? null : smtpError(550, 'No such mailbox here')),
        (error) => {
          options.onError?.(error)
          callback(smtpError(451, 'Temporary failure, try again later'))
        },
      )
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      let size = 0
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length
        // Past the limit the rest is read and thrown away; the answer is 552 either way.
        if (size <= maxBytes) chunks.push(chunk)
      })
      stream.on('end', () => {
        if (stream.sizeExceeded || size > maxBytes) {
          return callback(smtpError(552, `Message exceeds the fixed maximum message size of ${maxBytes} bytes`))
        }
        const envelope = {
          source: 'smtp' as const,
          ...(session.envelope.mailFrom ? { from: session.envelope.mailFrom.address } : {}),
          to: session.envelope.rcptTo.map((r) => r.address),
        }
        ingestRawMail(db, config, Buffer.concat(chunks), envelope).then(
          (result) =>
            result.outcome === 'refused'
              ? callback(smtpError(550, 'No such mailbox here'))
              : callback(null, `Accepted as ${result.inboundId}`),
          (error) => {
            options.onError?.(error)
            callback(smtpError(451, 'Temporary failure, try again later'))
          },
        )
      })
    },
  })
  server.on('error', (error) => options.onError?.(error))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve())
  })
  const { port } = server.server.address() as AddressInfo
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
