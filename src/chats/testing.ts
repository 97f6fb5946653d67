/** Test helpers: a chat with a panel of politicians and a moderator in a demo municipality. */
import type { Db } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import type { ChatSessionRow } from '../db/tables/chats.ts'
import { type DemoMunicipality, demoEmail } from '../demo/data.ts'
import { createStaff, findUserByEmail } from '../identity/service.ts'
import { SYSTEM } from '../journal/service.ts'
import type { StaffActor } from './questions.ts'
import { scheduleChat } from './sessions.ts'
import { utcToLocal } from './time.ts'

export interface ChatWorld {
  chat: ChatSessionRow
  editor: StaffActor
  moderator: StaffActor
  /** The demo politician first, then the extra ones. */
  politicians: StaffActor[]
}

async function userId(db: Db, email: string): Promise<string> {
  const user = await findUserByEmail(db, email)
  if (!user) throw new Error(`no user ${email}`)
  return user.id
}

/** A second (or third) politician of a demo municipality, made once; signs in with the demo password. */
export async function extraPolitician(db: Db, municipality: MunicipalityRow, demo: DemoMunicipality, n: number) {
  const email = `politician${n}@${demo.emailDomain}`
  const existing = await findUserByEmail(db, email)
  if (existing) return existing.id
  const { hashPassword } = await import('../identity/password.ts')
  const user = await createStaff(db, SYSTEM, municipality.id, {
    email,
    name: `Politician ${n}`,
    roles: ['politician'],
    passwordHash: await hashPassword('radhus-demo'),
  })
  return user.id
}

/** Schedule a chat that runs from `startsInMinutes` for `minutes`, with the demo moderator and two politicians. */
export async function seedChat(
  db: Db,
  municipality: MunicipalityRow,
  demo: DemoMunicipality,
  options: {
    startsInMinutes?: number
    minutes?: number
    questionMax?: number
    answerMax?: number
    title?: string
  } = {},
): Promise<ChatWorld> {
  const editor: StaffActor = { type: 'user', id: await userId(db, demoEmail(demo, 'editor')) }
  const moderator: StaffActor = { type: 'user', id: await userId(db, demoEmail(demo, 'moderator')) }
  const pia = await userId(db, demoEmail(demo, 'politician'))
  const second = await extraPolitician(db, municipality, demo, 2)
  const start = new Date(Date.now() + (options.startsInMinutes ?? -10) * 60_000)
  const end = new Date(start.getTime() + (options.minutes ?? 60) * 60_000)
  const chat = await scheduleChat(db, editor, municipality, {
    title: options.title ?? 'Spørg politikerne om trafik',
    topic: 'Trafik og cykelstier',
    language: municipality.default_language,
    startsAt: utcToLocal(start.toISOString(), municipality.time_zone),
    endsAt: utcToLocal(end.toISOString(), municipality.time_zone),
    questionMaxLength: options.questionMax ?? 300,
    answerMaxLength: options.answerMax ?? 600,
    moderators: [moderator.id],
    panel: [
      { userId: pia, party: 'Venstre', committee: 'Teknik- og Miljøudvalget' },
      { userId: second, party: 'Socialdemokratiet', committee: '' },
    ],
  })
  return {
    chat,
    editor,
    moderator,
    politicians: [
      { type: 'user', id: pia },
      { type: 'user', id: second },
    ],
  }
}

/** Move a chat's end into the past (a chat cannot be scheduled to end before now). */
export async function endChat(db: Db, chat: ChatSessionRow): Promise<ChatSessionRow> {
  const endsAt = new Date(Date.now() - 1000).toISOString()
  const startsAt = chat.starts_at < endsAt ? chat.starts_at : new Date(Date.now() - 3_600_000).toISOString()
  await db
    .updateTable('chat_sessions')
    .set({ ends_at: endsAt, starts_at: startsAt })
    .where('id', '=', chat.id)
    .execute()
  return { ...chat, ends_at: endsAt, starts_at: startsAt }
}
