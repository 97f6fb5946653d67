/**
 * A real SMTP server for tests: smtp-server on 127.0.0.1 and a random port, collecting what it is given.
 * `refuse(451, …)` makes it answer the DATA command with that code until `accept()`; `stop()` takes it down.
 */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  from: string
  to: string[]
  raw: Buffer
}

export interface TestSmtpServer {
  url: string
  received: ReceivedMail[]
  refuse(code: number, text: string): void
  accept(): void
  stop(): Promise<void>
}

export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = []
  let refusal: { code: number; text: string } | undefined
  const server = new SMTPServer({
    // Plain SMTP on loopback: no STARTTLS (its self-signed certificate would fail verification), no AUTH.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        if (refusal) {
          const error = Object.assign(new Error(refusal.text), { responseCode: refusal.code })
          return callback(error)
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = (server.server.address() as AddressInfo) ?? { port: 0 }
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse: (code, text) => {
      refusal = { code, text }
    },
    accept: () => {
      refusal = undefined
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
