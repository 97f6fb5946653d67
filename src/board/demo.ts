/**
 * The demo board (npm start only): in each demo municipality, questions in its language, citizens'
 * answers and a reply, official answers from the caseworker, a follower, and a few moderation decisions
 * (an answer hidden for advertising, a case matter handed off to a private inquiry, a question with a
 * CPR number waiting in the queue), so a newcomer sees a living board and a moderator has work.
 */
import { seedVerifiedCitizen } from '../citizens/service.ts'
import type { Db } from '../db/index.ts'
import type { Language, MunicipalityRow } from '../db/schema.ts'
import { DEMO_MUNICIPALITIES, demoEmail } from '../demo/data.ts'
import type { DemoSeed } from '../demo/features.ts'
import { findUserByEmail } from '../identity/service.ts'
import { decideItem } from '../moderation/decisions.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import './index.tsx'
import { giveOfficialAnswer } from './official.ts'
import { askQuestion, followQuestion, postAnswer } from './service.ts'

interface DemoThread {
  topic: string
  title: string
  body: string
  answers: string[]
  reply?: string
  official?: string
}

interface DemoBoard {
  people: string[]
  threads: DemoThread[]
  advert: string
  caseMatter: { topic: string; title: string; body: string }
  withCpr: { topic: string; title: string; body: string }
}

const BOARDS: Record<'da' | 'sv', DemoBoard> = {
  da: {
    people: ['Mette', 'Jens P.', 'Sofie', 'Ole fra Nordby', 'Karin'],
    threads: [
      {
        topic: 'bulky-waste',
        title: 'Hvor ofte henter I storskrald?',
        body: 'Vi er lige flyttet til kommunen. Hvor ofte bliver der hentet storskrald, og skal man bestille det?',
        answers: ['Hos os i Nordby kommer de hver anden mandag, men man skal bestille senest fredagen før.'],
        reply: 'Tak, det passer også med min erfaring.',
        official:
          'Storskrald hentes hver 14. dag efter bestilling. Bestil senest kl. 12 hverdagen før på kommunens selvbetjening. Venlig hilsen',
      },
      {
        topic: 'roads',
        title: 'Hvornår bliver cykelstien på Møllevej repareret?',
        body: 'Der er store huller i cykelstien på Møllevej ved skolen. Er det noget, I ved?',
        answers: ['Jeg har også set det. Det er farligt om morgenen, når det er mørkt.'],
        official: 'Tak for beskeden. Vi har sat reparationen i gang, og den er færdig inden udgangen af måneden.',
      },
      {
        topic: 'daycare',
        title: 'Hvor lang er ventetiden på vuggestue?',
        body: 'Vi venter barn til foråret. Hvor tidligt skal vi skrive os op til en vuggestueplads?',
        answers: [
          'Vi skrev os op tre måneder før og fik plads til tiden.',
          'Det afhænger meget af området, synes jeg.',
        ],
      },
      {
        topic: 'parking',
        title: 'Gælder beboerlicensen også i weekenden?',
        body: 'Jeg har beboerlicens til zone B. Skal jeg også have den i forruden lørdag og søndag?',
        answers: [],
      },
    ],
    advert: 'Køb billige solbriller på solbrilletilbud.example i dag, 50 procent rabat!',
    caseMatter: {
      topic: 'other',
      title: 'Hvorfor er min boligstøtte sat ned?',
      body: 'Jeg har fået brev om, at min boligstøtte er sat ned fra næste måned, men jeg forstår ikke hvorfor.',
    },
    withCpr: {
      topic: 'other',
      title: 'Jeg har ikke fået mit sundhedskort',
      body: 'Mit CPR-nummer er 070761-4285. Kan I se, om kortet er sendt?',
    },
  },
  sv: {
    people: ['Anna', 'Lars i Björkby', 'Ebba', 'Gustav', 'Linnea'],
    threads: [
      {
        topic: 'bulky-waste',
        title: 'Hur lämnar jag grovavfall?',
        body: 'Jag har en gammal soffa som ska bort. Hämtar kommunen grovavfall, eller måste jag köra till återvinningscentralen?',
        answers: ['Vi beställde hämtning via kommunens e-tjänst, det gick smidigt.'],
        reply: 'Tack, det visste jag inte!',
        official:
          'Kommunen hämtar grovavfall efter beställning i e-tjänsten. Du kan också lämna det kostnadsfritt på återvinningscentralen. Vänliga hälsningar',
      },
      {
        topic: 'roads',
        title: 'När plogas gång- och cykelvägen vid skolan?',
        body: 'Gång- och cykelvägen vid Björkskolan var inte plogad i morse. När plogas den?',
        answers: ['Den brukar plogas före sju, men inte i helgen verkar det som.'],
        official:
          'Gång- och cykelvägar vid skolor plogas först, senast klockan sju på vardagar. Vi har påmint entreprenören.',
      },
      {
        topic: 'daycare',
        title: 'Hur långt i förväg ska man söka förskoleplats?',
        body: 'Vi vill att vårt barn börjar förskolan i augusti. När behöver vi senast söka?',
        answers: ['Man ska söka fyra månader innan, har vi hört.'],
      },
      {
        topic: 'building',
        title: 'Behöver jag bygglov för ett växthus?',
        body: 'Jag vill bygga ett litet växthus på tomten, cirka åtta kvadratmeter. Behövs bygglov?',
        answers: [],
      },
    ],
    advert: 'Köp billiga solglasögon på solglasogon.example idag, 50 procent rabatt!',
    caseMatter: {
      topic: 'other',
      title: 'Varför har mitt bostadstillägg sänkts?',
      body: 'Jag har fått ett beslut om att mitt bostadstillägg sänks, men jag förstår inte varför.',
    },
    withCpr: {
      topic: 'other',
      title: 'Mitt intyg har inte kommit',
      body: 'Mitt personnummer är 640823-3234. Kan ni se om intyget är skickat?',
    },
  },
}

async function seedBoard(db: Db, municipality: MunicipalityRow, board: DemoBoard, language: Language) {
  const demo = DEMO_MUNICIPALITIES.find((d) => d.slug === municipality.slug)
  if (!demo) return
  const caseworker = await findUserByEmail(db, demoEmail(demo, 'caseworker'))
  const moderator = await findUserByEmail(db, demoEmail(demo, 'moderator'))
  const citizens = await db.transaction().execute(async (trx) => {
    const made = []
    for (const [i, name] of board.people.entries()) {
      const email = `borger${i + 1}@${demo.emailDomain.replace(/\.test$/, '.example')}`
      made.push(await seedVerifiedCitizen(trx, municipality, { email, name, language }))
    }
    return made
  })
  const person = (i: number) => ({ citizen: citizens[i % citizens.length] as (typeof citizens)[number] })
  const context = { municipality, language }
  const staff = caseworker
    ? { municipality, userId: caseworker.id, baseUrl: 'http://localhost:3000', mailDomain: 'radhus.test' }
    : undefined
  const asked: string[] = []
  for (const [i, thread] of board.threads.entries()) {
    const { post: question } = await askQuestion(db, context, thread, person(i))
    asked.push(question.id)
    for (const [j, text] of thread.answers.entries()) {
      const { post: answer } = await postAnswer(db, context, question.id, { body: text }, person(i + j + 1))
      if (thread.reply && j === 0)
        await postAnswer(db, context, question.id, { body: thread.reply, parentId: answer.id }, person(i))
    }
    if (i === 2) await followQuestion(db, person(4).citizen, municipality.id, question.id)
    if (thread.official && staff) await giveOfficialAnswer(db, staff, question.id, thread.official)
  }
  if (!moderator) return
  const ctx = {
    municipality,
    actor: { type: 'user' as const, id: moderator.id },
    baseUrl: 'http://localhost:3000',
    mailDomain: 'radhus.test',
  }
  // An advert among the answers, hidden under the house rule against commercial messages.
  const target = asked.at(-1)
  if (target) {
    const { post: advert } = await postAnswer(db, context, target, { body: board.advert }, person(2))
    if (advert.moderation_item_id)
      await decideItem(db, ctx, advert.moderation_item_id, {
        action: 'hide',
        revision: 0,
        rule: 'no-commercial',
        reason: language === 'sv' ? 'Reklam hör inte hemma här.' : 'Reklam hører ikke hjemme her.',
      }).catch(() => {})
  }
  // A case matter, moved to a private inquiry.
  const { post: matter } = await askQuestion(db, context, board.caseMatter, person(1))
  if (matter.moderation_item_id)
    await decideItem(db, ctx, matter.moderation_item_id, { action: 'hand_off', revision: 0 }).catch(() => {})
  // A question with an identity number: never shown, waiting in the queue with its finding.
  await askQuestion(db, context, board.withCpr, person(4))
}

/** Seed both demo boards. */
export const seedDemoBoard: DemoSeed = async (db) => {
  for (const [slug, language] of [
    ['demo-kommune', 'da'],
    ['demo-kommun', 'sv'],
  ] as const) {
    const municipality = await findMunicipalityBySlug(db, slug)
    if (municipality) await seedBoard(db, municipality, BOARDS[language], language)
  }
}
