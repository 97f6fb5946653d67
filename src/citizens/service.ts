/**
 * Citizens who post in public (the board, later dialogs): a display name and an e-mail address, proved
 * by a one-time link sent through the outbox. There is no password: the same kind of link signs a
 * citizen in later. Only hashes of link and session secrets are stored; the address is never shown
 * publicly. Other features use `currentCitizen(req)` ("one support per verified person"),
 * `startCitizen` + `sendLink` to hold a post until its author proves the address, and
 * `onCitizenVerified` to publish what waited.
 *
 * Links: a verification link (a first post waits for it) lasts 24 hours, a sign-in link 60 minutes;
 * each works once. A session lasts 30 days.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Db, Executor, Trx } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { Language, MunicipalityRow } from '../db/schema.ts'
import type { CitizenLinkPurpose, CitizenRow } from '../db/tables/citizens.ts'
import { translator } from '../i18n/index.ts'
import { newSecret, secretHash } from '../identity/tokens.ts'
import { purgeSubjectDocuments } from '../journal/purge.ts'
import { record, SYSTEM } from '../journal/service.ts'
import { municipalitySender, queueMail } from '../mail/outbox/service.ts'
import { forgetRecipients } from '../mail/retention.ts'
import type { ViewContext } from '../web/context.ts'
import { AppError, type FieldErrors, NotFound } from '../web/errors.ts'
import * as store from './store.ts'

export type { CitizenRow } from '../db/tables/citizens.ts'

export const CITIZEN_COOKIE = 'radhus_citizen'
export const VERIFY_LINK_HOURS = 24
export const SIGN_IN_LINK_MINUTES = 60
export const CITIZEN_SESSION_DAYS = 30
export const MAX_NAME_LENGTH = 80

const LIFETIME_MS: Record<CitizenLinkPurpose, number> = {
  verify: VERIFY_LINK_HOURS * 3600_000,
  sign_in: SIGN_IN_LINK_MINUTES * 60_000,
}

// One address, no display name: what the outbox accepts as a recipient.
const EMAIL = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point; no person types them.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/
/** Control characters other than tab and line breaks (binary pasted into a form): refused wherever people write. */
export const hasControlCharacters = (text: string) => CONTROL.test(text)

export const normalizeEmail = (email: string) => email.trim().toLowerCase()
export const linkPath = (slug: string, token: string) => `/${slug}/link/${token}`

/** Field errors for a display name and an address (empty when both are fine). */
export function checkCitizenInput(input: { name: string; email: string }): FieldErrors {
  const errors: FieldErrors = {}
  const name = input.name.trim()
  if (!name) errors.name = { key: 'web.validation.required' }
  else if (name.length > MAX_NAME_LENGTH)
    errors.name = { key: 'web.validation.max_length', vars: { limit: MAX_NAME_LENGTH } }
  else if (CONTROL.test(name) || /[<>]/.test(name)) errors.name = { key: 'citizens.form.name_invalid' }
  const email = input.email.trim()
  if (!email) errors.email = { key: 'web.validation.required' }
  else if (email.length > 254 || !EMAIL.test(email)) errors.email = { key: 'web.validation.email' }
  return errors
}

/** The citizen with this address, made when new (unverified until a link is used). */
export async function startCitizen(
  trx: Trx,
  municipality: MunicipalityRow,
  input: { email: string; name: string; language: Language },
): Promise<CitizenRow> {
  const email = normalizeEmail(input.email)
  const found = await store.findCitizenByEmail(trx, municipality.id, email)
  if (found) return found
  const row: CitizenRow = {
    id: newId(),
    municipality_id: municipality.id,
    email,
    display_name: input.name.trim(),
    language: input.language,
    verified_at: null,
    created_at: nowIso(),
  }
  await store.insertCitizen(trx, row)
  await record(trx, {
    municipalityId: municipality.id,
    actor: { type: 'citizen', id: row.id },
    action: 'citizen.created',
    subject: { type: 'citizen', id: row.id },
    summary: 'Citizen account started (address not yet verified)',
  })
  return row
}

/** Seeding only (the demo board): a citizen whose address counts as verified. */
export async function seedVerifiedCitizen(
  trx: Trx,
  municipality: MunicipalityRow,
  input: { email: string; name: string; language: Language },
): Promise<CitizenRow> {
  const citizen = await startCitizen(trx, municipality, input)
  const at = nowIso()
  await store.setVerified(trx, citizen.id, at)
  return { ...citizen, verified_at: citizen.verified_at ?? at }
}

export interface LinkContext {
  municipality: MunicipalityRow
  baseUrl: string
  mailDomain: string
}

/** Issue a one-time link and queue its e-mail, in the caller's transaction. */
export async function sendLink(
  trx: Trx,
  context: LinkContext,
  citizen: CitizenRow,
  purpose: CitizenLinkPurpose,
  nextPath: string | null,
  language: Language = citizen.language,
): Promise<void> {
  const { municipality } = context
  const token = newSecret()
  const now = new Date()
  await store.insertLink(trx, {
    token_hash: secretHash(token),
    citizen_id: citizen.id,
    municipality_id: municipality.id,
    purpose,
    next_path: nextPath,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + LIFETIME_MS[purpose]).toISOString(),
    used_at: null,
  })
  const t = translator(language)
  const lifetime =
    purpose === 'verify'
      ? t('citizens.mail.valid_hours', { count: VERIFY_LINK_HOURS })
      : t('citizens.mail.valid_minutes', { count: SIGN_IN_LINK_MINUTES })
  await queueMail(trx, {
    municipalityId: municipality.id,
    to: { address: citizen.email, name: citizen.display_name },
    from: municipalitySender(municipality, context.mailDomain),
    subject: t(`citizens.mail.${purpose}_subject`, { municipality: municipality.name }),
    text: [
      t('citizens.mail.greeting', { name: citizen.display_name }),
      '',
      t(`citizens.mail.${purpose}_intro`, { municipality: municipality.name }),
      '',
      `${context.baseUrl}${linkPath(municipality.slug, token)}`,
      '',
      lifetime,
      t('citizens.mail.not_you'),
      '',
      municipality.name,
    ].join('\n'),
    regarding: { type: 'citizen', id: citizen.id },
    purpose: `citizen.${purpose}`,
    autoSubmitted: 'auto-generated',
  })
}

/**
 * A sign-in link for a known address. The answer is the same whether the address is known or not, so
 * the form cannot be used to find out who has posted.
 */
export async function requestSignInLink(
  db: Db,
  context: LinkContext,
  input: { email: string; nextPath: string | null; language: Language },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const citizen = await store.findCitizenByEmail(trx, context.municipality.id, normalizeEmail(input.email))
    if (citizen) await sendLink(trx, context, citizen, 'sign_in', input.nextPath, input.language)
  })
}

/** Runs in the transaction that uses a link, after the citizen is verified (e.g. publish held posts). */
export type VerifiedHook = (trx: Trx, citizen: CitizenRow, municipality: MunicipalityRow) => Promise<void>
const verifiedHooks: VerifiedHook[] = []
export function onCitizenVerified(hook: VerifiedHook): void {
  if (!verifiedHooks.includes(hook)) verifiedHooks.push(hook)
}

/** What a link says before it is used: for the confirmation page (a mail scanner's GET must not use it). */
export async function inspectLink(db: Executor, municipalityId: string, token: string) {
  const link = await store.findLink(db, municipalityId, secretHash(token))
  if (!link) throw NotFound('citizens.link.unknown')
  if (link.used_at) throw new AppError(410, 'citizens.link.used')
  if (link.expires_at <= nowIso()) throw new AppError(410, 'citizens.link.expired')
  return link
}

/**
 * Use a link: once, before it expires. Verifies the address, runs the verified hooks (held posts are
 * published) and opens a session, all in one transaction. Returns the session secret for the cookie.
 */
export async function verifyLink(
  db: Db,
  municipality: MunicipalityRow,
  token: string,
): Promise<{ citizen: CitizenRow; sessionSecret: string; nextPath: string | null }> {
  return db.transaction().execute(async (trx) => {
    const link = await inspectLink(trx, municipality.id, token)
    const now = nowIso()
    if (!(await store.useLink(trx, link.token_hash, now))) throw new AppError(410, 'citizens.link.used')
    const citizen = (await store.findCitizen(trx, link.citizen_id)) as CitizenRow
    if (!citizen.verified_at) {
      await store.setVerified(trx, citizen.id, now)
      citizen.verified_at = now
      await record(trx, {
        municipalityId: municipality.id,
        actor: { type: 'citizen', id: citizen.id },
        action: 'citizen.verified',
        subject: { type: 'citizen', id: citizen.id },
        summary: 'Citizen verified their e-mail address',
      })
    }
    for (const hook of verifiedHooks) await hook(trx, citizen, municipality)
    const sessionSecret = newSecret()
    await store.insertSession(trx, {
      id: secretHash(sessionSecret),
      citizen_id: citizen.id,
      created_at: now,
      expires_at: new Date(Date.now() + CITIZEN_SESSION_DAYS * 86_400_000).toISOString(),
    })
    return { citizen, sessionSecret, nextPath: link.next_path }
  })
}

/** The citizen cookie: HttpOnly, SameSite=Lax, whole site, Secure whenever the site is served over https. */
export function citizenCookieOptions(baseUrl: string) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: baseUrl.startsWith('https://'),
    maxAge: CITIZEN_SESSION_DAYS * 86_400,
  }
}

const resolved = new WeakMap<FastifyRequest, Promise<CitizenRow | undefined>>()

/**
 * The signed-in, verified citizen of the request's municipality, or undefined. Read once per request.
 * @example const citizen = await currentCitizen(req); if (!citizen) return reply.redirect(signInPath(slug, req.url), 303)
 */
export function currentCitizen(req: FastifyRequest): Promise<CitizenRow | undefined> {
  let found = resolved.get(req)
  if (!found) {
    const secret = req.cookies[CITIZEN_COOKIE]
    const municipalityId = req.municipality?.id
    found =
      secret && municipalityId
        ? store
            .findLiveSession(req.server.db, secretHash(secret), nowIso())
            .then((c) => (c && c.municipality_id === municipalityId && c.verified_at ? c : undefined))
        : Promise.resolve(undefined)
    resolved.set(req, found)
  }
  return found
}

/** Whether the request carries a citizen cookie at all (cheap: no database). */
export const hasCitizenCookie = (req: FastifyRequest) => Boolean(req.cookies[CITIZEN_COOKIE])

export function startCitizenSession(reply: FastifyReply, baseUrl: string, sessionSecret: string): void {
  reply.setCookie(CITIZEN_COOKIE, sessionSecret, citizenCookieOptions(baseUrl))
}

export async function signOutCitizen(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const secret = req.cookies[CITIZEN_COOKIE]
  if (secret) await store.deleteSession(req.server.db, secretHash(secret))
  reply.clearCookie(CITIZEN_COOKIE, citizenCookieOptions(req.server.config.baseUrl))
}

export const signInPath = (slug: string, next?: string) =>
  next ? `/${slug}/sign-in?next=${encodeURIComponent(next)}` : `/${slug}/sign-in`

/**
 * Forget a citizen who never confirmed their address (name, address, their links), blank them as the recipient of
 * the mail sent to them (the confirmation links) and purge that mail from the journal's documents; the entries
 * stay, so the chain still verifies. For the feature that holds their unconfirmed posts, once it has discarded the
 * last (`board/retention.ts`). Nothing happens to a citizen who has confirmed.
 */
export function forgetUnverifiedCitizen(db: Db, municipalityId: string, citizenId: string, reason: string) {
  const subject = { type: 'citizen', id: citizenId }
  return db.transaction().execute(async (trx) => {
    if (!(await store.deleteUnverifiedCitizen(trx, citizenId))) return false
    await forgetRecipients(trx, subject)
    await record(trx, {
      municipalityId,
      actor: SYSTEM,
      action: 'citizen.forgotten',
      subject,
      summary: `Citizen who never confirmed their e-mail address forgotten: ${reason}`,
    })
    await purgeSubjectDocuments(trx, SYSTEM, municipalityId, subject, reason)
    return true
  })
}

/** One-click unsubscribe links for the mail of what citizens follow; features register their kinds. */
export { registerSubscriptionKind, type SubscriptionKind, unsubscribePath } from './subscriptions.ts'

export const findCitizen = (db: Executor, id: string) => store.findCitizen(db, id)

/** Sections of the citizen's own page (`/{slug}/me`), each feature adds its own (the board: my questions). */
export type CitizenSection = (db: Db, citizen: CitizenRow, ctx: ViewContext) => Promise<JSX.Element>
const sections: CitizenSection[] = []
export function registerCitizenSection(section: CitizenSection): void {
  if (!sections.includes(section)) sections.push(section)
}
export const citizenSections = (): readonly CitizenSection[] => sections
