/**
 * Finds every route that names a policy, by listening to the app as it is built: Fastify announces each new
 * instance on the `fastify.initialization` diagnostics channel, before any plugin registers a route, so an
 * `onRoute` hook added there sees every feature's routes, including ones written after this file.
 */
import diagnostics from 'node:diagnostics_channel'
import type { FastifyInstance } from 'fastify'
import type { Permission } from './permissions.ts'

export interface PolicyRoute {
  method: string
  url: string
  policy: Permission
}

const CHANNEL = 'fastify.initialization'

/** Build an app while recording its policy routes (HEAD twins of GET routes left out) and the URLs of the rest. */
export async function withPolicyRoutes(
  build: () => Promise<FastifyInstance>,
): Promise<{ app: FastifyInstance; routes: PolicyRoute[]; unguarded: string[] }> {
  const routes: PolicyRoute[] = []
  const unguarded: string[] = []
  const listen = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance }
    fastify.addHook('onRoute', (route) => {
      const policy = route.config?.policy
      if (!policy) {
        unguarded.push(route.url)
        return
      }
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') routes.push({ method, url: route.url, policy })
      }
    })
  }
  diagnostics.subscribe(CHANNEL, listen)
  try {
    return { app: await build(), routes, unguarded }
  } finally {
    diagnostics.unsubscribe(CHANNEL, listen)
  }
}

/** A concrete URL for a route pattern: the municipality's slug for `:m`, a well-formed id for other params. */
export function concreteUrl(pattern: string, slug: string): string {
  return pattern
    .replace(/:m(?=\/|$)/, slug)
    .replace(/:\w+/g, '00000000-0000-4000-8000-000000000000')
    .replace(/\*$/, 'x')
}

export const isMunicipalityRoute = (route: PolicyRoute): boolean => /(^|\/):m(\/|$)/.test(route.url)
