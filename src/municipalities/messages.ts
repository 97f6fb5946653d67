import type { PageKind } from '../db/schema.ts'
import { defineMessages } from '../i18n/define.ts'

export const municipalityMessages = defineMessages({
  en: {
    'municipality.home.lead': 'The digital town hall of {name}: ask, take part and find self-service.',
    'municipality.home.departments': 'Departments',
    'municipality.page.accessibility': 'Accessibility statement',
    'municipality.page.privacy': 'Privacy notice',
    'municipality.page.house-rules': 'House rules',
    'municipality.page.contact': 'Contact',
    'municipality.page.empty': 'This page has not been written yet.',
    'municipality.page.updated': 'Last updated {date}',
    'municipality.page.edit': 'Edit this page',
    'municipality.edit.title': 'Edit: {page}',
    'municipality.edit.body': 'Text in {language}',
    'municipality.edit.hint': 'Plain text. Leave an empty line between paragraphs.',
    'municipality.edit.save': 'Save',
  },
  da: {
    'municipality.home.lead': '{name}s digitale rådhus: spørg, deltag og find selvbetjening.',
    'municipality.home.departments': 'Forvaltninger',
    'municipality.page.accessibility': 'Tilgængelighedserklæring',
    'municipality.page.privacy': 'Privatlivspolitik',
    'municipality.page.house-rules': 'Husregler',
    'municipality.page.contact': 'Kontakt',
    'municipality.page.empty': 'Denne side er endnu ikke skrevet.',
    'municipality.page.updated': 'Senest opdateret {date}',
    'municipality.page.edit': 'Redigér siden',
    'municipality.edit.title': 'Redigér: {page}',
    'municipality.edit.body': 'Tekst på {language}',
    'municipality.edit.hint': 'Almindelig tekst. Lav en tom linje mellem afsnit.',
    'municipality.edit.save': 'Gem',
  },
  sv: {
    'municipality.home.lead': '{name}s digitala rådhus: fråga, delta och hitta e-tjänster.',
    'municipality.home.departments': 'Förvaltningar',
    'municipality.page.accessibility': 'Tillgänglighetsredogörelse',
    'municipality.page.privacy': 'Integritetspolicy',
    'municipality.page.house-rules': 'Ordningsregler',
    'municipality.page.contact': 'Kontakt',
    'municipality.page.empty': 'Den här sidan är inte skriven än.',
    'municipality.page.updated': 'Senast uppdaterad {date}',
    'municipality.page.edit': 'Redigera sidan',
    'municipality.edit.title': 'Redigera: {page}',
    'municipality.edit.body': 'Text på {language}',
    'municipality.edit.hint': 'Vanlig text. Lämna en tom rad mellan stycken.',
    'municipality.edit.save': 'Spara',
  },
})

export const PAGE_TITLE_KEYS = {
  accessibility: 'municipality.page.accessibility',
  privacy: 'municipality.page.privacy',
  'house-rules': 'municipality.page.house-rules',
  contact: 'municipality.page.contact',
} as const satisfies Record<PageKind, keyof typeof municipalityMessages.en>
