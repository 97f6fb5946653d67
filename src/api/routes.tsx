/**
 * The OpenAPI 3.1 document, generated from the route schemas of every `/api/` route (and /healthz),
 * and a readable reference of it at /api/docs rendered on the server (no script needed, CSP-friendly).
 */
import fastifySwagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import { VERSION } from '../version.ts'
import { viewContext } from '../web/context.ts'
import { html } from '../web/reply.ts'
import { ApiDocsPage, type OpenApiDocument } from './views/ApiDocsPage.tsx'

export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rådhus API',
        version: VERSION,
        description:
          'The public and staff API of Rådhus. Staff calls authenticate with `Authorization: Bearer <token>`; a token belongs to one municipality. Errors are RFC 9457 problem details (`application/problem+json`).',
      },
      servers: [{ url: app.config.baseUrl }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A staff API token (rdh_...)' } },
      },
    },
    // Only the API and the health check are part of the published contract; pages are not.
    transform: ({ schema, url }) => ({
      schema: { ...schema, hide: !(url.startsWith('/api/v') || url === '/healthz') } as typeof schema,
      url,
    }),
  })

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  app.get('/api/docs', { schema: { hide: true } }, async (req, reply) =>
    html(reply, <ApiDocsPage ctx={viewContext(req, reply)} doc={app.swagger() as unknown as OpenApiDocument} />),
  )
}
