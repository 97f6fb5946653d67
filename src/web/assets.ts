/** The design system, htmx and our own small assets, served by the app itself (no CDN). */
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { PROJECT_ROOT } from '../paths.ts'

// Some packages do not export package.json; find their folder from the project's node_modules.
const packageDir = (name: string) => path.join(PROJECT_ROOT, 'node_modules', name)

const ASSET_DIRS: Record<string, string> = {
  '/assets/dkfds/': path.join(packageDir('dkfds'), 'dist'),
  '/assets/htmx/': path.join(packageDir('htmx.org'), 'dist'),
  '/assets/app/': path.join(PROJECT_ROOT, 'public'),
}

export async function registerAssets(app: FastifyInstance): Promise<void> {
  let first = true
  for (const [prefix, root] of Object.entries(ASSET_DIRS)) {
    await app.register(fastifyStatic, {
      root,
      prefix,
      decorateReply: first,
      maxAge: '7d',
      index: false,
      wildcard: true,
    })
    first = false
  }
}
