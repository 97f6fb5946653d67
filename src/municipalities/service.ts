/**
 * Municipalities (the tenants), their departments and their editable pages (accessibility statement,
 * privacy notice, house rules, contact). Creating a municipality starts its journal chain.
 */
import type { Db, Executor } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { Country, DepartmentRow, Language, MunicipalityRow, PageKind } from '../db/schema.ts'
import { type Actor, record, startChain } from '../journal/service.ts'
import * as store from './store.ts'

export const findMunicipalityBySlug = (db: Executor, slug: string) => store.findBySlug(db, slug)
export const findMunicipalityById = (db: Executor, id: string) => store.findById(db, id)
export const listMunicipalities = (db: Executor) => store.listAll(db)
export const listDepartments = (db: Executor, municipalityId: string) => store.listDepartments(db, municipalityId)
export const countMunicipalities = (db: Executor) => store.countMunicipalities(db)

export interface NewMunicipality {
  slug: string
  name: string
  country: Country
  defaultLanguage: Language
  timeZone: string
}

export async function createMunicipality(db: Db, actor: Actor, input: NewMunicipality): Promise<MunicipalityRow> {
  const row: MunicipalityRow = {
    id: newId(),
    slug: input.slug,
    name: input.name,
    country: input.country,
    default_language: input.defaultLanguage,
    time_zone: input.timeZone,
    created_at: nowIso(),
  }
  await db.transaction().execute(async (trx) => {
    await store.insertMunicipality(trx, row)
    await startChain(trx, row.id)
    await record(trx, {
      municipalityId: row.id,
      actor,
      action: 'municipality.created',
      subject: { type: 'municipality', id: row.id },
      summary: `Municipality ${row.name} created`,
    })
  })
  return row
}

export interface NewDepartment {
  slug: string
  names: Record<Language, string>
  email: string
}

export async function createDepartment(
  db: Db,
  actor: Actor,
  municipalityId: string,
  input: NewDepartment,
): Promise<DepartmentRow> {
  const row: DepartmentRow = {
    id: newId(),
    municipality_id: municipalityId,
    slug: input.slug,
    name_da: input.names.da,
    name_sv: input.names.sv,
    name_en: input.names.en,
    email: input.email,
    created_at: nowIso(),
  }
  await db.transaction().execute(async (trx) => {
    await store.insertDepartment(trx, row)
    await record(trx, {
      municipalityId,
      actor,
      action: 'department.created',
      subject: { type: 'department', id: row.id },
      summary: `Department ${row.name_en} created`,
    })
  })
  return row
}

export function departmentName(row: DepartmentRow, language: Language): string {
  return { da: row.name_da, sv: row.name_sv, en: row.name_en }[language]
}

export async function getPage(db: Executor, municipalityId: string, kind: PageKind, language: Language) {
  return store.findPage(db, municipalityId, kind, language)
}

/** Save a page's text in each language given; each changed text is journaled as a document version. */
export async function savePages(
  db: Db,
  actor: Actor,
  municipalityId: string,
  kind: PageKind,
  bodies: Partial<Record<Language, string>>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [language, body] of Object.entries(bodies) as [Language, string][]) {
      const current = await store.findPage(trx, municipalityId, kind, language)
      if (current?.body === body) continue
      await store.upsertPage(trx, { municipality_id: municipalityId, kind, language, body, updated_at: nowIso() })
      await record(trx, {
        municipalityId,
        actor,
        action: 'page.updated',
        subject: { type: 'page', id: `${kind}/${language}` },
        summary: `Page ${kind} (${language}) updated`,
        documents: [{ body, mediaType: 'text/plain; charset=utf-8' }],
      })
    }
  })
}
