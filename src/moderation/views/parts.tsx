/** Pieces the moderation pages share: dates, rule titles, a finding in words, and a post with its findings marked. */
import type { Language } from '../../db/schema.ts'
import type { Translate } from '../../i18n/index.ts'
import { dateTimeFormat, LOCALES } from '../../i18n/intl.ts'
import type { Finding } from '../checks.ts'
import type { HouseRules } from '../rules.ts'

export const formatDate = (iso: string, language: Language, timeZone: string) =>
  dateTimeFormat(LOCALES[language], { dateStyle: 'long', timeZone }).format(new Date(iso))

export const formatDateTime = (iso: string, language: Language, timeZone: string) =>
  dateTimeFormat(LOCALES[language], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso))

/** "2026-03" as "March 2026" in the reader's language. */
export const formatMonth = (month: string, language: Language) =>
  dateTimeFormat(LOCALES[language], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T12:00:00Z`),
  )

/** The rule's title in the rules shown, or its code when the version has no such rule. */
export const ruleTitleIn = (rules: HouseRules, code: string | null | undefined): string =>
  code ? (rules.rules.find((r) => r.code === code)?.title ?? code) : ''

/** A finding in words: what the check found (and, for identity numbers, which kind). */
export function findingReason(t: Translate, finding: Finding): string {
  const reason = t(`moderation.check.${finding.check}`)
  return finding.detail ? `${reason} (${t(`moderation.identity.${finding.detail}`)})` : reason
}

/**
 * The post with each placed finding marked, numbered like the findings list beside it; the reason is read
 * out after the marked words. Findings that overlap an earlier mark are listed, not marked twice.
 */
export function MarkedText({
  t,
  text,
  findings,
  idPrefix,
  lang,
  readerLang,
}: {
  t: Translate
  text: string
  findings: Finding[]
  idPrefix: string
  /** The post's language; the reasons read out are in the reader's. */
  lang: Language
  readerLang: Language
}) {
  const placed = findings
    .map((finding, number) => ({ finding, number: number + 1 }))
    .filter(({ finding }) => finding.index !== undefined && (finding.length ?? 0) > 0)
    .sort((a, b) => (a.finding.index ?? 0) - (b.finding.index ?? 0))
  const parts: JSX.Element[] = []
  let at = 0
  for (const { finding, number } of placed) {
    const start = finding.index ?? 0
    if (start < at) continue
    const end = Math.min(text.length, start + (finding.length ?? 0))
    parts.push(<span safe>{text.slice(at, start)}</span>)
    parts.push(
      <mark id={`${idPrefix}-mark-${number}`}>
        <span safe>{text.slice(start, end)}</span>
        <sup aria-hidden="true" safe>{`[${number}]`}</sup>
        <span
          class="sr-only"
          lang={readerLang}
          safe
        >{` (${t('moderation.queue.finding_number', { number })}: ${findingReason(t, finding)})`}</span>
      </mark>,
    )
    at = end
  }
  parts.push(<span safe>{text.slice(at)}</span>)
  return (
    <p class="moderation-text" lang={lang}>
      {parts}
    </p>
  )
}
