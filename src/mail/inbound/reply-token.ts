/**
 * Plus-address reply tokens (contract §4): `kontakt+h-2025-0042.3ac928c7@raadhus.example`.
 * The token is the lower-cased inquiry reference, a dot, and the first 8 lowercase hex digits of
 * HMAC-SHA256(reply secret, lower-cased reference). The check stops a sender from steering mail
 * into another person's inquiry by typing a reference into the address.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

const CHECK_LENGTH = 8

function check(reference: string, secret: string): string {
  return createHmac('sha256', secret).update(reference).digest('hex').slice(0, CHECK_LENGTH)
}

/**
 * The token for an inquiry reference.
 *
 * @example replyToken('H-2025-0042', secret) // 'h-2025-0042.3ac928c7'
 */
export function replyToken(reference: string, secret: string): string {
  const ref = reference.trim().toLowerCase()
  return `${ref}.${check(ref, secret)}`
}

/**
 * The (lower-cased) reference a token stands for, or null when its check is wrong. Relays may
 * upper-case the local part, so the comparison ignores case.
 *
 * @example verifyReplyToken('H-2025-0042.3AC928C7', secret) // 'h-2025-0042'
 */
export function verifyReplyToken(token: string, secret: string): string | null {
  const lower = token.trim().toLowerCase()
  const dot = lower.lastIndexOf('.')
  if (dot <= 0) return null
  const ref = lower.slice(0, dot)
  const given = Buffer.from(lower.slice(dot + 1))
  const expected = Buffer.from(check(ref, secret))
  return given.length === expected.length && timingSafeEqual(given, expected) ? ref : null
}

/**
 * Our address with the inquiry's token: the Reply-To of everything we send about it.
 *
 * @example plusAddress('kontakt@raadhus.example', 'H-2025-0042', secret)
 * // 'kontakt+h-2025-0042.3ac928c7@raadhus.example'
 */
export function plusAddress(base: string, reference: string, secret: string): string {
  const at = base.lastIndexOf('@')
  if (at <= 0) throw new Error(`Not an e-mail address: ${base}`)
  return `${base.slice(0, at)}+${replyToken(reference, secret)}${base.slice(at)}`
}

/** The token in a plus-address of one of `ours`, if any (not yet verified). */
export function tokenOf(address: string, ours: readonly string[]): string | null {
  const lower = address.trim().toLowerCase()
  const at = lower.lastIndexOf('@')
  const plus = lower.indexOf('+')
  if (at === -1 || plus === -1 || plus > at) return null
  const base = lower.slice(0, plus) + lower.slice(at)
  return ours.some((own) => own.trim().toLowerCase() === base) ? lower.slice(plus + 1, at) : null
}
