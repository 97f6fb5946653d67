/**
 * Demo dialogs in each demo municipality, in different phases: an open consultation with a document and
 * replies, a concluded idea storm with statuses, responses and its feedback published, and an open
 * participatory budget with projects, ballots and a crowd-funding pledge.
 */
import PDFDocument from 'pdfkit'
import type { Db } from '../db/index.ts'
import { newId } from '../db/index.ts'
import type { Language, MunicipalityRow } from '../db/schema.ts'
import { DEMO_MUNICIPALITIES } from '../demo/data.ts'
import type { DemoSeedOptions } from '../demo/features.ts'
import { findMunicipalityBySlug, listDepartments } from '../municipalities/service.ts'
import { addProject, castBallot, pledge } from './budget.ts'
import { commentOnIdea, type Participant, proposeIdea, submitReply, supportIdea } from './contributions.ts'
import { mailFeedback, publishFeedback, respondTo } from './feedback.ts'
import { addDays } from './mandate.ts'
import { addDocument, createDialog, type DialogContext, type DialogInput, publishDialog, today } from './service.ts'
import * as store from './store.ts'

type Texts = DialogInput['texts']
type Words = Record<
  'reply1' | 'reply2' | 'idea1' | 'idea1b' | 'idea2' | 'idea2b' | 'idea3' | 'idea3b' | 'comment' | 'feedback',
  string
> &
  Record<'r1' | 'r2' | 'r3' | 'p1' | 'p2' | 'p3', string>

const COPY: Record<'DK' | 'SE', { consultation: Texts; ideas: Texts; budget: Texts; words: Words }> = {
  DK: {
    consultation: {
      da: {
        title: 'Lokalplan 112: Boliger ved Havnen',
        summary: 'Forslag til lokalplan for 180 nye boliger, en havnepromenade og en ny plads ved Havnen.',
        purpose: 'Vi vil høre dine bemærkninger til forslaget, før byrådet vedtager den endelige lokalplan.',
        decides: 'Byrådet vedtager lokalplanen efter indstilling fra Teknik- og Miljøudvalget.',
        open_for: 'Bygningshøjder, stier, beplantning, pladsens indretning og trafik i området.',
        not_open_for: 'At området skal bruges til boliger er besluttet i kommuneplanen.',
        input_use: 'Alle høringssvar samles i en hvidbog med forvaltningens svar, som byrådet får med sagen.',
      },
      en: {
        title: 'Local plan 112: Homes by the Harbour',
        summary: 'Draft local plan for 180 new homes, a harbour promenade and a new square.',
      },
    },
    ideas: {
      da: {
        title: 'Idéstorm: Et bedre bibliotek',
        summary: 'Hvordan skal fremtidens bibliotek i Demo Kommune se ud?',
        purpose: 'Biblioteket skal renoveres, og vi vil vide, hvad du savner.',
        decides: 'Kultur- og Fritidsudvalget.',
        open_for: 'Indretning, åbningstider, arrangementer og nye tilbud.',
        not_open_for: 'Bibliotekets placering og det samlede budget.',
        input_use: 'Idéerne prioriteres af udvalget; hver idé får en status med begrundelse.',
      },
    },
    budget: {
      da: {
        title: 'Borgerbudget 2027: Din bydel',
        summary: 'Du bestemmer, hvad 500.000 kr. skal bruges på i din bydel.',
        purpose: 'Borgerne i bydelen fordeler selv en del af anlægsbudgettet.',
        decides: 'Afstemningen er bindende: de projekter med flest stemmer gennemføres inden for budgettet.',
        open_for: 'Hvilke af de foreslåede projekter der gennemføres.',
        not_open_for: 'Budgettets størrelse og projekter uden for bydelen.',
        input_use: 'Stemmerne tælles, når afstemningen lukker, og resultatet offentliggøres samme dag.',
      },
    },
    words: {
      reply1: 'Jeg foreslår, at husene mod vandet højst bliver fire etager, så promenaden ikke ligger i skygge.',
      reply2: 'Grundejerforeningen ønsker en sikker cykelsti langs Havnegade og flere træer på pladsen.',
      idea1: 'Åbent om søndagen',
      idea1b: 'Mange familier har kun tid i weekenden.',
      idea2: 'Makerspace med 3D-printer',
      idea2b: 'Et værksted, hvor alle kan lære at bygge og reparere.',
      idea3: 'Lektiecafé for skolebørn',
      idea3b: 'Frivillige hjælper med lektier to eftermiddage om ugen.',
      comment: 'God idé, jeg vil gerne være frivillig!',
      feedback:
        'Tak for 3 idéer og mange støtter. Udvalget har besluttet søndagsåbent fra næste år og en lektiecafé; et makerspace undersøges i budgettet for 2028.',
      r1: 'Vedtaget: biblioteket åbner om søndagen fra 1. februar.',
      r2: 'Under overvejelse: et makerspace kræver ombygning og indgår i budgetforhandlingerne for 2028.',
      r3: 'Vedtaget og gennemført: lektiecaféen åbnede i september.',
      p1: 'Ny legeplads i parken',
      p2: 'Bænke og lys på stien',
      p3: 'Vinterbadeanstalt',
    },
  },
  SE: {
    consultation: {
      sv: {
        title: 'Detaljplan för Stationsområdet',
        summary: 'Samråd om detaljplan för 250 bostäder, en förskola och en ny park vid stationen.',
        purpose: 'Vi vill ha dina synpunkter innan planen ställs ut för granskning.',
        decides: 'Kommunfullmäktige antar detaljplanen efter beredning i byggnadsnämnden.',
        open_for: 'Husens höjd, parkens utformning, gång- och cykelvägar och trafiken.',
        not_open_for: 'Att området ska bebyggas med bostäder är beslutat i översiktsplanen.',
        input_use: 'Alla synpunkter sammanställs i en samrådsredogörelse med kommunens svar.',
      },
      en: { title: 'Detailed plan for the Station Area' },
    },
    ideas: {
      sv: {
        title: 'Idéstorm: Framtidens fritidsgård',
        summary: 'Vad vill unga ha på den nya fritidsgården?',
        purpose: 'Fritidsgården byggs om och ungas idéer ska forma den.',
        decides: 'Kultur- och fritidsnämnden.',
        open_for: 'Aktiviteter, öppettider och inredning.',
        not_open_for: 'Fritidsgårdens placering och budget.',
        input_use: 'Nämnden behandlar idéerna; varje idé får status med motivering.',
      },
    },
    budget: {
      sv: {
        title: 'Medborgarbudget 2027: Din stadsdel',
        summary: 'Du bestämmer vad 500 000 kronor ska användas till i din stadsdel.',
        purpose: 'Invånarna fördelar själva en del av investeringsbudgeten.',
        decides: 'Omröstningen är bindande inom budgeten.',
        open_for: 'Vilka av de föreslagna projekten som genomförs.',
        not_open_for: 'Budgetens storlek.',
        input_use: 'Rösterna räknas när omröstningen stänger och resultatet publiceras samma dag.',
      },
    },
    words: {
      reply1: 'Parken borde få en lekplats och fler träd, och husen närmast parken bör vara lägre.',
      reply2: 'Föreningen vill ha en säker cykelväg till stationen och fler cykelparkeringar.',
      idea1: 'Öppet till 22 på fredagar',
      idea1b: 'Vi vill ha någonstans att vara på fredagskvällar.',
      idea2: 'Musikstudio',
      idea2b: 'En studio där man kan spela in musik.',
      idea3: 'E-sportrum',
      idea3b: 'Ett rum med datorer för e-sport.',
      comment: 'Bra idé, jag skulle komma varje vecka!',
      feedback:
        'Tack för idéerna. Nämnden har beslutat om fredagsöppet och en musikstudio; ett e-sportrum utreds vidare.',
      r1: 'Antagen: fritidsgården har öppet till 22 på fredagar från januari.',
      r2: 'Genomförd: musikstudion invigdes i oktober.',
      r3: 'Under övervägande: e-sportrummet utreds i budgeten för 2028.',
      p1: 'Ny lekplats i parken',
      p2: 'Bänkar och belysning längs gångvägen',
      p3: 'Utegym',
    },
  },
}

async function demoPdf(title: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: title } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.fontSize(18).text(title).moveDown().fontSize(11).text('Demo')
  doc.end()
  return done
}

const person = (name: string, language: Language): Participant => {
  const id = newId()
  return { id, email: `demo-${id.slice(0, 8)}@example.test`, display_name: name, language }
}

async function setDates(db: Db, id: string, starts: string, ends: string, feedback: string) {
  await db
    .transaction()
    .execute((trx) => store.updateDialog(trx, id, { starts_on: starts, ends_on: ends, feedback_due_on: feedback }))
}

async function seedMunicipality(db: Db, m: MunicipalityRow, options: DemoSeedOptions) {
  if ((await store.listDialogs(db, m.id, false)).length > 0) return
  const copy = COPY[m.country]
  const words = copy.words
  const lang = m.default_language
  const departments = await listDepartments(db, m.id)
  const ctx: DialogContext = { municipality: m, actor: { type: 'system' }, ...options }
  const day = today(m)
  const base = (kind: DialogInput['kind'], texts: Texts, department = departments[1]): DialogInput => ({
    kind,
    moderationMode: 'post',
    departmentId: department?.id ?? '',
    contactName: m.country === 'SE' ? 'Eva Planerare' : 'Lone Planlægger',
    contactEmail: `dialog@${m.slug}.test`,
    startsOn: addDays(day, -14),
    endsOn: addDays(day, 28),
    feedbackDueOn: addDays(day, 70),
    consultationType: kind === 'consultation' ? 'local_plan' : '',
    location: kind === 'consultation' ? (m.country === 'SE' ? 'Stationsområdet' : 'Havnen, 55.676,12.568') : '',
    supportThreshold: kind === 'idea_storm' ? 3 : 0,
    budgetTotal: kind === 'budget' ? 500_000 : 0,
    ballotMethod: 'knapsack',
    maxChoices: 0,
    pledgesEnabled: kind === 'budget',
    texts,
  })

  // An open consultation with its plan as PDF and two replies.
  const consultation = await createDialog(db, ctx, base('consultation', copy.consultation))
  await addDocument(db, ctx, consultation.id, {
    fileName: m.country === 'SE' ? 'planbeskrivning.pdf' : 'lokalplanforslag.pdf',
    bytes: await demoPdf(copy.consultation[lang]?.title ?? ''),
  })
  await publishDialog(db, ctx, consultation.id)
  for (const [name, text, org] of [
    [m.country === 'SE' ? 'Anna Andersson' : 'Grethe Jensen', words.reply1, ''],
    [
      m.country === 'SE' ? 'Per Persson' : 'Ole Hansen',
      words.reply2,
      m.country === 'SE' ? 'Villaföreningen' : 'Havnens Grundejerforening',
    ],
  ] as const) {
    await submitReply(db, ctx, consultation.id, {
      name,
      email: `${name.split(' ')[0]?.toLowerCase()}@example.test`,
      represents: org ? 'organisation' : 'self',
      organisation: org,
      address: '',
      hideAddress: true,
      text,
      language: lang,
    })
  }

  // A concluded idea storm: ideas, supports and a comment while open; then statuses, responses and feedback.
  const ideas = await createDialog(db, ctx, base('idea_storm', copy.ideas, departments[2]))
  await publishDialog(db, ctx, ideas.id)
  const people = ['Ida', 'Bo', 'Fie', 'Kim'].map((n) => person(n, lang))
  const proposed = []
  for (const [i, [title, body]] of (
    [
      [words.idea1, words.idea1b],
      [words.idea2, words.idea2b],
      [words.idea3, words.idea3b],
    ] as const
  ).entries()) {
    proposed.push(await proposeIdea(db, ctx, people[i] as Participant, ideas.id, { title, body, language: lang }))
  }
  for (const supporter of people) await supportIdea(db, ctx, supporter, ideas.id, proposed[0]?.id as string)
  await supportIdea(db, ctx, people[3] as Participant, ideas.id, proposed[2]?.id as string)
  await commentOnIdea(db, ctx, people[3] as Participant, ideas.id, proposed[0]?.id as string, {
    body: words.comment,
    language: lang,
  })
  await setDates(db, ideas.id, addDays(day, -90), addDays(day, -45), addDays(day, -5))
  const statuses =
    m.country === 'SE' ? ['accepted', 'done', 'under_consideration'] : ['accepted', 'under_consideration', 'done']
  for (const [i, idea] of proposed.entries()) {
    const response = [words.r1, words.r2, words.r3][i] as string
    await respondTo(db, ctx, ideas.id, idea.id, { response, status: statuses[i] as string, statusNote: response })
  }
  await publishFeedback(db, ctx, ideas.id, { [lang]: words.feedback })
  await db.transaction().execute((trx) => mailFeedback(trx, m, ideas.id, options.baseUrl, options.mailDomain))

  // An open participatory budget with three projects, ballots and a pledge.
  const budget = await createDialog(db, ctx, {
    ...base('budget', copy.budget),
    startsOn: addDays(day, 1),
  })
  const projects = []
  for (const [title, cost, goal] of [
    [words.p1, 300_000, 0],
    [words.p2, 150_000, 0],
    [words.p3, 250_000, 40_000],
  ] as const) {
    projects.push(await addProject(db, ctx, budget.id, { title, body: title, cost, pledgeGoal: goal }))
  }
  await publishDialog(db, ctx, budget.id)
  await setDates(db, budget.id, addDays(day, -3), addDays(day, 21), addDays(day, 45))
  const voters = ['Ane', 'Jens', 'Mia'].map((n) => person(n, lang))
  await castBallot(db, ctx, voters[0] as Participant, budget.id, [projects[0], projects[1]] as string[])
  await castBallot(db, ctx, voters[1] as Participant, budget.id, [projects[1], projects[2]] as string[])
  await castBallot(db, ctx, voters[2] as Participant, budget.id, [projects[0]] as string[])
  await pledge(db, ctx, voters[1] as Participant, budget.id, projects[2] as string, 5_000)
}

/** Content seed (`npm start`, `radhus seed demo`): the demo dialogs of both demo municipalities. */
export async function seedDemoDialogs(db: Db, options: DemoSeedOptions): Promise<void> {
  for (const demo of DEMO_MUNICIPALITIES) {
    const m = await findMunicipalityBySlug(db, demo.slug)
    if (m) await seedMunicipality(db, m, options)
  }
}
