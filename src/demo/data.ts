/** The two demo municipalities, their departments, pages and one staff member per role. */
import type { Country, Language, PageKind, Role } from '../db/schema.ts'

export const DEMO_PASSWORD = 'radhus-demo'

export interface DemoMunicipality {
  slug: string
  name: string
  country: Country
  defaultLanguage: Language
  timeZone: string
  emailDomain: string
  departments: { slug: string; names: Record<Language, string> }[]
  staff: { role: Role; name: string }[]
}

const names = (da: string, sv: string, en: string) => ({ da, sv, en })

export const DEMO_MUNICIPALITIES: DemoMunicipality[] = [
  {
    slug: 'demo-kommune',
    name: 'Demo Kommune',
    country: 'DK',
    defaultLanguage: 'da',
    timeZone: 'Europe/Copenhagen',
    emailDomain: 'demo-kommune.test',
    departments: [
      { slug: 'borgerservice', names: names('Borgerservice', 'Medborgarservice', 'Citizen Service') },
      {
        slug: 'teknik-og-miljo',
        names: names('Teknik og Miljø', 'Teknik och miljö', 'Technical and Environmental Services'),
      },
      { slug: 'born-og-unge', names: names('Børn og Unge', 'Barn och unga', 'Children and Young People') },
      { slug: 'sundhed-og-omsorg', names: names('Sundhed og Omsorg', 'Hälsa och omsorg', 'Health and Care') },
    ],
    staff: [
      { role: 'admin', name: 'Anne Administrator' },
      { role: 'agent', name: 'Karen Kontaktcenter' },
      { role: 'caseworker', name: 'Søren Sagsbehandler' },
      { role: 'moderator', name: 'Mette Moderator' },
      { role: 'editor', name: 'Rasmus Redaktør' },
      { role: 'politician', name: 'Pia Politiker' },
    ],
  },
  {
    slug: 'demo-kommun',
    name: 'Demo Kommun',
    country: 'SE',
    defaultLanguage: 'sv',
    timeZone: 'Europe/Stockholm',
    emailDomain: 'demo-kommun.test',
    departments: [
      { slug: 'medborgarservice', names: names('Borgerservice', 'Medborgarservice', 'Citizen Service') },
      {
        slug: 'samhallsbyggnad',
        names: names('Samfundsudvikling', 'Samhällsbyggnad', 'Urban Planning and Development'),
      },
      {
        slug: 'barn-och-utbildning',
        names: names('Børn og Uddannelse', 'Barn och utbildning', 'Children and Education'),
      },
      { slug: 'vard-och-omsorg', names: names('Pleje og Omsorg', 'Vård och omsorg', 'Health and Social Care') },
    ],
    staff: [
      { role: 'admin', name: 'Astrid Administratör' },
      { role: 'agent', name: 'Karin Kontaktcenter' },
      { role: 'caseworker', name: 'Hans Handläggare' },
      { role: 'moderator', name: 'Maja Moderator' },
      { role: 'editor', name: 'Rebecka Redaktör' },
      { role: 'politician', name: 'Per Politiker' },
    ],
  },
]

export const demoEmail = (m: DemoMunicipality, role: Role) => `${role}@${m.emailDomain}`

/** Starting texts for the footer pages; admins rewrite them for their municipality. */
export const DEMO_PAGES: Record<PageKind, Record<Language, (m: DemoMunicipality) => string>> = {
  accessibility: {
    da: (m) =>
      `${m.name} ønsker at gøre denne løsning tilgængelig for alle i overensstemmelse med lov om tilgængelighed af offentlige organers websteder og mobilapplikationer.\n\nLøsningen er bygget til at overholde WCAG 2.1 niveau AA. Hver side testes automatisk for tilgængelighed på dansk, svensk og engelsk.\n\nOplever du problemer med tilgængeligheden, kan du skrive til tilgaengelighed@${m.emailDomain} eller ringe til Borgerservice. Vi svarer inden for 10 hverdage.\n\nDu kan klage til Digitaliseringsstyrelsen, hvis du ikke er tilfreds med vores svar.\n\nErklæringen gennemgås hvert år.`,
    sv: (m) =>
      `${m.name} vill att så många som möjligt ska kunna använda den här tjänsten. Här beskriver vi hur den uppfyller lagen om tillgänglighet till digital offentlig service.\n\nTjänsten är byggd för att uppfylla WCAG 2.1 nivå AA. Varje sida testas automatiskt för tillgänglighet på danska, svenska och engelska.\n\nOm du upptäcker brister i tillgängligheten kan du meddela oss på tillganglighet@${m.emailDomain} eller ringa kontaktcenter. Vi svarar inom 10 arbetsdagar.\n\nMyndigheten för digital förvaltning (Digg) ansvarar för tillsynen av lagen.\n\nRedogörelsen ses över varje år.`,
    en: (m) =>
      `${m.name} wants this service to be usable by everyone, as the law on accessibility of public sector websites requires.\n\nThe service is built to meet WCAG 2.1 level AA. Every page is tested automatically for accessibility in Danish, Swedish and English.\n\nIf you find an accessibility problem, write to accessibility@${m.emailDomain} or call the citizen service. We answer within 10 working days.\n\nThis statement is reviewed every year.`,
  },
  privacy: {
    da: (m) =>
      `${m.name} behandler dine oplysninger for at kunne besvare din henvendelse. Vi viser aldrig dit CPR-nummer offentligt.\n\nHenvendelser journaliseres efter offentlighedsloven og opbevares efter arkivreglerne.`,
    sv: (m) =>
      `${m.name} behandlar dina uppgifter för att kunna besvara ditt ärende. Vi visar aldrig ditt personnummer offentligt.\n\nÄrenden registreras enligt offentlighets- och sekretesslagen och bevaras enligt arkivlagen.`,
    en: (m) =>
      `${m.name} processes your data to answer your inquiry. We never show your identity number in public.\n\nInquiries are journaled as the law requires and kept according to the archive rules.`,
  },
  'house-rules': {
    da: () =>
      'Skriv kort og sagligt. Skriv ikke med store bogstaver. Ingen hadefulde, diskriminerende eller truende indlæg, ingen reklame og ingen personoplysninger om andre. Siden er upolitisk.',
    sv: () =>
      'Skriv kort och sakligt. Skriv inte med versaler. Inga inlägg med hat, diskriminering eller hot, ingen reklam och inga personuppgifter om andra. Sidan är opolitisk.',
    en: () =>
      'Be brief and to the point. Do not write in capitals. No hate, discrimination or threats, no advertising and no personal data about others. This page is apolitical.',
  },
  contact: {
    da: (m) =>
      `Skriv til ${m.slug}@radhus.test eller ring til Borgerservice på 70 10 20 30, mandag til fredag kl. 9-15.`,
    sv: (m) =>
      `Skriv till ${m.slug}@radhus.test eller ring kontaktcenter på 0771-10 20 30, måndag till fredag kl. 8-16.`,
    en: (m) => `Write to ${m.slug}@radhus.test or call the citizen service, Monday to Friday.`,
  },
}
