/** HTTP routes of self-service (catalogue, forms, submissions, decisions, campaigns). */
import type { FastifyInstance } from 'fastify'
import { registerMultipart } from '../inquiries/service.ts'
import { apiRoutes } from './api.ts'
import { catalogueRoutes } from './catalogue/routes.tsx'
import { formRoutes } from './forms/routes.tsx'
import { staffRoutes } from './staff-routes.tsx'
import { submissionRoutes } from './submissions/routes.tsx'

export async function selfserviceRoutes(app: FastifyInstance): Promise<void> {
  // Step pages with attachments are multipart forms; the files are checked by content before they are kept.
  await registerMultipart(app)
  await catalogueRoutes(app)
  await formRoutes(app)
  await submissionRoutes(app)
  await staffRoutes(app)
  await apiRoutes(app)
}
