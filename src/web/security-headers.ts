/**
 * Security headers on every response (helmet): a strict CSP (no inline script or style, no framing), nosniff,
 * HSTS when served over https. @fastify/helmet built a new helmet middleware for each request, parsing the CSP
 * anew every time, which cost more than the intake's own validation. No header here depends on the request (no
 * nonces), so helmet runs once, at start, against a recorder, and each response gets the headers it set.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'

/** The headers helmet sets with `options`, as name-value pairs, by running its middleware once on a recorder. */
function helmetHeaders(options: HelmetOptions): [string, string][] {
  const headers = new Map<string, string>()
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers.set(name, String(value))
    },
    removeHeader: (name: string) => headers.delete(name),
  } as unknown as ServerResponse
  let finished = false
  helmet(options)({} as IncomingMessage, recorder, (error?: unknown) => {
    if (error) throw error
    finished = true
  })
  // Helmet sets its headers synchronously; a version that did not would leave responses without them.
  if (!finished) throw new Error('helmet did not set its headers synchronously')
  return [...headers]
}

export function registerSecurityHeaders(app: FastifyInstance, { secure }: { secure: boolean }): void {
  const headers = helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        // Upgrading would break a plain-http development or intranet install.
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
    hsts: secure,
  })
  app.addHook('onRequest', (_req, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value)
    done()
  })
}
