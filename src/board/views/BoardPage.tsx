/** The board's listing: newest or unanswered, by topic, searched, paged. Only GET forms, so it can be cached. */
import type { InquiryTopicRow } from '../../db/schema.ts'
import { topicName } from '../../inquiries/service.ts'
import { fieldId, SelectField } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import { Layout } from '../../web/layout.tsx'
import { Pager } from '../../web/pager.tsx'
import type { ListedQuestion } from '../store.ts'
import { AboutBoard, formatDate } from './parts.tsx'

export interface BoardPageProps {
  ctx: ViewContext
  rows: ListedQuestion[]
  total: number
  page: number
  perPage: number
  topics: InquiryTopicRow[]
  filter: { sort: 'newest' | 'unanswered'; topic: string; q: string }
  /** An admin sees the way to the board's settings. */
  canConfigure?: boolean
}

const EXCERPT = 220
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT).trimEnd()}…` : text)

export function BoardPage(props: BoardPageProps): JSX.Element {
  const { ctx, filter } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const tz = ctx.municipality?.time_zone ?? 'UTC'
  const topics = new Map(props.topics.map((topic) => [topic.id, topicName(topic, ctx.lang)]))
  return (
    <Layout ctx={ctx} title={t('board.list.title')}>
      <h1 safe>{t('board.list.title')}</h1>
      <p class="font-lead" safe>
        {t('board.list.lead')}
      </p>
      <AboutBoard ctx={ctx} />
      <p>
        <a class="button button-primary" href={`/${slug}/questions/ask`} safe>
          {t('board.list.ask')}
        </a>
      </p>
      {props.canConfigure ? (
        <p>
          <a href={`/${slug}/staff/board`} safe>
            {t('board.settings.title')}
          </a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action={`/${slug}/questions`} class="board-filter" role="search">
        <div class="form-group">
          <label class="form-label" for={fieldId('q')} safe>
            {t('board.list.search')}
          </label>
          <input class="form-input" type="search" id={fieldId('q')} name="q" value={filter.q} />
        </div>
        <SelectField
          t={t}
          name="topic"
          label={t('board.list.topic')}
          blank={t('board.list.all_topics')}
          options={props.topics.map((topic) => ({ value: topic.slug, label: topicName(topic, ctx.lang) }))}
          value={filter.topic}
        />
        <SelectField
          t={t}
          name="sort"
          label={t('board.list.sort')}
          options={[
            { value: 'newest', label: t('board.list.sort_newest') },
            { value: 'unanswered', label: t('board.list.sort_unanswered') },
          ]}
          value={filter.sort}
        />
        <button type="submit" class="button button-secondary" safe>
          {t('board.list.filter')}
        </button>
      </form>
      <h2 class="h3" safe>
        {t('board.list.count', { count: props.total })}
      </h2>
      {props.rows.length === 0 ? (
        <p safe>{t('board.list.empty')}</p>
      ) : (
        <ul class="nobullet-list board-list">
          {props.rows.map((q) => (
            <li class="board-item">
              <h3 class="h4">
                <a href={`/${slug}/questions/${q.id}`} safe>
                  {q.title}
                </a>
              </h3>
              <p safe>{excerpt(q.body)}</p>
              <p class="board-meta">
                <span safe>{topics.get(q.topic_id) ?? ''}</span>
                {' · '}
                <span safe>{t('board.post.by', { name: q.author_name })}</span>
                {' · '}
                <time datetime={q.created_at} safe>
                  {formatDate(q.created_at, ctx.lang, tz)}
                </time>
                {' · '}
                <span safe>{t('board.list.answers', { count: q.answer_count })}</span>
                {q.has_official ? (
                  <>
                    {' · '}
                    <strong safe>{t('board.post.official')}</strong>
                  </>
                ) : (
                  ''
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pager ctx={ctx} page={props.page} pageSize={props.perPage} total={props.total} />
    </Layout>
  )
}
