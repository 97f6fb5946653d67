/** Times and dates as a citizen reads them: in the municipality's time zone and the reader's language. */
import type { Language } from '../db/schema.ts'
import { dateTimeFormat, LOCALES, numberFormat } from '../i18n/intl.ts'

/** A moment, e.g. "15. marts 2026 kl. 10.42". */
export function formatDateTime(iso: string, language: Language, timeZone: string): string {
  return dateTimeFormat(LOCALES[language], { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso))
}

/**
 * The day an answer is due. `due_at` is the end of that local day (midnight after it), so the day is the
 * one the last millisecond before it falls on.
 */
export function formatDueDate(iso: string, language: Language, timeZone: string): string {
  return dateTimeFormat(LOCALES[language], { dateStyle: 'full', timeZone }).format(
    new Date(new Date(iso).getTime() - 1),
  )
}

/** A file size for people: "820 KB", "2.4 MB" (in the reader's number format). */
export function formatSize(bytes: number, language: Language): string {
  const number = (n: number, digits: number) =>
    numberFormat(LOCALES[language], { maximumFractionDigits: digits }).format(n)
  if (bytes < 1024) return `${number(bytes, 0)} B`
  if (bytes < 1024 * 1024) return `${number(bytes / 1024, 0)} KB`
  return `${number(bytes / (1024 * 1024), 1)} MB`
}
