/** `GET /healthz`: 200 with the database kind and version when the database answers, 503 with a reason when not. */
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { VERSION } from '../version.ts'

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  version: Type.String(),
  reason: Type.Optional(Type.String()),
})

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Health check',
        description: 'Whether the server and its database answer.',
        tags: ['system'],
        response: { 200: Health, 503: Health },
      },
      logLevel: 'warn',
    },
    async (_req, reply) => {
      const base = { database: app.db.dialectName, version: VERSION }
      try {
        await sql`select 1`.execute(app.db)
        return { status: 'ok' as const, ...base }
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, ...base, reason: 'the database does not answer' })
      }
    },
  )
}
