/** Times, dates, sizes and answers as a citizen reads them, in the reader's language. */
import type { Language } from '../db/schema.ts'
import type { Translate } from '../i18n/index.ts'
import { dateTimeFormat, LOCALES, numberFormat } from '../i18n/intl.ts'
import { maskIdentityNumbers } from '../web/identity-numbers.ts'
import type { Field } from './forms/definition.ts'

export function formatDateTime(iso: string, language: Language, timeZone: string): string {
  return dateTimeFormat(LOCALES[language], { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso))
}

/** The day a deadline (the end of a local day) falls on. */
export function formatDay(iso: string, language: Language, timeZone: string): string {
  return dateTimeFormat(LOCALES[language], { dateStyle: 'full', timeZone }).format(
    new Date(new Date(iso).getTime() - 1),
  )
}

export function formatSize(bytes: number, language: Language): string {
  const number = (n: number, digits: number) =>
    numberFormat(LOCALES[language], { maximumFractionDigits: digits }).format(n)
  if (bytes < 1024) return `${number(bytes, 0)} B`
  if (bytes < 1024 * 1024) return `${number(bytes / 1024, 0)} KB`
  return `${number(bytes / (1024 * 1024), 1)} MB`
}

/** An answer for a printed or forwarded page (receipt, status, PDF): identity numbers masked. */
export const formatPublicAnswer = (...args: Parameters<typeof formatAnswer>) =>
  maskIdentityNumbers(formatAnswer(...args))

/** An answer as text: the chosen option's label, yes/no for a checkbox, a dash for nothing. */
export function formatAnswer(field: Field, value: string | boolean | undefined, language: Language, t: Translate) {
  if (field.type === 'checkbox') return value === true ? t('selfservice.answer.yes') : t('selfservice.answer.no')
  if (value === undefined || value === '') return '–'
  const option = field.options?.find((o) => o.value === value)
  return option ? option.label[language] : String(value)
}
