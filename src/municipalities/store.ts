/** SQL for municipalities, their departments and their editable pages. */
import type { Executor, Trx } from '../db/index.ts'
import type { DepartmentRow, Language, MunicipalityRow, NewMunicipalityRow, PageKind } from '../db/schema.ts'

export const findBySlug = (db: Executor, slug: string): Promise<MunicipalityRow | undefined> =>
  db.selectFrom('municipalities').selectAll().where('slug', '=', slug).executeTakeFirst()

export const findById = (db: Executor, id: string): Promise<MunicipalityRow | undefined> =>
  db.selectFrom('municipalities').selectAll().where('id', '=', id).executeTakeFirst()

export const listAll = (db: Executor): Promise<MunicipalityRow[]> =>
  db.selectFrom('municipalities').selectAll().orderBy('name').execute()

export const insertMunicipality = (trx: Trx, row: NewMunicipalityRow) =>
  trx.insertInto('municipalities').values(row).execute()

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
