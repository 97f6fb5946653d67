import type { PageKind, PageTable } from '../../db/schema.ts'
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../i18n/index.ts'
import { CsrfField, TextArea } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import { Layout } from '../../web/layout.tsx'
import { PAGE_TITLE_KEYS } from '../messages.ts'

/** Plain text with blank lines between paragraphs: no markup from the editor reaches the page. */
function paragraphs(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
}

export function AboutPage({ ctx, kind, page }: { ctx: ViewContext; kind: PageKind; page: PageTable | undefined }) {
  const { t } = ctx
  const title = t(PAGE_TITLE_KEYS[kind])
  const canEdit = ctx.staff?.memberships.some((m) => m.municipalityId === ctx.municipality?.id && m.role === 'admin')
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      {page?.body ? paragraphs(page.body).map((p) => <p safe>{p}</p>) : <p safe>{t('municipality.page.empty')}</p>}
      {page ? (
        <p class="form-hint" safe>
          {t('municipality.page.updated', { date: page.updated_at.slice(0, 10) })}
        </p>
      ) : (
        ''
      )}
      {canEdit ? (
        <p>
          <a href={`/${ctx.municipality?.slug}/staff/pages/${kind}`} safe>
            {t('municipality.page.edit')}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  )
}

export function EditPage({
  ctx,
  kind,
  bodies,
}: {
  ctx: ViewContext
  kind: PageKind
  bodies: Record<Language, string>
}) {
  const { t } = ctx
  const page = t(PAGE_TITLE_KEYS[kind])
  return (
    <Layout ctx={ctx} title={t('municipality.edit.title', { page })}>
      <h1 safe>{t('municipality.edit.title', { page })}</h1>
      <form method="post" novalidate>
        <CsrfField token={ctx.csrfToken} />
        {LANGUAGES.map((language) => (
          <TextArea
            t={t}
            name={language}
            label={t('municipality.edit.body', { language: LANGUAGE_NAMES[language] })}
            hint={t('municipality.edit.hint')}
            value={bodies[language]}
            rows={12}
          />
        ))}
        <button type="submit" class="button button-primary" safe>
          {t('municipality.edit.save')}
        </button>
      </form>
    </Layout>
  )
}
