/** The administrators' canned answers: the list by language, and one form for creating and editing. */
import type { CannedAnswerRow } from '../../../db/schema.ts'
import { LANGUAGE_NAMES, LANGUAGES } from '../../../i18n/index.ts'
import { CsrfField, ErrorSummary, SelectField, SuccessNotice, TextArea, TextInput } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/context.ts'
import type { FieldErrors } from '../../../web/errors.ts'
import { Layout } from '../../../web/layout.tsx'
import { PLACEHOLDER_LIST } from '../canned.ts'

export const CANNED_DONE = ['created', 'updated', 'deleted'] as const

export interface CannedValues {
  language: string
  title: string
  body: string
}

const listPath = (ctx: ViewContext) => `/${ctx.municipality?.slug}/staff/canned-answers`

export function CannedListPage(props: {
  ctx: ViewContext
  answers: CannedAnswerRow[]
  done?: (typeof CANNED_DONE)[number] | undefined
}): JSX.Element {
  const { ctx, answers } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('inquiries.canned.title')}>
      <h1 safe>{t('inquiries.canned.title')}</h1>
      {props.done ? <SuccessNotice text={t(`inquiries.canned.done.${props.done}`)} /> : ''}
      <p class="font-lead" safe>
        {t('inquiries.canned.lead', { list: PLACEHOLDER_LIST })}
      </p>
      <p>
        <a class="button button-primary" href={`${listPath(ctx)}/new`} safe>
          {t('inquiries.canned.new')}
        </a>
      </p>
      {answers.length === 0 ? (
        <p safe>{t('inquiries.canned.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col" safe>
                {t('inquiries.canned.field_title')}
              </th>
              <th scope="col" safe>
                {t('inquiries.canned.field_language')}
              </th>
              <th scope="col" safe>
                {t('inquiries.canned.delete')}
              </th>
            </tr>
          </thead>
          <tbody>
            {answers.map((answer) => (
              <tr>
                <td>
                  <a href={`${listPath(ctx)}/${answer.id}`} safe>
                    {answer.title}
                  </a>
                </td>
                <td safe>{LANGUAGE_NAMES[answer.language]}</td>
                <td>
                  <form method="post" action={`${listPath(ctx)}/${answer.id}/delete`}>
                    <CsrfField token={ctx.csrfToken} />
                    <button
                      type="submit"
                      class="button button-tertiary"
                      aria-label={`${t('inquiries.canned.delete')}: ${answer.title}`}
                      safe
                    >
                      {t('inquiries.canned.delete')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  )
}

export function CannedFormPage(props: {
  ctx: ViewContext
  id?: string | undefined
  values: CannedValues
  errors?: FieldErrors | undefined
}): JSX.Element {
  const { ctx, values, errors } = props
  const { t } = ctx
  const title = props.id ? t('inquiries.canned.edit') : t('inquiries.canned.new')
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={props.id ? `${listPath(ctx)}/${props.id}` : `${listPath(ctx)}/new`}>
        <CsrfField token={ctx.csrfToken} />
        <SelectField
          t={t}
          name="language"
          label={t('inquiries.canned.field_language')}
          options={LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_NAMES[language] }))}
          value={values.language}
          errors={errors}
        />
        <TextInput t={t} name="title" label={t('inquiries.canned.field_title')} value={values.title} errors={errors} />
        <TextArea
          t={t}
          name="body"
          label={t('inquiries.canned.field_body')}
          hint={t('inquiries.canned.lead', { list: PLACEHOLDER_LIST })}
          value={values.body}
          errors={errors}
          rows={12}
        />
        <button type="submit" class="button button-primary" safe>
          {t('inquiries.canned.save')}
        </button>
      </form>
      <p>
        <a href={listPath(ctx)} safe>
          {t('inquiries.canned.back')}
        </a>
      </p>
    </Layout>
  )
}
