/**
 * The inbox page. The filters are a plain GET form, so the list works without JavaScript and the URL keeps
 * the chosen filters. The parts marked `data-live-swap` are what `inbox-live.js` refreshes when an
 * inquiry arrives or changes; its announcement goes to the polite live region, focus stays where it is.
 */
import { INQUIRY_CHANNELS, type InquiryChannel, type InquiryStatus, type Language } from '../../../db/schema.ts'
import type { MessageKey } from '../../../i18n/index.ts'
import type { ViewContext } from '../../../web/context.ts'
import { Layout } from '../../../web/layout.tsx'
import { Pager } from '../../../web/pager.tsx'
import { withQuery } from '../../../web/urls.ts'
import type { InboxQuery } from '../schemas.ts'
import { STATUS_FILTERS } from '../schemas.ts'
import type { Inbox, InboxItem } from '../service.ts'

export const INBOX_SCRIPT = '/assets/app/inbox-live.js'

const LOCALES: Record<Language, string> = { da: 'da-DK', sv: 'sv-SE', en: 'en-GB' }

// Building a DateTimeFormat costs far more than using one, and a page formats fifty dates: keep them.
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(language: Language, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${language} ${timeZone} ${withTime}`
  let format = formatters.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], {
      dateStyle: 'short',
      ...(withTime ? { timeStyle: 'short' as const } : {}),
      timeZone,
    })
    formatters.set(key, format)
  }
  return format
}

const shortDateTime = (iso: string, language: Language, timeZone: string) =>
  formatter(language, timeZone, true).format(new Date(iso))

/** `due_at` is the end of the due day (local midnight after it): show the day itself. */
const dueDay = (iso: string, language: Language, timeZone: string) =>
  formatter(language, timeZone, false).format(new Date(new Date(iso).getTime() - 1))

const STATUS_KEYS: Record<InquiryStatus, MessageKey> = {
  new: 'inquiries.status.new',
  open: 'inquiries.status.open',
  answered: 'inquiries.status.answered',
  closed: 'inquiries.status.closed',
}
const STATUS_FILTER_KEYS: Record<(typeof STATUS_FILTERS)[number], MessageKey> = {
  active: 'inquiries.inbox.status_active',
  all: 'inquiries.inbox.status_all',
  ...STATUS_KEYS,
}
const CHANNEL_KEYS: Record<InquiryChannel, MessageKey> = {
  web: 'inquiries.channel.web',
  email: 'inquiries.channel.email',
  phone: 'inquiries.channel.phone',
  desk: 'inquiries.channel.desk',
  api: 'inquiries.channel.api',
  board: 'inquiries.channel.board',
  selfservice: 'inquiries.channel.selfservice',
}

export interface InboxPageProps {
  ctx: ViewContext
  inbox: Inbox
  query: InboxQuery
  /** The signed-in staff member, left out of the "a person" choices (they are "me"). */
  userId: string
}

export function InboxPage({ ctx, inbox, query, userId }: InboxPageProps) {
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const overdueView = query.overdue === '1'
  const title = overdueView ? t('inquiries.inbox.overdue_title') : t('inquiries.inbox.title')
  const base = `/${slug}/staff/inbox`
  return (
    <Layout ctx={ctx} title={title} scripts={[INBOX_SCRIPT]}>
      <h1 safe>{title}</h1>
      <p class="font-lead" safe>
        {overdueView ? t('inquiries.inbox.overdue_lead') : t('inquiries.inbox.lead')}
      </p>
      <p>
        <a href={withQuery(ctx.path, { overdue: overdueView ? undefined : '1', page: undefined })} safe>
          {overdueView ? t('inquiries.inbox.show_all') : t('inquiries.inbox.show_overdue')}
        </a>
      </p>
      <QueueCounts ctx={ctx} inbox={inbox} query={query} />
      <FilterForm ctx={ctx} inbox={inbox} query={query} userId={userId} action={base} />
      <div
        id="inbox-announcer"
        class="inbox-announcer"
        aria-live="polite"
        data-one={t('inquiries.inbox.live_new_one')}
        data-other={t('inquiries.inbox.live_new_other')}
      ></div>
      <div id="inbox-results" data-live-swap data-events={`${base}/events`}>
        <p role="status" safe>
          {t('inquiries.inbox.count', { count: inbox.total })}
        </p>
        {inbox.items.length === 0 ? (
          <p safe>{t('inquiries.inbox.empty')}</p>
        ) : (
          <InboxTable ctx={ctx} items={inbox.items} title={title} />
        )}
        <Pager ctx={ctx} page={inbox.page} pageSize={inbox.pageSize} total={inbox.total} />
      </div>
    </Layout>
  )
}

function QueueCounts({ ctx, inbox, query }: { ctx: ViewContext; inbox: Inbox; query: InboxQuery }) {
  const { t } = ctx
  const current = query.queue || ''
  const link = (value: string) => withQuery(ctx.path, { queue: value || undefined, page: undefined })
  return (
    <nav id="inbox-queues" data-live-swap aria-labelledby="inbox-queues-heading">
      <h2 id="inbox-queues-heading" class="h4" safe>
        {t('inquiries.inbox.queues')}
      </h2>
      <ul class="nobullet-list inbox-queues">
        <li>
          <a href={link('')} aria-current={current === '' ? 'true' : undefined} safe>
            {t('inquiries.inbox.queue_all')}
          </a>
        </li>
        {inbox.queues.map((q) => (
          <li>
            <a href={link(q.value)} aria-current={current === q.value ? 'true' : undefined} safe>
              {q.value === 'centre' ? t('inquiries.inbox.queue_centre') : q.name}
            </a>{' '}
            <span safe>{t('inquiries.inbox.queue_open', { count: q.open })}</span>
            {q.overdue > 0 ? (
              <>
                {', '}
                <strong safe>{t('inquiries.inbox.queue_overdue', { count: q.overdue })}</strong>
              </>
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
    </nav>
  )
}

interface Option {
  value: string
  label: string
}

function Select({
  id,
  name,
  label,
  value,
  options,
}: {
  id: string
  name: string
  label: string
  value: string
  options: Option[]
}) {
  return (
    <div class="form-group">
      <label class="form-label" for={id} safe>
        {label}
      </label>
      <select class="form-select" id={id} name={name}>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value} safe>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

function FilterForm({
  ctx,
  inbox,
  query,
  userId,
  action,
}: {
  ctx: ViewContext
  inbox: Inbox
  query: InboxQuery
  userId: string
  action: string
}) {
  const { t, lang } = ctx
  return (
    <form method="get" action={action} class="inbox-filters" aria-labelledby="inbox-filters-heading">
      <h2 id="inbox-filters-heading" class="h4" safe>
        {t('inquiries.inbox.filters')}
      </h2>
      <div class="form-group">
        <label class="form-label" for="inbox-q" safe>
          {t('inquiries.inbox.search')}
        </label>
        <span class="form-hint" id="inbox-q-hint" safe>
          {t('inquiries.inbox.search_hint')}
        </span>
        <input
          class="form-input"
          type="search"
          id="inbox-q"
          name="q"
          value={query.q ?? ''}
          maxlength="200"
          aria-describedby="inbox-q-hint"
        />
      </div>
      <div class="inline-form">
        <Select
          id="inbox-status"
          name="status"
          label={t('inquiries.inbox.status')}
          value={query.status || 'active'}
          options={STATUS_FILTERS.map((s) => ({ value: s, label: t(STATUS_FILTER_KEYS[s]) }))}
        />
        <Select
          id="inbox-channel"
          name="channel"
          label={t('inquiries.inbox.channel')}
          value={query.channel ?? ''}
          options={[
            { value: '', label: t('inquiries.inbox.channel_all') },
            ...INQUIRY_CHANNELS.map((c) => ({ value: c, label: t(CHANNEL_KEYS[c]) })),
          ]}
        />
        <Select
          id="inbox-topic"
          name="topic"
          label={t('inquiries.inbox.topic')}
          value={query.topic ?? ''}
          options={[
            { value: '', label: t('inquiries.inbox.topic_all') },
            ...inbox.topics.map((topic) => ({
              value: topic.id,
              label: { da: topic.name_da, sv: topic.name_sv, en: topic.name_en }[lang],
            })),
          ]}
        />
        <Select
          id="inbox-queue"
          name="queue"
          label={t('inquiries.inbox.queue')}
          value={query.queue ?? ''}
          options={[
            { value: '', label: t('inquiries.inbox.queue_all') },
            ...inbox.queues.map((q) => ({
              value: q.value,
              label: q.value === 'centre' ? t('inquiries.inbox.queue_centre') : q.name,
            })),
          ]}
        />
        <Select
          id="inbox-assignee"
          name="assignee"
          label={t('inquiries.inbox.assignee')}
          value={query.assignee ?? ''}
          options={[
            { value: '', label: t('inquiries.inbox.assignee_all') },
            { value: 'me', label: t('inquiries.inbox.assignee_me') },
            { value: 'none', label: t('inquiries.inbox.assignee_none') },
            ...inbox.assignees.filter((p) => p.id !== userId).map((p) => ({ value: p.id, label: p.name })),
          ]}
        />
        <Select
          id="inbox-sort"
          name="sort"
          label={t('inquiries.inbox.sort')}
          value={inbox.sort}
          options={[
            { value: 'due', label: t('inquiries.inbox.sort_due') },
            { value: 'newest', label: t('inquiries.inbox.sort_newest') },
          ]}
        />
      </div>
      <div class="form-group-checkbox">
        <input
          class="form-checkbox"
          type="checkbox"
          id="inbox-overdue"
          name="overdue"
          value="1"
          checked={query.overdue === '1'}
        />
        <label class="form-label" for="inbox-overdue" safe>
          {t('inquiries.inbox.overdue_only')}
        </label>
      </div>
      <button type="submit" class="button button-secondary" safe>
        {t('inquiries.inbox.apply')}
      </button>{' '}
      <a href={action} class="inbox-clear" safe>
        {t('inquiries.inbox.clear')}
      </a>
    </form>
  )
}

function InboxTable({ ctx, items, title }: { ctx: ViewContext; items: InboxItem[]; title: string }) {
  const { t, lang } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const zone = ctx.municipality?.time_zone ?? 'UTC'
  const columns: MessageKey[] = [
    'inquiries.inbox.col.reference',
    'inquiries.inbox.col.received',
    'inquiries.inbox.col.due',
    'inquiries.inbox.col.status',
    'inquiries.inbox.col.channel',
    'inquiries.inbox.col.topic',
    'inquiries.inbox.col.queue',
    'inquiries.inbox.col.assignee',
    'inquiries.inbox.col.citizen',
    'inquiries.inbox.col.text',
  ]
  return (
    <div class="table--responsive-scroll">
      <table class="table table--zebra inbox-table">
        <caption class="sr-only" safe>
          {title}
        </caption>
        <thead>
          <tr>
            {columns.map((key) => (
              <th scope="col" safe>
                {t(key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr class={item.overdue ? 'inbox-overdue' : undefined}>
              <th scope="row">
                <a href={`/${slug}/staff/inquiries/${item.id}`} safe>
                  {item.reference}
                </a>
              </th>
              <td>
                <time datetime={item.received_at} safe>
                  {shortDateTime(item.received_at, lang, zone)}
                </time>
              </td>
              <td>
                <time datetime={item.due_at} safe>
                  {dueDay(item.due_at, lang, zone)}
                </time>
                {item.overdue ? (
                  <>
                    {' '}
                    <strong class="inbox-overdue-label" safe>
                      {t('inquiries.inbox.overdue')}
                    </strong>
                  </>
                ) : (
                  ''
                )}
              </td>
              <td safe>{t(STATUS_KEYS[item.status])}</td>
              <td safe>{t(CHANNEL_KEYS[item.channel])}</td>
              <td safe>{item.topicName}</td>
              <td safe>{item.department_id ? item.queueName : t('inquiries.inbox.queue_centre')}</td>
              <td safe>{item.assignee_name ?? t('inquiries.inbox.assignee_none')}</td>
              <td safe>{item.citizenName}</td>
              <td safe>{item.excerpt}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
