/**
 * One place turns every failure into an answer: problem+json (RFC 9457) for the API, a translated page
 * for people. Anything unexpected becomes a 500 with the request id; no stack trace leaves the server.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { MessageKey } from '../i18n/index.ts'
import { type Translate, translator } from '../i18n/index.ts'
import { isApiRequest } from './context.ts'
import { renderErrorPage } from './error-page.tsx'
import { AppError, fieldErrorsFromSchema, type SchemaIssue } from './errors.ts'

const STATUS_KEYS: Record<number, MessageKey> = {
  400: 'web.error.bad_request',
  401: 'web.error.unauthorized',
  403: 'web.error.forbidden',
  404: 'web.error.not_found',
  413: 'web.error.payload_too_large',
  415: 'web.error.unsupported_media_type',
  429: 'web.error.too_many_requests',
}

const POSTGRES_INPUT_ERRORS = new Set(['22021', '22P05', '22001', '22P02'])
// busboy (multipart parsing) throws plain errors for a body that breaks off or is not multipart at all.
const MALFORMED_MULTIPART =
  /^(Unexpected end of (form|multipart data)|Malformed part header|Multipart: Boundary not found)/

/** Map whatever was thrown (ours, Fastify's, a plugin's) to an AppError. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  const fastifyError = error as Partial<FastifyError> & { validation?: SchemaIssue[] }
  if (fastifyError.validation) {
    return new AppError(400, 'web.error.bad_request', fieldErrorsFromSchema(fastifyError.validation))
  }
  if (fastifyError.code?.startsWith('FST_CSRF')) return new AppError(403, 'web.error.csrf')
  // PostgreSQL's own refusals of a value (NUL byte, bad encoding, too long) are the client's input, not our fault.
  if (fastifyError.code && POSTGRES_INPUT_ERRORS.has(fastifyError.code))
    return new AppError(400, 'web.error.bad_request')
  if (fastifyError.message && MALFORMED_MULTIPART.test(fastifyError.message)) {
    return new AppError(400, 'web.error.bad_request')
  }
  const status = fastifyError.statusCode ?? 500
  if (status >= 400 && status < 500) return new AppError(status, STATUS_KEYS[status] ?? 'web.error.bad_request')
  return new AppError(500, 'web.error.internal')
}

export function problemJson(req: FastifyRequest, error: AppError, t: Translate) {
  const fields = Object.entries(error.fields ?? {})
  return {
    type: `urn:radhus:problem:${error.code}`,
    title: t(error.code, { requestId: req.id, ...error.vars }),
    status: error.status,
    code: error.code,
    instance: req.url.split('?')[0],
    requestId: req.id,
    ...(fields.length
      ? { errors: fields.map(([field, fe]) => ({ field, code: fe.key, detail: t(fe.key, fe.vars) })) }
      : {}),
  }
}

function send(req: FastifyRequest, reply: FastifyReply, error: AppError) {
  // The kernel hooks may not have run (a body that failed to parse): fall back to Accept-Language.
  const t = req.t ?? translator('en')
  reply.code(error.status)
  if (error.status === 429) reply.header('retry-after', reply.getHeader('retry-after') ?? '60')
  if (isApiRequest(req)) {
    return reply.type('application/problem+json; charset=utf-8').send(problemJson(req, error, t))
  }
  return reply.type('text/html; charset=utf-8').send(renderErrorPage(req, reply, error))
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, req, reply) => {
    const appError = toAppError(error)
    if (appError.status >= 500) req.log.error({ err: error }, 'request failed')
    else req.log.info({ code: appError.code, status: appError.status }, 'request refused')
    return send(req, reply, appError)
  })
  app.setNotFoundHandler((req, reply) => send(req, reply, new AppError(404, 'web.error.not_found')))
}
