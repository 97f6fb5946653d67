/**
 * Demo chats for `npm start`: in each demo municipality a panel of three politicians (the demo politician
 * and two more, who sign in with the demo password), one past chat with its transcript and its full record
 * (answered, rejected, merged and unanswered questions), and one upcoming chat already taking questions.
 */
import type { Db } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { DEMO_MUNICIPALITIES, DEMO_PASSWORD, type DemoMunicipality, demoEmail } from '../demo/data.ts'
import { hashPassword } from '../identity/password.ts'
import { createStaff, findUserByEmail } from '../identity/service.ts'
import { SYSTEM } from '../journal/service.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import {
  askQuestion,
  assignQuestion,
  mergeQuestion,
  publishAnswer,
  rejectQuestion,
  type StaffActor,
} from './questions.ts'
import { scheduleChat } from './sessions.ts'
import { utcToLocal } from './time.ts'

interface DemoChatText {
  panel: { name: string; party: string; committee: string }[]
  past: {
    title: string
    topic: string
    qa: [string, string, string][]
    rejected: [string, string]
    duplicate: string
    open: string
  }
  upcoming: { title: string; topic: string; questions: [string, string][] }
}

const TEXT: Record<string, DemoChatText> = {
  'demo-kommune': {
    panel: [
      { name: 'Pia Politiker', party: 'Venstre', committee: 'Teknik- og Miljøudvalget' },
      { name: 'Henrik Holm', party: 'Socialdemokratiet', committee: 'Børne- og Skoleudvalget' },
      { name: 'Sofie Skov', party: 'SF', committee: 'Klimaudvalget' },
    ],
    past: {
      title: 'Spørg politikerne om trafik og cykelstier',
      topic: 'Kommunens trafikplan 2027: cykelstier, busser og skoleveje.',
      qa: [
        [
          'Mette',
          'Hvornår bliver cykelstien langs Skolevej færdig?',
          'Den er med i anlægsbudgettet for 2027, og arbejdet begynder til foråret.',
        ],
        [
          'Jonas',
          'Kommer der flere busafgange om aftenen?',
          'Vi har bedt trafikselskabet om to ekstra afgange efter kl. 21 fra næste køreplan.',
        ],
        [
          'Anne',
          'Hvordan gør I skolevejene sikrere?',
          'Vi sænker hastigheden til 40 km/t ved alle skoler og laver flere hævede flader.',
        ],
      ],
      rejected: ['Bilforhandler Hansen', 'Kom og se vores nye elbiler til skarpe priser!'],
      duplicate: 'Hvornår er cykelstien på Skolevej klar?',
      open: 'Hvad sker der med parkeringen ved stationen?',
    },
    upcoming: {
      title: 'Livechat om budget 2027',
      topic: 'Hvad skal kommunen bruge pengene på næste år? Stil dine spørgsmål til panelet.',
      questions: [
        ['Karin', 'Får skolerne flere penge til lærere?'],
        ['Ib', 'Hvad koster den nye svømmehal?'],
      ],
    },
  },
  'demo-kommun': {
    panel: [
      { name: 'Per Politiker', party: 'Moderaterna', committee: 'Samhällsbyggnadsnämnden' },
      { name: 'Lena Lind', party: 'Socialdemokraterna', committee: 'Barn- och utbildningsnämnden' },
      { name: 'Erik Ek', party: 'Centerpartiet', committee: 'Miljönämnden' },
    ],
    past: {
      title: 'Fråga politikerna om trafik och cykelvägar',
      topic: 'Kommunens trafikplan 2027: cykelvägar, bussar och skolvägar.',
      qa: [
        [
          'Maria',
          'När blir cykelvägen längs Skolvägen klar?',
          'Den finns med i investeringsbudgeten för 2027 och arbetet börjar i vår.',
        ],
        [
          'Johan',
          'Blir det fler bussturer på kvällarna?',
          'Vi har bett trafikbolaget om två extra turer efter kl. 21 från nästa tidtabell.',
        ],
        [
          'Anna',
          'Hur gör ni skolvägarna säkrare?',
          'Vi sänker hastigheten till 40 km/h vid alla skolor och bygger fler upphöjda övergångar.',
        ],
      ],
      rejected: ['Bilhandlare Svensson', 'Kom och se våra nya elbilar till fina priser!'],
      duplicate: 'När är cykelvägen på Skolvägen klar?',
      open: 'Vad händer med parkeringen vid stationen?',
    },
    upcoming: {
      title: 'Livechatt om budget 2027',
      topic: 'Vad ska kommunen lägga pengarna på nästa år? Ställ dina frågor till panelen.',
      questions: [
        ['Karin', 'Får skolorna mer pengar till lärare?'],
        ['Ingvar', 'Vad kostar den nya simhallen?'],
      ],
    },
  },
}

async function userId(db: Db, email: string) {
  const user = await findUserByEmail(db, email)
  if (!user) throw new Error(`demo user ${email} is missing`)
  return user.id
}

async function panelIds(db: Db, municipality: MunicipalityRow, demo: DemoMunicipality, text: DemoChatText) {
  const ids = [await userId(db, demoEmail(demo, 'politician'))]
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  for (const [i, member] of text.panel.slice(1).entries()) {
    const email = `politician${i + 2}@${demo.emailDomain}`
    const existing = await findUserByEmail(db, email)
    ids.push(
      existing?.id ??
        (
          await createStaff(db, SYSTEM, municipality.id, {
            email,
            name: member.name,
            roles: ['politician'],
            passwordHash,
          })
        ).id,
    )
  }
  return ids
}

async function seedMunicipality(db: Db, demo: DemoMunicipality, mailDomain: string) {
  const municipality = await findMunicipalityBySlug(db, demo.slug)
  const text = TEXT[demo.slug]
  if (!municipality || !text) return
  const ids = await panelIds(db, municipality, demo, text)
  const editor: StaffActor = { type: 'user', id: await userId(db, demoEmail(demo, 'editor')) }
  const moderator: StaffActor = { type: 'user', id: await userId(db, demoEmail(demo, 'moderator')) }
  const panel = text.panel.map((p, i) => ({ userId: ids[i] as string, party: p.party, committee: p.committee }))
  const schedule = (title: string, topic: string, startsIn: number) => {
    const start = new Date(Date.now() + startsIn)
    start.setUTCMinutes(0, 0, 0)
    return scheduleChat(db, editor, municipality, {
      title,
      topic,
      language: municipality.default_language,
      startsAt: utcToLocal(start.toISOString(), municipality.time_zone),
      endsAt: utcToLocal(new Date(start.getTime() + 3_600_000).toISOString(), municipality.time_zone),
      questionMaxLength: 500,
      answerMaxLength: 1500,
      moderators: [moderator.id],
      panel,
    })
  }
  const context = { municipality, mailDomain }

  // The past chat is held now and then moved 14 days back, with every time in it.
  const past = await schedule(text.past.title, text.past.topic, 0)
  const asked = []
  for (const [name, question] of text.past.qa)
    asked.push(await askQuestion(db, context, past, { name, email: '', question }))
  const rejected = await askQuestion(db, context, past, {
    name: text.past.rejected[0],
    email: '',
    question: text.past.rejected[1],
  })
  const duplicate = await askQuestion(db, context, past, { name: 'Lone', email: '', question: text.past.duplicate })
  const open = await askQuestion(db, context, past, { name: 'Ole', email: '', question: text.past.open })
  for (const [i, q] of asked.entries()) {
    const politician = { type: 'user', id: ids[i % ids.length] as string } as const
    await assignQuestion(db, past, moderator, q.id, { politicianId: politician.id, version: 1 })
    await publishAnswer(db, past, politician, q.id, text.past.qa[i]?.[2] as string)
  }
  await rejectQuestion(db, past, moderator, rejected.id, { rule: 'no-commercial', reason: '', version: 1 })
  await mergeQuestion(db, past, moderator, duplicate.id, { intoNumber: asked[0]?.number ?? 1, version: 1 })
  await assignQuestion(db, past, moderator, open.id, { politicianId: ids[2] as string, version: 1 })
  const shift = 14 * 86_400_000
  const earlier = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() - shift).toISOString() : null)
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('chat_sessions')
      .set({ starts_at: earlier(past.starts_at) as string, ends_at: earlier(past.ends_at) as string })
      .where('id', '=', past.id)
      .execute()
    for (const q of await trx.selectFrom('chat_questions').selectAll().where('chat_id', '=', past.id).execute()) {
      await trx
        .updateTable('chat_questions')
        .set({
          received_at: earlier(q.received_at) as string,
          decided_at: earlier(q.decided_at),
          published_at: earlier(q.published_at),
          updated_at: earlier(q.updated_at) as string,
        })
        .where('id', '=', q.id)
        .execute()
    }
  })

  const upcoming = await schedule(text.upcoming.title, text.upcoming.topic, 7 * 86_400_000)
  for (const [name, question] of text.upcoming.questions) {
    await askQuestion(db, context, upcoming, { name, email: '', question })
  }
}

/** Content seed: the demo's chats (see the module comment). */
export async function seedDemoChats(db: Db, options: { mailDomain: string }): Promise<void> {
  for (const demo of DEMO_MUNICIPALITIES) await seedMunicipality(db, demo, options.mailDomain)
}
