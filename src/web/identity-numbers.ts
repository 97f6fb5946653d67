/**
 * Danish CPR numbers and Swedish personnummer / samordningsnummer in free text. Citizens write them
 * into private channels (a contact form, an e-mail), and that is allowed; but wherever text leaves its
 * private place (a list, a notification, a receipt e-mail) the number must be masked.
 *
 * The rules follow `shared/DOMAIN.md`: a number is hidden when it is a real calendar date and either
 * country's rule matches. CPR: the 7th digit and the year give the century; the modulus-11 check is
 * never required (valid numbers since 2007 fail it). Personnummer: a Luhn check digit, the day plus 60
 * for samordningsnummer, `+` from the year the person turns 100. When in doubt, hide.
 */

export type IdentityNumberKind = 'cpr' | 'personnummer' | 'samordningsnummer'

export interface IdentityNumberMatch {
  kind: IdentityNumberKind
  /** Position and text as written, separators included. */
  index: number
  text: string
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const d = new Date(Date.UTC(year, month - 1, day))
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}

/** The full birth year of a CPR number from its two-digit year and 7th digit. */
export function cprCentury(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 : 1900
  return yy <= 57 ? 2000 : 1800
}

/**
 * Is this a Danish CPR number (10 digits, separators removed)? A real date is required; mod-11 is not.
 * @example isCpr('0101651234') // true, although it fails the old modulus-11 check
 */
export function isCpr(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false
  const day = Number(digits.slice(0, 2))
  const month = Number(digits.slice(2, 4))
  const yy = Number(digits.slice(4, 6))
  const year = cprCentury(yy, Number(digits[6])) + yy
  return isRealDate(year, month, day)
}

/** The Luhn check digit over a string of digits (weights 2,1,2,1,… from the left for nine digits). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[i]) * ((digits.length - i) % 2 === 1 ? 2 : 1)
    if (n > 9) n -= 9
    sum += n
  }
  return (10 - (sum % 10)) % 10
}

/**
 * Is this a Swedish personnummer or samordningsnummer? `digits` is 10 (YYMMDDNNNC) or 12
 * (YYYYMMDDNNNC) digits; `plus` says the `+` separator was used (the person is 100 or older).
 * @example swedishKind('6408233234') // 'personnummer'
 */
export function swedishKind(digits: string, plus = false, today = new Date()): IdentityNumberKind | undefined {
  if (!/^(\d{10}|\d{12})$/.test(digits)) return undefined
  const short = digits.slice(-10)
  if (luhnCheckDigit(short.slice(0, 9)) !== Number(short[9])) return undefined
  const month = Number(short.slice(2, 4))
  let day = Number(short.slice(4, 6))
  const kind: IdentityNumberKind = day > 60 ? 'samordningsnummer' : 'personnummer'
  if (day > 60) day -= 60
  let year: number
  if (digits.length === 12) {
    year = Number(digits.slice(0, 4))
  } else {
    const yy = Number(short.slice(0, 2))
    const thisYear = today.getUTCFullYear()
    year = thisYear - ((thisYear - yy) % 100)
    if (plus) year -= 100
  }
  return isRealDate(year, month, day) ? kind : undefined
}

// Digits not glued to other digits: a 6+4 (CPR, short personnummer) or 8+4 (long personnummer) number,
// optionally separated by a hyphen (or the dashes word processors put in), `+`, dot or slash, with or
// without spaces around it; or a date grouped "DD MM YY" / "DD.MM.YY" followed by a hyphen or `+`
// before the serial. Grouped dates need that hyphen, so phone numbers in pairs ("70 10 20 30") stay out.
const CANDIDATE =
  /(?<![\d])(?:(\d{8}|\d{6})[ \u00a0]?([-+./\u2010\u2011\u2013\u2212]?)[ \u00a0]?|(\d{2}[ .]\d{2}[ .]\d{2})[ \u00a0]?([-+\u2010\u2011\u2013\u2212])[ \u00a0]?)(\d{4})(?![\d])/g

const DASHES = /[\u2010\u2011\u2013\u2212]/
const SWEDISH_SEPARATORS = new Set(['', '-', '+'])

/** Every identity number in a text, in order. */
export function findIdentityNumbers(text: string, today = new Date()): IdentityNumberMatch[] {
  const found: IdentityNumberMatch[] = []
  for (const m of text.matchAll(CANDIDATE)) {
    const [whole, plainHead, plainSeparator, groupedHead, groupedSeparator, tail = ''] = m
    const head = (plainHead ?? groupedHead ?? '').replace(/[ .]/g, '')
    const separator = (plainSeparator ?? groupedSeparator ?? '').replace(DASHES, '-')
    const digits = head + tail
    // Some numbers fit both countries' rules (070761-4285 is also a valid samordningsnummer); CPR is named first.
    const cpr = digits.length === 10 && separator !== '+' && isCpr(digits) ? 'cpr' : undefined
    const kind = cpr ?? (SWEDISH_SEPARATORS.has(separator) ? swedishKind(digits, separator === '+', today) : undefined)
    if (kind) found.push({ kind, index: m.index, text: whole })
  }
  return found
}

/**
 * The text with every identity number's digits replaced by `•` (separators kept, so the shape stays
 * recognisable to a reader and useless to anyone else).
 * @example maskIdentityNumbers('Mit CPR er 070761-4285') // 'Mit CPR er ••••••-••••'
 */
export function maskIdentityNumbers(text: string, today = new Date()): string {
  const matches = findIdentityNumbers(text, today)
  if (matches.length === 0) return text
  let out = ''
  let at = 0
  for (const m of matches) {
    out += text.slice(at, m.index) + m.text.replace(/\d/g, '•')
    at = m.index + m.text.length
  }
  return out + text.slice(at)
}

export const containsIdentityNumber = (text: string): boolean => findIdentityNumbers(text).length > 0
