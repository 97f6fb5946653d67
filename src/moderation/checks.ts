/**
 * The automatic checks every channel runs on a post before it is shown: identity numbers, e-mail
 * addresses and phone numbers, text mostly in capitals, over the length limit, links, the
 * municipality's blocklist. Pure functions of the text; the checks that need the database (repeated
 * identical posts, posting rate, blocked authors) are in `service.ts`.
 *
 * CONTRACT (other features build on these names; keep them): `HOUSE_RULE_CODES`, `CheckCode`,
 * `Finding`, `CheckOptions`, `checkText`.
 */
import type { Language } from '../db/schema.ts'
import { findIdentityNumbers, type IdentityNumberKind } from '../web/identity-numbers.ts'

/** The house rules every municipality's rules cover (the seeds' list); each decision cites one. */
export const HOUSE_RULE_CODES = [
  'concise',
  'no-capitals',
  'no-hate',
  'no-discrimination',
  'no-commercial',
  'no-copyright',
  'no-crime',
  'no-threats',
  'no-harassment',
  'no-gossip',
  'no-impersonation',
  'no-personal-data',
  'case-matter',
] as const
export type HouseRuleCode = (typeof HOUSE_RULE_CODES)[number]

export const isHouseRuleCode = (code: string): code is HouseRuleCode =>
  (HOUSE_RULE_CODES as readonly string[]).includes(code)

export const CHECK_CODES = [
  'identity_number',
  'email',
  'phone',
  'capitals',
  'too_long',
  'link',
  'blocklist',
  'repeated',
  'rate',
] as const
export type CheckCode = (typeof CHECK_CODES)[number]

export interface Finding {
  check: CheckCode
  /** The house rule the finding applies. */
  rule: HouseRuleCode
  /** Where in the text (UTF-16 offsets), when the finding is about a part of it. */
  index?: number
  length?: number
  /** Never shown publicly, whatever the moderation mode (identity numbers). */
  neverPublic: boolean
  /** For identity numbers, which kind ('cpr', 'personnummer', 'samordningsnummer'); never the number itself. */
  detail?: IdentityNumberKind
}

/** A blocklist entry: a word or phrase; a trailing `*` also matches longer words ("idiot*" → "idioter"). */
export type BlocklistEntry = string | { term: string; rule: HouseRuleCode }

export interface CheckOptions {
  language: Language
  /** Characters; over it, a `too_long` finding. */
  maxLength?: number
  /** Words or phrases, matched case-insensitively on word boundaries. A plain string cites `no-hate`. */
  blocklist?: readonly BlocklistEntry[]
  /** For tests: the day that decides the century of a Swedish `+` number. */
  today?: Date
}

/** Which house rule each automatic check applies (blocklist entries may name their own). */
export const CHECK_RULES: Record<CheckCode, HouseRuleCode> = {
  identity_number: 'no-personal-data',
  email: 'no-personal-data',
  phone: 'no-personal-data',
  capitals: 'no-capitals',
  too_long: 'concise',
  link: 'no-commercial',
  blocklist: 'no-hate',
  repeated: 'concise',
  rate: 'concise',
}

interface Span {
  index: number
  length: number
}

const overlaps = (a: Span, spans: readonly Span[]) =>
  spans.some((b) => a.index < b.index + b.length && b.index < a.index + a.length)

const spansOf = (text: string, pattern: RegExp, trim?: RegExp): Span[] =>
  [...text.matchAll(pattern)].map((m) => {
    const matched = trim ? m[0].replace(trim, '') : m[0]
    return { index: m.index, length: matched.length }
  })

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu

// Phone numbers as people write them in Denmark and Sweden. Each pattern stands alone between
// non-digits; identity numbers are found first, so a number is never named twice.
const PHONE = new RegExp(
  [
    // +45 / 0045 and eight digits, in pairs or fours or together
    String.raw`(?:\+|00)45[ \u00a0-]?\d{2}(?:[ \u00a0]?\d{2}){3}`,
    // +46 / 0046, an optional (0), then 7–9 digits with spaces or hyphens
    String.raw`(?:\+|00)46[ \u00a0-]?(?:\(0\)[ \u00a0]?)?[1-9](?:[ \u00a0-]?\d){6,8}`,
    // Swedish mobile 070/072/073/076/079 and seven digits
    String.raw`07[02369][ \u00a0-]?\d(?:[ \u00a0]?\d){6}`,
    // Stockholm 08 and 5–8 digits
    String.raw`08[ \u00a0]?-[ \u00a0]?\d(?:[ \u00a0]?\d){4,7}`,
    // Other Swedish area codes: 0NN- or 0NNN- and 5–8 digits
    String.raw`0[1-9]\d{1,2}[ \u00a0]?-[ \u00a0]?\d(?:[ \u00a0]?\d){4,7}`,
    // Danish eight digits (first 2–9): together, in pairs, or in fours
    String.raw`[2-9]\d(?:\d{6}|(?:[ \u00a0]\d{2}){3}|\d{2}[ \u00a0]\d{4})`,
  ]
    .map((p) => `(?<![\\d+])${p}(?![\\d])`)
    .join('|'),
  'g',
)

// Bare domains need a known top-level domain, so abbreviations ("f.eks.", "kl.10") are not links.
const TLDS = 'dk|se|no|fi|is|de|eu|com|org|net|info|biz|io|co|uk|nu|gov|edu|app|shop|online|site|xyz|me|tv|ly|gl|fo|ax'
const LINK = new RegExp(
  [
    String.raw`\bhttps?:\/\/[^\s<>"']+`,
    String.raw`\bwww\.[^\s<>"']+`,
    String.raw`(?<![\p{L}\p{N}@.-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+(?:${TLDS})(?![\p{L}\p{N}-])(?:\/[^\s<>"']*)?`,
  ].join('|'),
  'giu',
)
// A link does not end in the sentence's punctuation.
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/

/** A run of capitals is shouting only over this many letters, and only in words longer than acronyms. */
const CAPITALS_MIN_LETTERS = 20
const CAPITALS_SHARE = 0.7
const ACRONYM_MAX = 4

function capitalsFinding(text: string): Finding | undefined {
  let upper = 0
  let counted = 0
  let first = -1
  let last = -1
  for (const m of text.matchAll(/\p{L}+/gu)) {
    const word = m[0]
    if (word.length <= ACRONYM_MAX) continue
    const capitals = [...word].filter((c) => c !== c.toLowerCase() && c === c.toUpperCase()).length
    counted += word.length
    upper += capitals
    if (capitals === word.length) {
      if (first < 0) first = m.index
      last = m.index + word.length
    }
  }
  if (counted < CAPITALS_MIN_LETTERS || upper / counted < CAPITALS_SHARE) return undefined
  const at = first < 0 ? { index: 0, length: text.length } : { index: first, length: last - first }
  return { check: 'capitals', rule: CHECK_RULES.capitals, neverPublic: false, ...at }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

// Compiled blocklist entries, by term: every post of a municipality is checked against the same list.
const blocklistPatterns = new Map<string, RegExp | null>()
const BLOCKLIST_CACHE_SIZE = 5000

function blocklistPattern(term: string): RegExp | null {
  let pattern = blocklistPatterns.get(term)
  if (pattern !== undefined) return pattern
  const trimmed = term.normalize('NFC').trim()
  if (!trimmed || trimmed === '*') {
    pattern = null
  } else {
    const prefix = trimmed.endsWith('*')
    const words = (prefix ? trimmed.slice(0, -1) : trimmed).split(/\s+/).map(escapeRegExp).join('\\s+')
    // \b knows only ASCII; letters (æøåäö included) and digits on either side make another word.
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${words}${prefix ? '\\p{L}*' : '(?![\\p{L}\\p{N}])'}`, 'giu')
  }
  if (blocklistPatterns.size >= BLOCKLIST_CACHE_SIZE) blocklistPatterns.clear()
  blocklistPatterns.set(term, pattern)
  return pattern
}

function blocklistFindings(text: string, entries: readonly BlocklistEntry[]): Finding[] {
  const found: Finding[] = []
  for (const entry of entries) {
    const { term, rule } = typeof entry === 'string' ? { term: entry, rule: CHECK_RULES.blocklist } : entry
    const pattern = blocklistPattern(term)
    if (!pattern) continue
    for (const m of text.matchAll(pattern)) {
      found.push({ check: 'blocklist', rule, index: m.index, length: m[0].length, neverPublic: false })
    }
  }
  return found
}

/**
 * Every automatic finding in a post, in the order of the text (findings about the whole text last).
 * @example checkText('Ring 20 30 40 50', { language: 'da' }) // [{ check: 'phone', rule: 'no-personal-data', index: 5, length: 11, … }]
 */
export function checkText(text: string, options: CheckOptions): Finding[] {
  const placed: Finding[] = []
  const identity = findIdentityNumbers(text, options.today)
  for (const m of identity) {
    placed.push({
      check: 'identity_number',
      rule: CHECK_RULES.identity_number,
      index: m.index,
      length: m.text.length,
      neverPublic: true,
      detail: m.kind,
    })
  }
  const taken: Span[] = [...placed] as Span[]
  const emails = spansOf(text, EMAIL)
  for (const s of emails) placed.push({ check: 'email', rule: CHECK_RULES.email, neverPublic: false, ...s })
  taken.push(...emails)
  const phones = spansOf(text, PHONE).filter((s) => !overlaps(s, taken))
  for (const s of phones) placed.push({ check: 'phone', rule: CHECK_RULES.phone, neverPublic: false, ...s })
  for (const s of spansOf(text, LINK, TRAILING_PUNCTUATION)) {
    if (!overlaps(s, emails)) placed.push({ check: 'link', rule: CHECK_RULES.link, neverPublic: false, ...s })
  }
  placed.push(...blocklistFindings(text, options.blocklist ?? []))
  const capitals = capitalsFinding(text)
  if (capitals) placed.push(capitals)
  if (options.maxLength !== undefined && text.length > options.maxLength) {
    placed.push({
      check: 'too_long',
      rule: CHECK_RULES.too_long,
      index: options.maxLength,
      length: text.length - options.maxLength,
      neverPublic: false,
    })
  }
  return placed.sort((a, b) => (a.index ?? Number.MAX_SAFE_INTEGER) - (b.index ?? Number.MAX_SAFE_INTEGER))
}

/** Does any finding keep the post off the public page whatever the mode? */
export const hasNeverPublic = (findings: readonly Finding[]) => findings.some((f) => f.neverPublic)
