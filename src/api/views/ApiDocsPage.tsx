import type { ViewContext } from '../../web/context.ts'
import { Layout } from '../../web/layout.tsx'

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string }
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string
        description?: string
        tags?: string[]
        parameters?: { name: string; in: string; required?: boolean; description?: string }[]
        responses?: Record<string, { description?: string }>
      }
    >
  >
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

export function ApiDocsPage({ ctx, doc }: { ctx: ViewContext; doc: OpenApiDocument }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('api.docs.title')}>
      <h1 safe>{doc.info.title}</h1>
      <p safe>{t('api.docs.version', { version: doc.info.version })}</p>
      <p safe>{doc.info.description ?? ''}</p>
      <p>
        <a href="/api/openapi.json" safe>
          {t('api.docs.download')}
        </a>
      </p>
      {Object.entries(doc.paths).map(([path, operations]) =>
        METHODS.filter((m) => operations[m]).map((method) => {
          const op = operations[method]
          return (
            <section class="api-operation">
              <h2 class="h3">
                <code safe>{`${method.toUpperCase()} ${path}`}</code>
              </h2>
              <p safe>{op?.summary ?? ''}</p>
              <p safe>{op?.description ?? ''}</p>
              {op?.parameters?.length ? (
                <>
                  <h3 class="h5" safe>
                    {t('api.docs.parameters')}
                  </h3>
                  <ul>
                    {op.parameters.map((p) => (
                      <li
                        safe
                      >{`${p.name} (${p.in}${p.required ? ', required' : ''})${p.description ? `: ${p.description}` : ''}`}</li>
                    ))}
                  </ul>
                </>
              ) : (
                ''
              )}
              <h3 class="h5" safe>
                {t('api.docs.responses')}
              </h3>
              <ul>
                {Object.entries(op?.responses ?? {}).map(([status, response]) => (
                  <li safe>{`${status}: ${response.description ?? ''}`}</li>
                ))}
              </ul>
            </section>
          )
        }),
      )}
    </Layout>
  )
}
