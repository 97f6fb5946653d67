/** Ask a question: topic, title, text, and the author's name and address when not signed in. */
import type { InquiryTopicRow } from '../../db/schema.ts'
import { topicName } from '../../inquiries/service.ts'
import type { Finding } from '../../moderation/checks.ts'
import { CsrfField, ErrorSummary, SelectField, TextArea, TextInput } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'
import { AuthorFields, type AuthorValues, Warnings } from './forms.tsx'
import { AboutBoard } from './parts.tsx'

export interface AskValues extends AuthorValues {
  topic: string
  title: string
  body: string
}

export function AskPage(props: {
  ctx: ViewContext
  topics: InquiryTopicRow[]
  values: AskValues
  maxLength: number
  citizenName: string | undefined
  errors?: FieldErrors | undefined
  warnings?: readonly Finding[]
}): JSX.Element {
  const { ctx, values, errors } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  return (
    <Layout ctx={ctx} title={t('board.ask.title')}>
      <h1 safe>{t('board.ask.title')}</h1>
      <p class="font-lead" safe>
        {t('board.ask.lead')}
      </p>
      <AboutBoard ctx={ctx} />
      <ErrorSummary t={t} errors={errors} />
      <Warnings ctx={ctx} findings={props.warnings ?? []} />
      <form method="post" action={`/${slug}/questions/ask`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        {props.warnings?.length ? <input type="hidden" name="confirmed" value="1" /> : ''}
        <SelectField
          t={t}
          name="topic"
          label={t('board.form.topic')}
          blank={t('board.form.topic_choose')}
          options={props.topics.map((topic) => ({ value: topic.id, label: topicName(topic, ctx.lang) }))}
          value={values.topic}
          errors={errors}
        />
        <TextInput t={t} name="title" label={t('board.form.title')} value={values.title} errors={errors} />
        <TextArea
          t={t}
          name="body"
          label={t('board.form.body')}
          hint={t('board.form.body_hint', { limit: props.maxLength })}
          value={values.body}
          errors={errors}
          rows={8}
        />
        <AuthorFields ctx={ctx} signedInAs={props.citizenName} values={values} errors={errors} />
        <button type="submit" class="button button-primary" safe>
          {props.warnings?.length ? t('board.ask.submit_anyway') : t('board.ask.submit')}
        </button>
      </form>
    </Layout>
  )
}

/** After posting without being signed in: the link is on its way. */
export function VerifySentPage({ ctx, back }: { ctx: ViewContext; back: string }): JSX.Element {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('board.verify.title')}>
      <div class="alert alert-success" role="status">
        <div class="alert-body">
          <h1 class="alert-heading h2" safe>
            {t('board.verify.title')}
          </h1>
          <p class="alert-text" safe>
            {t('board.verify.body')}
          </p>
        </div>
      </div>
      <p>
        <a href={back} safe>
          {t('board.question.back')}
        </a>
      </p>
    </Layout>
  )
}
