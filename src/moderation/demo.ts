/**
 * The demo municipalities' house rules (version 1, in Danish, Swedish and English) and moderation
 * settings. The rules follow what the seeds list: Region Skåne's chat rules ("koncisa och raka",
 * "undvik versaler", no hate, discrimination, commercial messages, copyright violations, calls to crime,
 * threats, harassment, gossip, impersonation) and Copenhagen's citizen entrance (apolitical, no case
 * matters or personal data on the public page).
 */
import type { Db } from '../db/index.ts'
import type { Language } from '../db/schema.ts'
import { DEMO_MUNICIPALITIES } from '../demo/data.ts'
import type { DemoSeed } from '../demo/features.ts'
import { SYSTEM } from '../journal/service.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import type { HouseRuleCode } from './checks.ts'
import { DEFAULT_SETTINGS, publishHouseRules, saveModerationSettings } from './rules.ts'
import * as store from './store.ts'

type RuleTexts = Record<HouseRuleCode, [title: string, text: string]>

export const DEMO_HOUSE_RULES: Record<Language, RuleTexts> = {
  da: {
    concise: [
      'Skriv kort og sagligt',
      'Hold dig til emnet, skriv kort og præcist, og send ikke det samme indlæg flere gange.',
    ],
    'no-capitals': [
      'Skriv ikke med store bogstaver',
      'Hele sætninger med store bogstaver læses som råb. Brug almindelige bogstaver.',
    ],
    'no-hate': ['Ingen hadefulde udtalelser', 'Vi fjerner racistiske, fremmedfjendske og sexistiske udtalelser.'],
    'no-discrimination': [
      'Ingen diskrimination',
      'Skriv ikke om andres etniske oprindelse, køn, seksualitet, politiske eller religiøse overbevisning, når det ikke er relevant.',
    ],
    'no-commercial': [
      'Ingen reklame',
      'Ingen kommercielle budskaber, markedsføring, tilbud om penge eller gaver. Links til salg fjernes.',
    ],
    'no-copyright': [
      'Respektér ophavsretten',
      'Del kun tekst og billeder, du selv har lavet eller har ret til at dele.',
    ],
    'no-crime': ['Ingen opfordring til lovbrud', 'Opfordringer til kriminalitet eller til at bryde loven fjernes.'],
    'no-threats': [
      'Ingen trusler',
      'Trusler mod personer, grupper eller medarbejdere fjernes og kan blive politianmeldt.',
    ],
    'no-harassment': ['Ingen chikane', 'Chikane og personangreb på andre brugere eller medarbejdere accepteres ikke.'],
    'no-gossip': ['Ingen sladder', 'Skriv ikke rygter eller sladder om navngivne personer.'],
    'no-impersonation': ['Udgiv dig ikke for en anden', 'Du må ikke udgive dig for at være en anden person.'],
    'no-personal-data': [
      'Ingen personoplysninger',
      'Skriv aldrig CPR-numre, telefonnumre, e-mail-adresser eller andre personoplysninger om dig selv eller andre. Indlæg med CPR-nummer vises aldrig.',
    ],
    'case-matter': [
      'Personlige sager hører til i en sikker kanal',
      'Spørgsmål om din egen sag flytter vi til en privat henvendelse, hvor du får svar. Siden er upolitisk.',
    ],
  },
  sv: {
    concise: [
      'Skriv kort och sakligt',
      'Håll dig till ämnet, skriv koncist och rakt, och skicka inte samma inlägg flera gånger.',
    ],
    'no-capitals': [
      'Undvik versaler',
      'Att skriva hela meningar med versaler ser ut som att man skriker. Skriv med vanliga bokstäver.',
    ],
    'no-hate': ['Inget hat', 'Vi tar bort rasistiska, främlingsfientliga eller sexistiska yttranden och budskap.'],
    'no-discrimination': [
      'Ingen diskriminering',
      'Kommentarer om etnisk tillhörighet, kön, sexuell läggning, politisk eller religiös tillhörighet tas bort om de saknar relevans.',
    ],
    'no-commercial': [
      'Ingen reklam',
      'Inga kommersiella budskap eller marknadsföring, inga erbjudanden om pengar eller gåvor.',
    ],
    'no-copyright': [
      'Respektera upphovsrätten',
      'Lägg inte upp upphovsrättsligt skyddat material som du själv inte har skapat eller har rättigheterna till.',
    ],
    'no-crime': [
      'Inga uppmaningar till brott',
      'Uppmaningar till brott eller agerande som strider mot svensk lag tas bort.',
    ],
    'no-threats': ['Inga hot', 'Hot mot personer, grupper eller medarbetare tas bort och kan polisanmälas.'],
    'no-harassment': [
      'Inga trakasserier',
      'Trakasserier och personangrepp mot andra eller mot medarbetare accepteras inte.',
    ],
    'no-gossip': ['Inget skvaller', 'Sprid inte rykten eller skvaller om namngivna personer.'],
    'no-impersonation': [
      'Utge dig inte för att vara någon annan',
      'Du får inte utge dig för att vara någon annan existerande person.',
    ],
    'no-personal-data': [
      'Inga personuppgifter',
      'Skriv aldrig personnummer, telefonnummer, e-postadresser eller andra personuppgifter om dig själv eller andra. Inlägg med personnummer visas aldrig.',
    ],
    'case-matter': [
      'Egna ärenden hör hemma i en säker kanal',
      'Frågor om ditt eget ärende flyttar vi till ett privat ärende där du får svar. Sidan är opolitisk.',
    ],
  },
  en: {
    concise: ['Be brief and to the point', 'Keep to the subject, write briefly, and do not send the same post twice.'],
    'no-capitals': ['Do not write in capitals', 'Whole sentences in capitals read as shouting. Use ordinary letters.'],
    'no-hate': ['No hate', 'We remove racist, xenophobic and sexist statements.'],
    'no-discrimination': [
      'No discrimination',
      'Do not comment on anyone’s ethnicity, gender, sexuality, political or religious views where it is not relevant.',
    ],
    'no-commercial': ['No advertising', 'No commercial messages, marketing, or offers of money or gifts.'],
    'no-copyright': ['Respect copyright', 'Only share text and pictures you made yourself or have the right to share.'],
    'no-crime': ['No calls to crime', 'Calls to commit crimes or to break the law are removed.'],
    'no-threats': [
      'No threats',
      'Threats against people, groups or staff are removed and may be reported to the police.',
    ],
    'no-harassment': ['No harassment', 'Harassment and personal attacks on others or on staff are not accepted.'],
    'no-gossip': ['No gossip', 'Do not spread rumours or gossip about named people.'],
    'no-impersonation': ['Do not pretend to be someone else', 'You may not pretend to be another real person.'],
    'no-personal-data': [
      'No personal data',
      'Never write identity numbers, phone numbers, e-mail addresses or other personal data about yourself or others. A post with an identity number is never shown.',
    ],
    'case-matter': [
      'Your own case belongs in a secure channel',
      'We move questions about your own case to a private inquiry where you get an answer. This page is apolitical.',
    ],
  },
}

const DEMO_BLOCKLISTS: Record<Language, string> = {
  da: 'idiot*\nfjols\nkøb nu | no-commercial\nslå ihjel | no-threats',
  sv: 'idiot*\npucko\nköp nu | no-commercial\nslå ihjäl | no-threats',
  en: 'idiot*\nmoron*\nbuy now | no-commercial\nkill you | no-threats',
}

export const demoRulesInput = () =>
  Object.fromEntries(
    (Object.entries(DEMO_HOUSE_RULES) as [Language, RuleTexts][]).map(([language, texts]) => [
      language,
      (Object.entries(texts) as [HouseRuleCode, [string, string]][]).map(([code, [title, text]]) => ({
        code,
        title,
        text,
      })),
    ]),
  )

/** Version 1 of the house rules and the default settings with a small blocklist, once per demo municipality. */
export const seedDemoModeration: DemoSeed = async (db: Db) => {
  for (const demo of DEMO_MUNICIPALITIES) {
    const municipality = await findMunicipalityBySlug(db, demo.slug)
    if (!municipality || (await store.latestRuleVersion(db, municipality.id))) continue
    await publishHouseRules(db, SYSTEM, municipality.id, demoRulesInput())
    await saveModerationSettings(db, SYSTEM, municipality.id, { ...DEFAULT_SETTINGS, blocklists: DEMO_BLOCKLISTS })
  }
}
