/**
 * Builds the Fastify application: security headers, cookies, forms, CSRF, static assets, the request
 * context (municipality, language, staff), policy checks, errors, and every feature's routes.
 * `buildApp` takes an open database so tests can hand it one of their own.
 */
import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import fastifyRateLimit from '@fastify/rate-limit'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { registerApiDocs } from '../api/routes.tsx'
import { boardRoutes } from '../board/routes.tsx'
import { chatsRoutes } from '../chats/routes.tsx'
import { citizensRoutes } from '../citizens/routes.tsx'
import type { Config } from '../config.ts'
import type { Db } from '../db/index.ts'
import { dialogsRoutes } from '../dialogs/routes.tsx'
import { healthRoutes } from '../health/routes.ts'
import { identityRoutes } from '../identity/routes.tsx'
import { bulkRoutes } from '../inquiries/bulk/routes.tsx'
import { inquiryCaseRoutes } from '../inquiries/case/routes.tsx'
import { emailRoutes } from '../inquiries/email/routes.tsx'
import { inboxRoutes } from '../inquiries/inbox/routes.tsx'
import { inquiryRoutes } from '../inquiries/routes.tsx'
import { routingRoutes } from '../inquiries/routing/routes.tsx'
import { journalRoutes } from '../journal/routes.tsx'
import { mailCaptureRoutes } from '../mail/dev-capture/routes.tsx'
import { moderationRoutes } from '../moderation/routes.tsx'
import { municipalityRoutes } from '../municipalities/routes.tsx'
import { selfserviceRoutes } from '../selfservice/routes.tsx'
import { registerAssets } from './assets.ts'
import { registerErrorHandlers } from './error-handler.ts'
import { loggerOptions } from './logging.ts'
import { registerRequestContext } from './request-context.ts'
import { registerSecurityHeaders } from './security-headers.ts'

export interface AppOptions {
  config: Config
  db: Db
  logger?: FastifyServerOptions['logger']
}

export async function buildApp({ config, db, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? loggerOptions(config.logLevel),
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('db', db)
  app.decorate('config', config)

  const secure = config.baseUrl.startsWith('https://')
  registerSecurityHeaders(app, { secure })
  await app.register(fastifyCookie, { secret: config.secret })
  await app.register(fastifyFormbody)
  await app.register(fastifyCsrf, {
    cookieKey: secure ? '__Host-radhus_csrf' : 'radhus_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure, signed: true },
  })
  if (config.rateLimits) await app.register(fastifyRateLimit, { global: false })

  registerErrorHandlers(app)
  await registerApiDocs(app)
  registerRequestContext(app)
  await registerAssets(app)

  await app.register(healthRoutes)
  await app.register(identityRoutes)
  await app.register(journalRoutes)
  await app.register(mailCaptureRoutes)
  await app.register(municipalityRoutes)
  await app.register(inquiryRoutes)
  await app.register(routingRoutes)
  await app.register(bulkRoutes)
  await app.register(emailRoutes)
  await app.register(inboxRoutes)
  await app.register(inquiryCaseRoutes)
  await app.register(moderationRoutes)
  await app.register(citizensRoutes)
  await app.register(boardRoutes)
  await app.register(selfserviceRoutes)
  await app.register(chatsRoutes)
  await app.register(dialogsRoutes)
  return app
}
