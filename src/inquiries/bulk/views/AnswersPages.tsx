/** The municipality's public answers (`/:m/answers`, no sign-in): questions staff summarised, and the answers. */
import type { InquiryTopicRow, PublicAnswerRow } from '../../../db/schema.ts'
import { dateTimeFormat, LOCALES } from '../../../i18n/intl.ts'
import type { ViewContext } from '../../../web/context.ts'
import { Layout } from '../../../web/layout.tsx'
import { Pager } from '../../../web/pager.tsx'
import { topicName } from '../../service.ts'

const dateOf = (ctx: ViewContext, iso: string) =>
  dateTimeFormat(LOCALES[ctx.lang], {
    dateStyle: 'long',
    timeZone: ctx.municipality?.time_zone ?? 'UTC',
  }).format(new Date(iso))

function topicOf(ctx: ViewContext, topics: readonly InquiryTopicRow[], id: string | null) {
  const topic = id ? topics.find((t) => t.id === id) : undefined
  return topic ? topicName(topic, ctx.lang) : ctx.t('bulk.public.no_topic')
}

export function AnswersListPage(props: {
  ctx: ViewContext
  answers: PublicAnswerRow[]
  topics: InquiryTopicRow[]
  page: number
  pageSize: number
  total: number
}) {
  const { ctx, answers } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  return (
    <Layout ctx={ctx} title={t('bulk.public.title')}>
      <h1 safe>{t('bulk.public.title')}</h1>
      <p class="font-lead" safe>
        {t('bulk.public.lead')}
      </p>
      {answers.length === 0 ? (
        <p safe>{t('bulk.public.empty')}</p>
      ) : (
        <ul class="nobullet-list">
          {answers.map((a) => (
            <li>
              <h2 class="h3">
                <a href={`/${slug}/answers/${a.id}`} safe>
                  {a.question}
                </a>
              </h2>
              <p class="form-hint" safe>
                {`${topicOf(ctx, props.topics, a.topic_id)} · ${dateOf(ctx, a.published_at)}`}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pager ctx={ctx} page={props.page} pageSize={props.pageSize} total={props.total} />
      <p>
        <a href={`/${slug}/contact`} safe>
          {t('bulk.public.ask')}
        </a>
      </p>
    </Layout>
  )
}

export function AnswerPage(props: {
  ctx: ViewContext
  answer: PublicAnswerRow
  text: string
  topics: InquiryTopicRow[]
}) {
  const { ctx, answer } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  return (
    <Layout ctx={ctx} title={answer.question}>
      <h1 safe>{answer.question}</h1>
      <p class="form-hint" safe>
        {`${topicOf(ctx, props.topics, answer.topic_id)} · ${t('bulk.public.published', { date: dateOf(ctx, answer.published_at) })}`}
      </p>
      {props.text.split(/\n{2,}/).map((paragraph) => (
        <p class="public-answer" safe>
          {paragraph}
        </p>
      ))}
      <p>
        <a href={`/${slug}/answers`} safe>
          {t('bulk.public.back')}
        </a>
      </p>
    </Layout>
  )
}
