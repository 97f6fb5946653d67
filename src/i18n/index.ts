/**
 * Translation: the catalogue of every feature's strings, a `t` function per language, and the choice
 * of language (the user's switch, then Accept-Language, then the municipality's default).
 */
import type { IncomingMessage } from 'node:http'
import accepts from 'accepts'
import { LANGUAGES, type Language } from '../db/schema.ts'
import { catalog, type MessageKey } from './catalog.ts'

export type { MessageKey }
export { LANGUAGES, type Language }

export type Vars = Record<string, string | number>
export type Translate = (key: MessageKey, vars?: Vars) => string

const pluralRules = Object.fromEntries(LANGUAGES.map((l) => [l, new Intl.PluralRules(l)])) as Record<
  Language,
  Intl.PluralRules
>

function interpolate(template: string, vars: Vars | undefined): string {
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))
}

/**
 * A translator for one language.
 * @example translator('sv')('web.layout.skip') // "Gå till huvudinnehållet"
 */
export function translator(language: Language): Translate {
  const messages = catalog[language] as Record<string, string>
  return (key, vars) => {
    let template = messages[key]
    if (vars && typeof vars.count === 'number') {
      const form = pluralRules[language].select(vars.count)
      template = messages[`${key}_${form}`] ?? messages[`${key}_other`] ?? template
    }
    return interpolate(template ?? key, vars)
  }
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/** Best supported language from an Accept-Language header (q-values honoured); undefined when none fits. */
export function fromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined
  const best = accepts({ headers: { 'accept-language': header } } as IncomingMessage).language([...LANGUAGES])
  return isLanguage(best) ? best : undefined
}

export function chooseLanguage(choice: unknown, acceptLanguage: string | undefined, fallback: Language): Language {
  if (isLanguage(choice)) return choice
  return fromAcceptLanguage(acceptLanguage) ?? fallback
}

export const LANGUAGE_NAMES: Record<Language, string> = { da: 'Dansk', sv: 'Svenska', en: 'English' }
