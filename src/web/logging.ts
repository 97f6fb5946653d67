/**
 * pino options: request ids on every line, and no personal data. Headers that carry credentials are
 * redacted by path; e-mail addresses and identity numbers are scrubbed from any logged string.
 */
import type { FastifyServerOptions } from 'fastify'
import type { LogLevel } from '../config.ts'
import { scrubPersonalData } from './scrub.ts'

export function loggerOptions(level: LogLevel): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.email',
        '*.cpr',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: scrubPersonalData(req.url),
        id: req.id,
      }),
    },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? scrubPersonalData(arg) : arg)) as Parameters<typeof method>,
        )
      },
    },
  }
}
