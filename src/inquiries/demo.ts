/** The demo municipalities' contact topics, each with the department that takes it by default. */
import type { Db } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { DepartmentRow, Language } from '../db/schema.ts'
import { type Actor, record } from '../journal/service.ts'
import * as store from './store.ts'

export interface NewTopic {
  slug: string
  names: Record<Language, string>
  /** A department's slug; none for the contact centre. */
  department?: string
  answerDays?: number
}

const names = (da: string, sv: string, en: string) => ({ da, sv, en })

export const DEMO_TOPICS: Record<string, NewTopic[]> = {
  'demo-kommune': [
    {
      slug: 'bulky-waste',
      names: names('Storskrald', 'Grovavfall', 'Bulky waste'),
      department: 'teknik-og-miljo',
      answerDays: 5,
    },
    {
      slug: 'roads',
      names: names('Veje og fortove', 'Gator och trottoarer', 'Roads and pavements'),
      department: 'teknik-og-miljo',
    },
    { slug: 'parking', names: names('Parkering', 'Parkering', 'Parking'), department: 'teknik-og-miljo' },
    { slug: 'daycare', names: names('Dagtilbud og vuggestue', 'Förskola', 'Daycare'), department: 'born-og-unge' },
    { slug: 'building', names: names('Byggeri', 'Bygglov', 'Building'), department: 'teknik-og-miljo', answerDays: 15 },
    { slug: 'other', names: names('Andet', 'Övrigt', 'Other') },
  ],
  'demo-kommun': [
    {
      slug: 'bulky-waste',
      names: names('Storskrald', 'Grovavfall', 'Bulky waste'),
      department: 'samhallsbyggnad',
      answerDays: 5,
    },
    {
      slug: 'roads',
      names: names('Veje og fortove', 'Gator och trottoarer', 'Roads and pavements'),
      department: 'samhallsbyggnad',
    },
    { slug: 'parking', names: names('Parkering', 'Parkering', 'Parking'), department: 'samhallsbyggnad' },
    { slug: 'daycare', names: names('Dagtilbud', 'Förskola', 'Preschool'), department: 'barn-och-utbildning' },
    {
      slug: 'building',
      names: names('Byggetilladelse', 'Bygglov', 'Building permit'),
      department: 'samhallsbyggnad',
      answerDays: 15,
    },
    { slug: 'other', names: names('Andet', 'Övrigt', 'Other') },
  ],
}

/** Create topics for a municipality, journaled as one change. */
export async function createTopics(
  db: Db,
  actor: Actor,
  municipalityId: string,
  departments: readonly DepartmentRow[],
  topics: readonly NewTopic[],
): Promise<void> {
  const bySlug = new Map(departments.map((d) => [d.slug, d.id]))
  await db.transaction().execute(async (trx) => {
    for (const [position, topic] of topics.entries()) {
      const id = newId()
      await store.insertTopic(trx, {
        id,
        municipality_id: municipalityId,
        slug: topic.slug,
        name_da: topic.names.da,
        name_sv: topic.names.sv,
        name_en: topic.names.en,
        department_id: topic.department ? (bySlug.get(topic.department) ?? null) : null,
        answer_days: topic.answerDays ?? null,
        position,
        active: 1,
        created_at: nowIso(),
      })
      await record(trx, {
        municipalityId,
        actor,
        action: 'inquiry.topic.created',
        subject: { type: 'inquiry_topic', id },
        summary: `Contact topic ${topic.slug} created`,
      })
    }
  })
}

/** Seed the demo topics of a demo municipality (none for any other slug). */
export async function seedDemoTopics(
  db: Db,
  actor: Actor,
  municipality: { id: string; slug: string },
  departments: readonly DepartmentRow[],
): Promise<void> {
  await createTopics(db, actor, municipality.id, departments, DEMO_TOPICS[municipality.slug] ?? [])
}
