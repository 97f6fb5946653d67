/**
 * The complaint guidance a refusal must carry (DK: klagevejledning, forvaltningsloven § 25; SE: hur man
 * överklagar, förvaltningslagen 33 §), per country, in the reader's language. Demo wording: a
 * municipality's lawyers check it before going live.
 */
import type { Country, Language } from '../../db/schema.ts'
import { translator } from '../../i18n/index.ts'

export function complaintGuidance(country: Country, language: Language, municipality: string): string {
  const t = translator(language)
  return country === 'SE'
    ? t('selfservice.complaint.se', { municipality })
    : t('selfservice.complaint.dk', { municipality })
}
