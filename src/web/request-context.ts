/**
 * Kernel hooks run on every request, in order: find the municipality in the URL, find who is signed
 * in (session cookie or API token), pick the language, then enforce the route's policy. Running the
 * policy in onRequest means an unauthorised caller learns nothing from validation messages.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { chooseLanguage, isLanguage, translator } from '../i18n/index.ts'
import { authenticate, SESSION_COOKIE } from '../identity/authenticate.ts'
import { allows } from '../identity/permissions.ts'
import { findMunicipalityById, findMunicipalityBySlug } from '../municipalities/service.ts'
import { isApiRequest, rolesHere } from './context.ts'
import { BadRequest, Forbidden, NotFound, Unauthorized } from './errors.ts'
import { withQuery } from './urls.ts'

export const LANGUAGE_COOKIE = 'radhus_lang'
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** RFC 8058 §3.1: the body a mail program posts to a List-Unsubscribe link, as a form field. */
export const isOneClickUnsubscribe = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && (body as Record<string, unknown>)['List-Unsubscribe'] === 'One-Click'

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/

async function resolveMunicipality(app: FastifyInstance, req: FastifyRequest): Promise<void> {
  const routeSlug = (req.params as Record<string, string> | undefined)?.m
  // A page that does not exist under a municipality still gets that municipality's frame and language.
  const slug = routeSlug ?? (req.is404 ? req.url.split(/[/?#]/)[1] : undefined)
  req.municipality = undefined
  if (slug === undefined) return
  req.municipality = SLUG.test(slug) ? await findMunicipalityBySlug(app.db, slug) : undefined
  if (!req.municipality && routeSlug !== undefined) throw NotFound()
}

const languageSwitch = (req: FastifyRequest): unknown => (req.query as Record<string, unknown> | undefined)?.lang

/** A `?lang=` from the language switch is remembered for the following pages. */
function rememberLanguageChoice(req: FastifyRequest, reply: FastifyReply): void {
  const chosen = languageSwitch(req)
  if (isLanguage(chosen)) {
    reply.setCookie(LANGUAGE_COOKIE, chosen, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 31536000 })
  }
}

function chooseRequestLanguage(req: FastifyRequest): void {
  const fallback = req.municipality?.default_language ?? 'da'
  const choice = languageSwitch(req) ?? req.cookies[LANGUAGE_COOKIE]
  req.lang = chooseLanguage(choice, req.headers['accept-language'], fallback)
  req.t = translator(req.lang)
}

async function enforcePolicy(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const permission = req.routeOptions.config.policy
  if (!permission) return
  if (!req.staff) {
    if (isApiRequest(req) || req.method !== 'GET') throw Unauthorized()
    return reply.redirect(withQuery('/login', { next: req.url }), 303)
  }
  if (!allows(permission, rolesHere(req))) throw Forbidden()
}

/**
 * The path of the first field whose value (or name) holds a NUL byte, which no field may contain;
 * undefined when there is none. `''` names the value itself.
 */
export function findNulByte(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined
  if (depth > 20 || value === null || typeof value !== 'object') return undefined
  for (const [key, inner] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key
    if (key.includes('\u0000')) return path || '_'
    const found = findNulByte(inner, here, depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

export function registerRequestContext(app: FastifyInstance): void {
  app.decorateRequest('lang', 'da')
  app.decorateRequest('t', undefined as never)
  app.decorateRequest('municipality', undefined)
  app.decorateRequest('staff', undefined)

  app.addHook('onRequest', async (req, reply) => {
    rememberLanguageChoice(req, reply)
    // Chosen before the municipality is known too, so that a 404 for an unknown one is translated.
    chooseRequestLanguage(req)
    await resolveMunicipality(app, req)
    // With the municipality known, its default language may apply.
    chooseRequestLanguage(req)
    req.staff = await authenticate(app.db, req.cookies[SESSION_COOKIE], req.headers.authorization)
    if (req.staff?.tokenMunicipalityId && !req.municipality) {
      // An API token speaks for exactly one municipality; API routes take it from there.
      req.municipality = await findMunicipalityById(app.db, req.staff.tokenMunicipalityId)
    }
    await enforcePolicy(req, reply)
  })

  // PostgreSQL refuses NUL bytes in text; refuse them at the edge so bad input is a 400, not a 500.
  app.addHook('preValidation', async (req) => {
    const field = findNulByte(req.params) ?? findNulByte(req.query) ?? findNulByte(req.body)
    if (field !== undefined) {
      throw BadRequest('web.error.bad_request', { [field || '_']: { key: 'web.validation.invalid' } })
    }
  })

  // Every state-changing browser request carries a CSRF token; API calls authenticate with a bearer token instead.
  app.addHook('preHandler', (req, reply, done) => {
    if (!UNSAFE_METHODS.has(req.method) || req.url.startsWith('/api/')) return done()
    // A signed link stops a subscription when a mail program posts to it; a forged request cannot know the link.
    if (req.routeOptions.config.oneClickUnsubscribe && isOneClickUnsubscribe(req.body)) return done()
    app.csrfProtection(req, reply, done)
  })
}
