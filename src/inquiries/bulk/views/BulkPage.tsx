/**
 * `/:m/staff/inbox/bulk`: open inquiries to pick with checkboxes (filtered by topic), suggested groups of
 * similar ones with the reason they were grouped, and one answer in up to three languages for all of them,
 * optionally published. Plain forms: works without JavaScript.
 */
import type { InquiryTopicRow, Language } from '../../../db/schema.ts'
import { LANGUAGES } from '../../../db/schema.ts'
import {
  CsrfField,
  describedBy,
  ErrorSummary,
  fieldId,
  SelectField,
  SuccessNotice,
  TextArea,
  TextInput,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/context.ts'
import type { FieldErrors } from '../../../web/errors.ts'
import { maskIdentityNumbers } from '../../../web/identity-numbers.ts'
import { Layout } from '../../../web/layout.tsx'
import { formatDueDate } from '../../format.ts'
import { topicName } from '../../service.ts'
import type { OpenInquiry } from '../service.ts'
import type { SuggestedGroup } from '../similarity.ts'

export interface BulkValues {
  topic: string
  ids: string[]
  answers: Partial<Record<Language, string>>
  publish: boolean
  question: string
}

export interface BulkPageProps {
  ctx: ViewContext
  topics: InquiryTopicRow[]
  open: OpenInquiry[]
  groups: SuggestedGroup<OpenInquiry>[]
  values: BulkValues
  errors?: FieldErrors | undefined
  sent?: { count: number; publicAnswerId?: string | undefined } | undefined
}

const EXCERPT = 160
const excerpt = (text: string) => {
  const masked = maskIdentityNumbers(text).replace(/\s+/g, ' ').trim()
  return masked.length > EXCERPT ? `${masked.slice(0, EXCERPT)}…` : masked
}

const bulkPath = (ctx: ViewContext) => `/${ctx.municipality?.slug ?? ''}/staff/inbox/bulk`

function topicLabel(ctx: ViewContext, topics: readonly InquiryTopicRow[], id: string | null) {
  const topic = topics.find((t) => t.id === id)
  return topic ? topicName(topic, ctx.lang) : '—'
}

function groupLink(ctx: ViewContext, group: SuggestedGroup<OpenInquiry>) {
  const query = new URLSearchParams()
  if (group.topicId) query.set('topic', group.topicId)
  for (const m of group.members) query.append('ids', m.id)
  return `${bulkPath(ctx)}?${query.toString()}#answer`
}

function Groups({
  ctx,
  topics,
  groups,
}: {
  ctx: ViewContext
  topics: InquiryTopicRow[]
  groups: BulkPageProps['groups']
}) {
  const { t } = ctx
  if (groups.length === 0) return <p safe>{t('bulk.groups.none')}</p>
  return (
    <ul class="nobullet-list">
      {groups.map((group) => (
        <li class="bulk-group">
          <p>
            <strong safe>
              {t('bulk.groups.heading', { topic: topicLabel(ctx, topics, group.topicId), count: group.members.length })}
            </strong>
          </p>
          <p safe>{group.members.map((m) => m.reference).join(', ')}</p>
          <p class="form-hint" safe>
            {group.sharedWords.length
              ? t('bulk.groups.why_words', {
                  words: group.sharedWords.join(', '),
                  overlap: Math.round(group.overlap * 100),
                })
              : t('bulk.groups.why_text', { overlap: Math.round(group.overlap * 100) })}
          </p>
          <p>
            <a class="button button-secondary" href={groupLink(ctx, group)} safe>
              {t('bulk.groups.accept', { count: group.members.length })}
            </a>
          </p>
        </li>
      ))}
    </ul>
  )
}

function InquiryTable({ ctx, topics, open, values, errors }: Omit<BulkPageProps, 'groups'>) {
  const { t } = ctx
  const tz = ctx.municipality?.time_zone ?? 'UTC'
  const error = errors?.ids
  return (
    <div class={error ? 'form-group form-error' : 'form-group'}>
      <fieldset {...describedBy('ids', errors)}>
        <legend class="form-label" id={fieldId('ids')} tabindex="-1" safe>
          {t('bulk.list.legend')}
        </legend>
        {error ? (
          <span class="form-error-message" id={`${fieldId('ids')}-error`} safe>
            {t(error.key, error.vars)}
          </span>
        ) : (
          ''
        )}
        {open.length === 0 ? (
          <p safe>{t('bulk.list.empty')}</p>
        ) : (
          <div class="table--responsive-scroll">
            <table class="table table--zebra">
              <thead>
                <tr>
                  <th scope="col" safe>
                    {t('bulk.col.select')}
                  </th>
                  <th scope="col" safe>
                    {t('bulk.col.topic')}
                  </th>
                  <th scope="col" safe>
                    {t('bulk.col.due')}
                  </th>
                  <th scope="col" safe>
                    {t('bulk.col.language')}
                  </th>
                  <th scope="col" safe>
                    {t('bulk.col.text')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {open.map((inquiry) => (
                  <tr>
                    <td>
                      <div class="form-group-checkbox">
                        <input
                          type="checkbox"
                          class="form-checkbox"
                          id={`inquiry-${inquiry.id}`}
                          name="ids"
                          value={inquiry.id}
                          checked={values.ids.includes(inquiry.id)}
                        />
                        <label for={`inquiry-${inquiry.id}`} safe>
                          {inquiry.reference}
                        </label>
                      </div>
                    </td>
                    <td safe>{topicLabel(ctx, topics, inquiry.topic_id)}</td>
                    <td safe>{formatDueDate(inquiry.due_at, ctx.lang, tz)}</td>
                    <td safe>{t(`bulk.language.${inquiry.language}`)}</td>
                    <td safe>{excerpt(inquiry.text)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </fieldset>
    </div>
  )
}

export function BulkPage(props: BulkPageProps) {
  const { ctx, topics, values, errors, sent } = props
  const { t } = ctx
  const fallback = ctx.municipality?.default_language ?? 'da'
  const slug = ctx.municipality?.slug ?? ''
  return (
    <Layout ctx={ctx} title={t('bulk.page.title')}>
      <h1 safe>{t('bulk.page.title')}</h1>
      <p class="font-lead" safe>
        {t('bulk.page.lead')}
      </p>
      {sent ? <SuccessNotice text={t('bulk.sent.notice', { count: sent.count })} /> : ''}
      {sent?.publicAnswerId ? (
        <p>
          <a href={`/${slug}/answers/${sent.publicAnswerId}`} safe>
            {t('bulk.sent.public_link')}
          </a>
        </p>
      ) : (
        ''
      )}
      <ErrorSummary t={t} errors={errors} />
      <form method="get" action={bulkPath(ctx)} class="inline-form">
        <SelectField
          t={t}
          name="topic"
          label={t('bulk.filter.topic')}
          blank={t('bulk.filter.all_topics')}
          options={topics.map((topic) => ({ value: topic.id, label: topicName(topic, ctx.lang) }))}
          value={values.topic}
        />
        <button type="submit" class="button button-secondary" safe>
          {t('bulk.filter.submit')}
        </button>
      </form>
      <h2 safe>{t('bulk.groups.title')}</h2>
      <Groups ctx={ctx} topics={topics} groups={props.groups} />
      <h2 id="answer" safe>
        {t('bulk.answer.title')}
      </h2>
      <form method="post" action={bulkPath(ctx)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="topic" value={values.topic} />
        <InquiryTable ctx={ctx} topics={topics} open={props.open} values={values} errors={errors} />
        <p class="form-hint" safe>
          {t('bulk.answer.languages_hint', { language: t(`bulk.language.${fallback}`) })}
        </p>
        {[fallback, ...LANGUAGES.filter((l) => l !== fallback)].map((language) => (
          <TextArea
            t={t}
            name={`answer_${language}`}
            label={t(`bulk.answer.text_${language}`)}
            value={values.answers[language] ?? ''}
            errors={errors}
            rows={6}
            required={language === fallback}
          />
        ))}
        <div class="form-group">
          <div class="form-group-checkbox">
            <input
              type="checkbox"
              class="form-checkbox"
              id={fieldId('publish')}
              name="publish"
              value="1"
              checked={values.publish}
            />
            <label for={fieldId('publish')} safe>
              {t('bulk.publish.label')}
            </label>
          </div>
        </div>
        <TextInput
          t={t}
          name="question"
          label={t('bulk.publish.question')}
          hint={t('bulk.publish.question_hint')}
          value={values.question}
          errors={errors}
        />
        <button type="submit" class="button button-primary" safe>
          {t('bulk.answer.submit')}
        </button>
      </form>
    </Layout>
  )
}
