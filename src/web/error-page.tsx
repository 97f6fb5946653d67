import type { FastifyReply, FastifyRequest } from 'fastify'
import { translator } from '../i18n/index.ts'
import { viewContext } from './context.ts'
import type { AppError } from './errors.ts'
import { Layout } from './layout.tsx'

/** A translated error page in the normal layout, so the citizen keeps their bearings. */
export function renderErrorPage(req: FastifyRequest, reply: FastifyReply, error: AppError): JSX.Element {
  if (!req.t) {
    req.lang = 'en'
    req.t = translator('en')
  }
  const ctx = viewContext(req, reply)
  const home = req.municipality ? `/${req.municipality.slug}` : '/'
  return (
    <Layout ctx={ctx} title={ctx.t('web.error.title')}>
      <h1 safe>{ctx.t('web.error.title')}</h1>
      <p class="font-lead" safe>
        {ctx.t(error.code, { requestId: req.id, ...error.vars })}
      </p>
      <p>
        <a href={home} safe>
          {ctx.t('web.error.home')}
        </a>
      </p>
    </Layout>
  )
}
