/**
 * The municipality's service catalogue: services with their current definition, versions that never
 * change once saved (a draft and a submission keep theirs), new services and new versions by admins
 * (checked against the definition schema, journaled), and the forgiving search.
 */
import type { Db, Executor } from '../../db/index.ts'
import { newId, nowIso } from '../../db/index.ts'
import type { Language } from '../../db/schema.ts'
import type { ServiceRow } from '../../db/tables/selfservice.ts'
import { listTopics } from '../../inquiries/service.ts'
import { type Actor, record } from '../../journal/service.ts'
import { BadRequest, Conflict, NotFound } from '../../web/errors.ts'
import { checkDefinition, type Definition, type DefinitionProblem, type Text } from '../forms/definition.ts'
import * as store from '../store.ts'
import { buildIndex, searchIndex } from './search.ts'

export interface Service {
  row: ServiceRow
  version: number
  definition: Definition
}

export const text = (value: Text, language: Language): string => value[language]

// Versions never change once saved, so a parsed definition can be kept for as long as the process lives.
const parsed = new Map<string, Definition>()
const MAX_CACHED = 2000

function parse(serviceId: string, version: number, json: string): Definition {
  const key = `${serviceId}:${version}`
  let definition = parsed.get(key)
  if (!definition) {
    definition = JSON.parse(json) as Definition
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value as string)
    parsed.set(key, definition)
  }
  return definition
}

/** A service's definition at a version; the cached copy when this process has read it before. */
export async function definitionAt(db: Executor, serviceId: string, version: number): Promise<Definition> {
  const cached = parsed.get(`${serviceId}:${version}`)
  if (cached) return cached
  const row = await store.findVersion(db, serviceId, version)
  if (!row) throw NotFound('selfservice.service.not_found')
  return parse(serviceId, version, row.definition)
}

/** Every service of a municipality with its current definition; inactive ones only when asked. */
export async function listServices(db: Executor, municipalityId: string, options: { all?: boolean } = {}) {
  const [rows, versions] = await Promise.all([
    store.listServices(db, municipalityId),
    store.listCurrentVersions(db, municipalityId),
  ])
  const byService = new Map(versions.map((v) => [v.service_id, v]))
  return rows.flatMap((row): Service[] => {
    const v = byService.get(row.id)
    if (!v || (!options.all && !row.active)) return []
    return [{ row, version: v.version, definition: parse(row.id, v.version, v.definition) }]
  })
}

/** A service by id or slug with its current definition. */
export async function findService(db: Executor, municipalityId: string, idOrSlug: string): Promise<Service> {
  const row = await store.findService(db, municipalityId, idOrSlug)
  if (!row) throw NotFound('selfservice.service.not_found')
  return { row, version: row.current_version, definition: await definitionAt(db, row.id, row.current_version) }
}

export const findServiceRow = (db: Executor, id: string) => store.findServiceById(db, id)

/** A service by its id alone (the API names services by id), with its current definition. */
export async function findServiceById(db: Executor, id: string): Promise<Service | undefined> {
  const row = await store.findServiceById(db, id)
  if (!row) return undefined
  return { row, version: row.current_version, definition: await definitionAt(db, row.id, row.current_version) }
}

const indexes = new Map<string, { stamp: string; index: ReturnType<typeof buildIndex> }>()

/** Services matching a search, best first; the index is rebuilt when a definition changed. */
export async function searchServices(db: Executor, municipalityId: string, query: string): Promise<Service[]> {
  const services = await listServices(db, municipalityId)
  const stamp = services.map((s) => `${s.row.id}:${s.version}`).join(',')
  let entry = indexes.get(municipalityId)
  if (!entry || entry.stamp !== stamp) {
    entry = { stamp, index: buildIndex(services.map((s) => ({ id: s.row.id, definition: s.definition }))) }
    indexes.set(municipalityId, entry)
  }
  const byId = new Map(services.map((s) => [s.row.id, s]))
  return searchIndex(entry.index, query).flatMap((id) => byId.get(id) ?? [])
}

export class DefinitionError extends Error {
  constructor(readonly problems: DefinitionProblem[]) {
    super('invalid definition')
  }
}

/** Parse and check a definition as typed in the editor; throws DefinitionError listing the problems. */
export function parseDefinition(json: string): Definition {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (error) {
    throw new DefinitionError([{ path: '/', message: error instanceof Error ? error.message : 'not JSON' }])
  }
  const problems = checkDefinition(value)
  if (problems.length) throw new DefinitionError(problems)
  return value as Definition
}

/** A case must have a queue to go to: the topic named by `caseTopic` must exist in the municipality. */
async function checkCaseTopic(db: Executor, municipalityId: string, definition: Definition): Promise<void> {
  const topics = await listTopics(db, municipalityId)
  if (!topics.some((t) => t.slug === definition.caseTopic && t.active))
    throw new DefinitionError([
      {
        path: '/caseTopic',
        message: `no contact topic ${definition.caseTopic}; use one of ${topics.map((t) => t.slug).join(', ')}`,
      },
    ])
}

/** Create a service with its first version. */
export async function createService(
  db: Db,
  actor: Actor,
  municipalityId: string,
  input: { slug: string; definition: Definition; position?: number; createdBy?: string | null },
): Promise<ServiceRow> {
  const problems = checkDefinition(input.definition)
  if (problems.length) throw new DefinitionError(problems)
  await checkCaseTopic(db, municipalityId, input.definition)
  if (!/^[a-z0-9-]{1,64}$/.test(input.slug))
    throw BadRequest('web.error.bad_request', { slug: { key: 'web.validation.format' } })
  return db.transaction().execute(async (trx) => {
    if (await store.findService(trx, municipalityId, input.slug)) throw Conflict('selfservice.service.slug_taken')
    const now = nowIso()
    const row: ServiceRow = {
      id: newId(),
      municipality_id: municipalityId,
      slug: input.slug,
      current_version: 1,
      position: input.position ?? 0,
      active: 1,
      created_at: now,
      updated_at: now,
    }
    await store.insertService(trx, row)
    const json = JSON.stringify(input.definition)
    await store.insertVersion(trx, {
      service_id: row.id,
      version: 1,
      municipality_id: municipalityId,
      definition: json,
      created_by: input.createdBy ?? null,
      created_at: now,
    })
    await record(trx, {
      municipalityId,
      actor,
      action: 'selfservice.service.created',
      subject: { type: 'selfservice_service', id: row.id },
      summary: `Self-service ${row.slug} created (version 1)`,
      documents: [{ body: json, mediaType: 'application/json' }],
    })
    return row
  })
}

/**
 * Save a new version of a service's definition. Drafts and submissions on older versions keep theirs;
 * new drafts start on this one. `basedOn` is the version the editor opened: saving over someone
 * else's newer version is refused rather than silently undone.
 */
export async function saveDefinition(
  db: Db,
  actor: Actor & { type: 'user' },
  municipalityId: string,
  serviceId: string,
  definition: Definition,
  basedOn: number,
): Promise<number> {
  const problems = checkDefinition(definition)
  if (problems.length) throw new DefinitionError(problems)
  await checkCaseTopic(db, municipalityId, definition)
  return db.transaction().execute(async (trx) => {
    const row = await store.lockService(trx, serviceId)
    if (!row || row.municipality_id !== municipalityId) throw NotFound('selfservice.service.not_found')
    if (row.current_version !== basedOn) throw Conflict('selfservice.editor.stale')
    const version = row.current_version + 1
    const now = nowIso()
    const json = JSON.stringify(definition)
    await store.insertVersion(trx, {
      service_id: row.id,
      version,
      municipality_id: municipalityId,
      definition: json,
      created_by: actor.id,
      created_at: now,
    })
    await store.setCurrentVersion(trx, row.id, version, now)
    await record(trx, {
      municipalityId,
      actor,
      action: 'selfservice.definition.saved',
      subject: { type: 'selfservice_service', id: row.id },
      summary: `Self-service ${row.slug}: form version ${version} saved`,
      documents: [{ body: json, mediaType: 'application/json' }],
    })
    return version
  })
}
