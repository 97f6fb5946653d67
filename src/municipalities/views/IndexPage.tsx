import type { MunicipalityRow } from '../../db/schema.ts'
import type { ViewContext } from '../../web/context.ts'
import { Layout } from '../../web/layout.tsx'

export function IndexPage({ ctx, municipalities }: { ctx: ViewContext; municipalities: MunicipalityRow[] }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('web.index.title')}>
      <h1 safe>{t('web.index.title')}</h1>
      <p class="font-lead" safe>
        {t('web.index.lead')}
      </p>
      <ul>
        {municipalities.map((m) => (
          <li>
            <a href={`/${m.slug}`} safe>
              {m.name}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  )
}
