/**
 * Moderation over HTTP. Public: the house rules (`/:m/house-rules`, older versions with `?version=`), the
 * moderation log (`/:m/moderation-log`), the report form for every post (`/:m/report/:itemId`) and the
 * author's appeal (`/:m/appeal/:token`). Staff: the queue with its decisions, bulk decisions, author
 * blocks, live events and the records export (`/:m/staff/moderation…`, moderators and admins); the
 * settings and house-rules publishing (admins). API: `POST /api/v1/moderation/checks`.
 */
import type { FastifyInstance } from 'fastify'
import { checksApiRoutes } from './api-routes.tsx'
import { publicModerationRoutes } from './public-routes.tsx'
import { queueRoutes } from './queue-routes.tsx'
import { settingsRoutes } from './settings-routes.tsx'

export async function moderationRoutes(app: FastifyInstance): Promise<void> {
  await publicModerationRoutes(app)
  await queueRoutes(app)
  await settingsRoutes(app)
  await checksApiRoutes(app)
}
