/** Test helpers: a seeded app, multipart form posts as a browser sends them, and small files of each kind. */
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { JOB_HANDLERS } from '../jobs/registry.ts'
import { runDueJobs } from '../jobs/service.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import { DK, SE, seededApp, type TestBrowser } from '../testing/app.ts'
import type { IntakeContext } from './service.ts'

/** The app over a freshly seeded database, with the rows of the two demo municipalities. */
export async function seededWorld(
  db: Db,
  env: Record<string, string> = {},
): Promise<{ app: FastifyInstance; dk: MunicipalityRow; se: MunicipalityRow }> {
  const app = await seededApp(db, env)
  const dk = await findMunicipalityBySlug(db, DK.slug)
  const se = await findMunicipalityBySlug(db, SE.slug)
  if (!dk || !se) throw new Error('the demo municipalities were not seeded')
  return { app, dk, se }
}

/**
 * Run the due jobs as the server's worker would: the intake only enqueues its receipt, which a job composes
 * and queues through the outbox (and the outbox's job then hands to the development capture).
 */
export const runJobs = (db: Db): Promise<number> => runDueJobs(db, JOB_HANDLERS)

/** What a citizen's intake through the web form or API passes to `receiveInquiry` in tests. */
export const citizenIntake = (municipality: MunicipalityRow): IntakeContext => ({
  municipality,
  actor: { type: 'citizen' },
  baseUrl: 'http://localhost:3000',
  mailDomain: 'radhus.test',
})

export interface UploadFile {
  name: string
  content: Uint8Array
  type?: string
}

let nextAddress = 1
/** A fresh client address per request, so the per-address rate limit only counts where a test means it to. */
export const freshAddress = () => `10.1.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`

export function multipartBody(fields: Record<string, string | string[]>, files: UploadFile[] = []) {
  const boundary = `----radhus${Math.random().toString(16).slice(2)}`
  const chunks: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`))
    }
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    )
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** POST a multipart form with the browser's cookies and CSRF token (fetch the form first). */
export async function postMultipart(
  app: FastifyInstance,
  browser: TestBrowser,
  url: string,
  fields: Record<string, string | string[]>,
  files: UploadFile[] = [],
  headers: Record<string, string> = {},
) {
  const { payload, contentType } = multipartBody({ _csrf: browser.csrf, ...fields }, files)
  return app.inject({
    method: 'POST',
    url,
    payload,
    headers: { cookie: browser.cookies, 'content-type': contentType, 'x-forwarded-for': freshAddress(), ...headers },
  })
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')

export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from([0, 0, 0, 13]),
  Buffer.from('IHDR'),
  Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]),
  Buffer.from([0x1f, 0x15, 0xc4, 0x89]),
  Buffer.from([0, 0, 0, 0]),
  Buffer.from('IEND'),
  Buffer.from([0xae, 0x42, 0x60, 0x82]),
])

/** A Windows program, whatever its name says. */
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0)])

export const TEXT = Buffer.from('Hej, her er min liste:\n- sofa\n- køleskab\n')
