/** SQL for municipalities, their departments and their editable pages. */
import type { Executor, Trx } from '../db/index.ts'
import { referenceCache } from '../db/reference-cache.ts'
import type { DepartmentRow, Language, MunicipalityRow, NewMunicipalityRow, PageKind } from '../db/schema.ts'

// Every request under /:m/ looks its municipality up; a municipality's row is written once, when it is created.
const bySlug = referenceCache((db, slug) =>
  db.selectFrom('municipalities').selectAll().where('slug', '=', slug).executeTakeFirst(),
)
const byId = referenceCache((db, id) =>
  db.selectFrom('municipalities').selectAll().where('id', '=', id).executeTakeFirst(),
)

export const findBySlug = (db: Executor, slug: string): Promise<MunicipalityRow | undefined> => bySlug.get(db, slug)

export const findById = (db: Executor, id: string): Promise<MunicipalityRow | undefined> => byId.get(db, id)

export const listAll = (db: Executor): Promise<MunicipalityRow[]> =>
  db.selectFrom('municipalities').selectAll().orderBy('name').execute()

export const insertMunicipality = (trx: Trx, row: NewMunicipalityRow) => {
  bySlug.forget(trx, row.slug)
  byId.forget(trx, row.id)
  return trx.insertInto('municipalities').values(row).execute()
}

export const insertDepartment = (trx: Trx, row: DepartmentRow) => trx.insertInto('departments').values(row).execute()

export const listDepartments = (db: Executor, municipalityId: string): Promise<DepartmentRow[]> =>
  db.selectFrom('departments').selectAll().where('municipality_id', '=', municipalityId).orderBy('slug').execute()

export const findPage = (db: Executor, municipalityId: string, kind: PageKind, language: Language) =>
  db
    .selectFrom('pages')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('kind', '=', kind)
    .where('language', '=', language)
    .executeTakeFirst()

export async function upsertPage(
  trx: Trx,
  row: { municipality_id: string; kind: PageKind; language: Language; body: string; updated_at: string },
): Promise<void> {
  await trx
    .insertInto('pages')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['municipality_id', 'kind', 'language']).doUpdateSet({ body: row.body, updated_at: row.updated_at }),
    )
    .execute()
}

export const countMunicipalities = async (db: Executor): Promise<number> => {
  const row = await db
    .selectFrom('municipalities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
