/**
 * Multipart forms for the contact form, scoped to this feature's routes. Text fields become the body
 * as plain strings (so the kernel's CSRF check finds `_csrf` there like in any other form); files are
 * read into `req.incomingFiles` for the attachment checks. Reading stops at the limits: a file over the
 * size limit keeps only its start (and is refused as too large); once the request has brought the total
 * allowed, further files are drained unread (and refused as over the total), so memory stays bounded.
 */
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { type IncomingFile, MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES } from './attachments.ts'

declare module 'fastify' {
  interface FastifyRequest {
    incomingFiles: IncomingFile[]
  }
}

async function readFile(this: FastifyRequest, part: MultipartFile): Promise<void> {
  // An empty file input still sends a part, with no name and no content: nothing was chosen.
  if (!part.filename) {
    part.file.resume()
    await new Promise((resolve) => part.file.on('end', resolve))
    return
  }
  if (!this.incomingFiles) this.incomingFiles = []
  const files = this.incomingFiles
  const used = files.reduce((sum, f) => sum + f.bytes.byteLength, 0)
  const skipped = used >= MAX_TOTAL_BYTES
  const chunks: Buffer[] = []
  for await (const chunk of part.file) if (!skipped) chunks.push(chunk as Buffer)
  files.push({ fileName: part.filename, bytes: Buffer.concat(chunks), truncated: part.file.truncated, skipped })
  // Keep the field out of the body: the body holds text fields only.
  part.value = undefined
}

export async function registerMultipart(app: FastifyInstance): Promise<void> {
  app.decorateRequest('incomingFiles', null as unknown as IncomingFile[])
  app.addHook('onRequest', async (req) => {
    req.incomingFiles = []
  })
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    onFile: readFile,
    throwFileSizeLimit: false,
    // Room for a citizen who picks too many files: each extra one is named as refused, not a failed request.
    limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES * 4, fields: 50, fieldSize: 100_000, parts: 100 },
  })
}
