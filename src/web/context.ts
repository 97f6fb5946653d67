/**
 * What every request knows about itself once the kernel hooks have run: its municipality (from the
 * `/:m/` URL segment or the API token), its language and translator, and the signed-in staff member.
 * Views receive the same facts as a `ViewContext`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.ts'
import type { Db } from '../db/index.ts'
import type { MunicipalityRow, Role } from '../db/schema.ts'
import type { Language, Translate } from '../i18n/index.ts'
import type { Permission } from '../identity/permissions.ts'

export interface StaffMembership {
  municipalityId: string
  slug: string
  name: string
  role: Role
}

export interface StaffPrincipal {
  userId: string
  email: string
  name: string
  /** How the request proved who it is: a browser session or an API token (scoped to one municipality). */
  via: 'session' | 'token'
  sessionId?: string
  tokenMunicipalityId?: string
  memberships: StaffMembership[]
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    config: Config
  }
  interface FastifyRequest {
    lang: Language
    t: Translate
    municipality: MunicipalityRow | undefined
    staff: StaffPrincipal | undefined
  }
  interface FastifyContextConfig {
    /** The permission a staff route requires; checked before validation, for every role. */
    policy?: Permission
    /**
     * The route takes RFC 8058's one-click unsubscribe: a mail program's POST of `List-Unsubscribe=One-Click`, which
     * comes without the CSRF cookie. Only for routes whose URL is itself the credential (a signed link).
     */
    oneClickUnsubscribe?: boolean
  }
}

export interface ViewContext {
  t: Translate
  lang: Language
  path: string
  municipality: MunicipalityRow | undefined
  staff: StaffPrincipal | undefined
  csrfToken: string
}

export function viewContext(req: FastifyRequest, reply: FastifyReply): ViewContext {
  return {
    t: req.t,
    lang: req.lang,
    path: req.url,
    municipality: req.municipality,
    staff: req.staff,
    csrfToken: reply.generateCsrf(),
  }
}

/** The roles a staff member holds in the request's municipality (none outside it). */
export function rolesHere(req: FastifyRequest): Role[] {
  const here = req.municipality?.id
  if (!req.staff || !here) return []
  if (req.staff.tokenMunicipalityId && req.staff.tokenMunicipalityId !== here) return []
  return req.staff.memberships.filter((m) => m.municipalityId === here).map((m) => m.role)
}

export function isApiRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || req.headers.accept?.includes('application/json') === true
}
