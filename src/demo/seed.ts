/** Seeds the demo municipalities when the database has none; returns the logins to print. */
import type { Db } from '../db/index.ts'
import { LANGUAGES, PAGE_KINDS } from '../db/schema.ts'
import { hashPassword } from '../identity/password.ts'
import { createStaff } from '../identity/service.ts'
import { seedDemoCannedAnswers } from '../inquiries/case/demo.ts'
import { seedDemoTopics } from '../inquiries/demo.ts'
import { SYSTEM } from '../journal/service.ts'
import { countMunicipalities, createDepartment, createMunicipality, savePages } from '../municipalities/service.ts'
import { DEMO_MUNICIPALITIES, DEMO_PAGES, DEMO_PASSWORD, demoEmail } from './data.ts'
import { CONTENT_SEEDS, STRUCTURE_SEEDS } from './features.ts'
import { seedDemoInquiries } from './inquiries.ts'

export interface DemoLogin {
  municipality: string
  role: string
  email: string
  password: string
}

export async function seedDemo(
  db: Db,
  mailDomain = 'radhus.test',
  baseUrl = 'http://localhost:3000',
): Promise<DemoLogin[]> {
  // One hash for every demo account: hashing is deliberately slow, and start-up should not be.
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const logins: DemoLogin[] = []
  for (const demo of DEMO_MUNICIPALITIES) {
    const municipality = await createMunicipality(db, SYSTEM, demo)
    const departments = []
    for (const department of demo.departments) {
      departments.push(
        await createDepartment(db, SYSTEM, municipality.id, {
          slug: department.slug,
          names: department.names,
          email: `${department.slug}@${mailDomain}`,
        }),
      )
    }
    await seedDemoTopics(db, SYSTEM, municipality, departments)
    await seedDemoCannedAnswers(db, SYSTEM, municipality.id)
    for (const kind of PAGE_KINDS) {
      const bodies = Object.fromEntries(LANGUAGES.map((l) => [l, DEMO_PAGES[kind][l](demo)]))
      await savePages(db, SYSTEM, municipality.id, kind, bodies)
    }
    for (const member of demo.staff) {
      const email = demoEmail(demo, member.role)
      await createStaff(db, SYSTEM, municipality.id, { email, name: member.name, roles: [member.role], passwordHash })
      logins.push({ municipality: demo.name, role: member.role, email, password: DEMO_PASSWORD })
    }
  }
  for (const seed of STRUCTURE_SEEDS) await seed(db, { baseUrl, mailDomain })
  return logins
}

/**
 * Seed only an empty database, so a restart never duplicates the demo. This (`npm start`, `radhus seed
 * demo`) also fills the inboxes with demo inquiries; test apps call `seedDemo` alone and start empty.
 */
export async function seedDemoIfEmpty(
  db: Db,
  mailDomain = 'radhus.test',
  baseUrl = 'http://localhost:3000',
): Promise<DemoLogin[] | undefined> {
  if ((await countMunicipalities(db)) > 0) return undefined
  const logins = await seedDemo(db, mailDomain, baseUrl)
  await seedDemoInquiries(db, { baseUrl, mailDomain })
  for (const seed of CONTENT_SEEDS) await seed(db, { baseUrl, mailDomain })
  return logins
}

export function demoLogins(): DemoLogin[] {
  return DEMO_MUNICIPALITIES.flatMap((demo) =>
    demo.staff.map((member) => ({
      municipality: demo.name,
      role: member.role,
      email: demoEmail(demo, member.role),
      password: DEMO_PASSWORD,
    })),
  )
}
