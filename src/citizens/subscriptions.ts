/**
 * Stopping e-mail with one click. Every mail a citizen gets because they follow something (a board question's
 * official answer, a dialog's digest) carries a link that stops exactly that subscription, without signing in, and
 * the List-Unsubscribe headers of RFC 8058 so the mail program can do it too (large mail providers require them of
 * bulk mail, and a citizen should never have to hunt for how to stop mail from the municipality).
 *
 * The link is signed with the instance's secret (HMAC-SHA256 of what it stops), so it needs no table, works for as
 * long as the secret is kept, and cannot be made for another citizen or subscription. A GET only shows what would
 * stop and a button (mail scanners open links); the POST stops it. The features that own subscriptions register
 * here how to find and stop theirs, so this module never reads their tables.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Db, Executor } from '../db/index.ts'
import type { Language, MunicipalityRow } from '../db/schema.ts'
import type { CitizenRow } from '../db/tables/citizens.ts'
import { NotFound } from '../web/errors.ts'
import * as store from './store.ts'

/** What a link stops: a kind registered below, the thing followed and the citizen following it. */
export interface Subscription {
  kind: string
  subjectId: string
  citizenId: string
}

/** How a feature's subscriptions are found and stopped (e.g. `board` for questions, `dialog` for digests). */
export interface SubscriptionKind {
  /** The followed thing's title in `language`, and whether the citizen still follows it; undefined when gone. */
  find(
    db: Executor,
    municipality: MunicipalityRow,
    subscription: Subscription,
    language: Language,
  ): Promise<{ title: string; active: boolean } | undefined>
  /** Stop it, journaled as the citizen's own act. Only called while it is active. */
  stop(db: Db, municipality: MunicipalityRow, citizen: CitizenRow, subjectId: string): Promise<void>
}

const kinds = new Map<string, SubscriptionKind>()

/** Register a feature's subscriptions under `kind` (lower-case letters), once, when its module loads. */
export function registerSubscriptionKind(kind: string, handler: SubscriptionKind): void {
  if (!/^[a-z]+$/.test(kind)) throw new Error(`subscription kind must be lower-case letters: ${kind}`)
  kinds.set(kind, handler)
}

// A random key until the app gives the instance's (configureUnsubscribeLinks): links made before then, by a test
// that sends mail without the app, are valid for the life of the process only.
let key: Buffer = randomBytes(32)

/** Sign links with the instance's secret (config.secret, kept in the data directory across restarts). */
export function configureUnsubscribeLinks(secret: string): void {
  key = Buffer.from(`unsubscribe:${secret}`)
}

/** 128 bits of the HMAC: as hard to guess as any other secret link of ours. */
const signature = (payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16)

// Ids are UUIDs (db/index.ts newId); as 16 bytes in base64url a link stays short enough for a mail's line and
// under the router's limit of 100 characters for a path parameter.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const packId = (id: string): string => {
  if (!UUID.test(id)) throw new Error(`unsubscribe links name things by their UUID, not ${id}`)
  return Buffer.from(id.replaceAll('-', ''), 'hex').toString('base64url')
}
const unpackId = (packed: string): string | undefined => {
  const bytes = Buffer.from(packed, 'base64url')
  if (bytes.length !== 16 || bytes.toString('base64url') !== packed) return undefined
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** `board.<question id>.<citizen id>.<signature>`, each id and the signature 22 characters of base64url. */
export function unsubscribeToken(subscription: Subscription): string {
  const payload = `${subscription.kind}.${packId(subscription.subjectId)}.${packId(subscription.citizenId)}`
  return `${payload}.${signature(payload).toString('base64url')}`
}

/** The subscription a token names, when its signature holds; undefined for anything else. */
export function readUnsubscribeToken(token: string): Subscription | undefined {
  const parts = token.split('.')
  if (parts.length !== 4) return undefined
  const [kind, subject, citizen, signed] = parts as [string, string, string, string]
  const given = Buffer.from(signed, 'base64url')
  const expected = signature(`${kind}.${subject}.${citizen}`)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  // One spelling per link: base64url's last character carries unused bits, which decoding would ignore.
  if (given.toString('base64url') !== signed) return undefined
  const subjectId = unpackId(subject)
  const citizenId = unpackId(citizen)
  return subjectId && citizenId ? { kind, subjectId, citizenId } : undefined
}

export const unsubscribePath = (slug: string, subscription: Subscription) =>
  `/${slug}/unsubscribe/${unsubscribeToken(subscription)}`

export interface UnsubscribeView {
  title: string
  /** False when it was already stopped (a second click, or unfollowed on the citizen's page). */
  active: boolean
}

interface Resolved extends UnsubscribeView {
  subscription: Subscription
  handler: SubscriptionKind
  citizen: CitizenRow
}

async function resolve(
  db: Executor,
  municipality: MunicipalityRow,
  token: string,
  language: Language,
): Promise<Resolved> {
  const subscription = readUnsubscribeToken(token)
  const handler = subscription && kinds.get(subscription.kind)
  if (!subscription || !handler) throw NotFound('citizens.unsubscribe.unknown')
  // Citizens belong to one municipality: a link works only under its own.
  const citizen = await store.findCitizen(db, subscription.citizenId)
  const found =
    citizen?.municipality_id === municipality.id && (await handler.find(db, municipality, subscription, language))
  if (!citizen || !found) throw NotFound('citizens.unsubscribe.unknown')
  return { ...found, subscription, handler, citizen }
}

/** What a link would stop, for the page its GET shows. Throws NotFound for a link that is not ours or not here. */
export async function inspectUnsubscribe(
  db: Executor,
  municipality: MunicipalityRow,
  token: string,
  language: Language,
): Promise<UnsubscribeView> {
  const { title, active } = await resolve(db, municipality, token, language)
  return { title, active }
}

/** Stop what the link names; doing it again changes nothing and journals nothing (mail programs may retry). */
export async function unsubscribe(
  db: Db,
  municipality: MunicipalityRow,
  token: string,
  language: Language,
): Promise<UnsubscribeView> {
  const { title, active, subscription, handler, citizen } = await resolve(db, municipality, token, language)
  if (active) await handler.stop(db, municipality, citizen, subscription.subjectId)
  return { title, active: false }
}
