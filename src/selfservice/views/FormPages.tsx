/**
 * The form, step by step: one page per step with its progress, the error summary on top and every value
 * kept; "check your answers" before sending, with a change link per step; and the page that gives the
 * link to resume a saved draft. Buttons that leave a step without finishing it skip the browser's checks.
 */
import type { DraftRow, ServiceRow } from '../../db/tables/selfservice.ts'
import { CsrfField, ErrorSummary } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'
import { formatAnswer, formatSize } from '../format.ts'
import type { Definition } from '../forms/definition.ts'
import type { DraftFile } from '../forms/drafts.ts'
import { type Answers, isVisible } from '../forms/validate.ts'
import { FormField } from './fields.tsx'

export interface DraftView {
  path: string
  service: ServiceRow
  draft: DraftRow
  definition: Definition
  answers: Answers
  files: DraftFile[]
}

function AssistedNotice({ ctx, draft }: { ctx: ViewContext; draft: DraftRow }) {
  return draft.assisted_by ? (
    <div class="alert alert-info" role="status">
      <div class="alert-body">
        <p class="alert-text" safe>
          {ctx.t('selfservice.assist.notice')}
        </p>
      </div>
    </div>
  ) : (
    ''
  )
}

export function StepPage({
  ctx,
  view,
  index,
  values,
  errors,
}: {
  ctx: ViewContext
  view: DraftView
  index: number
  values: Answers
  errors?: FieldErrors | undefined
}) {
  const { t, lang } = ctx
  const { definition } = view
  const step = definition.steps[index] as Definition['steps'][number]
  const earlier = { ...view.answers, ...values }
  const hasFiles = step.fields.some((f) => f.type === 'attachments')
  const progress = t('selfservice.form.progress', { step: index + 1, count: definition.steps.length })
  return (
    <Layout ctx={ctx} title={`${step.title[lang]} · ${definition.title[lang]}`}>
      <p class="form-hint" safe>
        {definition.title[lang]}
      </p>
      <h1 safe>{step.title[lang]}</h1>
      <p safe>{progress}</p>
      <AssistedNotice ctx={ctx} draft={view.draft} />
      <ErrorSummary t={t} errors={errors} />
      <form
        method="post"
        action={`${view.path}/steps/${index + 1}`}
        enctype={hasFiles ? 'multipart/form-data' : undefined}
      >
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="_version" value={String(view.draft.version)} />
        <input type="hidden" name="_step" value={String(index + 1)} />
        {step.fields
          .filter((f) => isVisible(f, earlier))
          .map((field) => (
            <FormField ctx={ctx} field={field} value={values[field.id]} errors={errors} files={view.files} />
          ))}
        <div class="form-actions">
          <button type="submit" name="_action" value="next" class="button button-primary" safe>
            {index + 1 === definition.steps.length ? t('selfservice.form.to_check') : t('selfservice.form.next')}
          </button>{' '}
          <button type="submit" name="_action" value="back" class="button button-secondary" formnovalidate safe>
            {t('selfservice.form.back')}
          </button>{' '}
          <button type="submit" name="_action" value="save" class="button button-tertiary" formnovalidate safe>
            {t('selfservice.form.save')}
          </button>
        </div>
      </form>
    </Layout>
  )
}

export function CheckPage({
  ctx,
  view,
  errors,
}: {
  ctx: ViewContext
  view: DraftView
  errors?: FieldErrors | undefined
}) {
  const { t, lang } = ctx
  const { definition, answers } = view
  const errorLinks: FieldErrors = errors ?? {}
  return (
    <Layout ctx={ctx} title={`${t('selfservice.check.title')} · ${definition.title[lang]}`}>
      <p class="form-hint" safe>
        {definition.title[lang]}
      </p>
      <h1 safe>{t('selfservice.check.title')}</h1>
      <AssistedNotice ctx={ctx} draft={view.draft} />
      {Object.keys(errorLinks).length ? (
        <div class="alert alert-error" role="alert" tabindex="-1" data-error-summary>
          <div class="alert-body">
            <p class="alert-heading" safe>
              {t('web.error.summary')}
            </p>
            <ul class="alert-text nobullet-list">
              {definition.steps.flatMap((step, i) =>
                step.fields
                  .filter((f) => errorLinks[f.id])
                  .map((f) => (
                    <li>
                      <a class="function-link" href={`${view.path}/steps/${i + 1}#field-${f.id}`} safe>
                        {`${f.label[lang]}: ${t(errorLinks[f.id]?.key ?? 'web.validation.invalid', errorLinks[f.id]?.vars)}`}
                      </a>
                    </li>
                  )),
              )}
            </ul>
          </div>
        </div>
      ) : (
        ''
      )}
      {definition.steps.map((step, i) => (
        <section aria-labelledby={`check-${step.id}`}>
          <h2 id={`check-${step.id}`} class="h3" safe>
            {step.title[lang]}
          </h2>
          <dl class="receipt-facts">
            {step.fields
              .filter((f) => isVisible(f, answers))
              .map((f) => (
                <>
                  <dt safe>{f.label[lang]}</dt>
                  <dd safe>
                    {f.type === 'attachments'
                      ? view.files
                          .filter((file) => file.field === f.id)
                          .map((file) => `${file.fileName} (${formatSize(file.size, lang)})`)
                          .join(', ') || '–'
                      : formatAnswer(f, answers[f.id], lang, t)}
                  </dd>
                </>
              ))}
          </dl>
          <p>
            <a href={`${view.path}/steps/${i + 1}`} safe>
              {t('selfservice.check.change', { step: step.title[lang] })}
            </a>
          </p>
        </section>
      ))}
      <form method="post" action={`${view.path}/check`}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="_version" value={String(view.draft.version)} />
        <p safe>{t('selfservice.check.declaration')}</p>
        <button type="submit" class="button button-primary" safe>
          {t('selfservice.check.submit')}
        </button>
      </form>
    </Layout>
  )
}

export function SavedPage({ ctx, view, resumeUrl }: { ctx: ViewContext; view: DraftView; resumeUrl: string }) {
  const { t, lang } = ctx
  return (
    <Layout ctx={ctx} title={t('selfservice.saved.title')}>
      <div class="alert alert-success" role="status">
        <div class="alert-body">
          <h1 class="alert-heading h2" safe>
            {t('selfservice.saved.title')}
          </h1>
          <p class="alert-text" safe>
            {t('selfservice.saved.lead', { service: view.definition.title[lang] })}
          </p>
        </div>
      </div>
      <p>
        <a href={resumeUrl} class="resume-link" safe>
          {resumeUrl}
        </a>
      </p>
      <p class="form-hint" safe>
        {t('selfservice.saved.keep')}
      </p>
    </Layout>
  )
}
