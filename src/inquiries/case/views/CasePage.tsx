/**
 * The inquiry page for staff: facts and citizen, the thread in time order (clearly labelled in, out and
 * internal), the actions, the history from the journal and the citizen's earlier inquiries. This is the
 * inquiry's private place, so the citizen's text is shown as written (identity numbers included).
 */
import type { MunicipalityRow } from '../../../db/schema.ts'
import { LANGUAGE_NAMES, type MessageKey } from '../../../i18n/index.ts'
import { ErrorSummary, SuccessNotice } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/context.ts'
import type { FieldErrors } from '../../../web/errors.ts'
import { Layout } from '../../../web/layout.tsx'
import { formatDateTime, formatDueDate, formatSize } from '../../format.ts'
import { type CaseView, departmentName, type HistoryItem, type ThreadItem } from '../read.ts'
import { CaseActions, type CaseForm } from './CaseActions.tsx'

export const DONE = [
  'taken',
  'assigned',
  'routed',
  'answered',
  'answered_phone',
  'noted',
  'closed',
  'reopened',
] as const
export type Done = (typeof DONE)[number]

const EVENT_KEYS: Record<string, MessageKey> = {
  'inquiry.received': 'inquiries.case.event.received',
  'inquiry.taken': 'inquiries.case.event.taken',
  'inquiry.assigned': 'inquiries.case.event.assigned',
  'inquiry.routed': 'inquiries.case.event.routed',
  'inquiry.answered': 'inquiries.case.event.answered',
  'inquiry.note_added': 'inquiries.case.event.note_added',
  'inquiry.closed': 'inquiries.case.event.closed',
  'inquiry.reopened': 'inquiries.case.event.reopened',
  'mail.queued': 'inquiries.case.event.mail_queued',
  'mail.bounced': 'inquiries.case.event.mail_bounced',
}

const MESSAGE_KEYS: Record<string, MessageKey> = {
  in: 'inquiries.case.message.in',
  out: 'inquiries.case.message.out',
  note: 'inquiries.case.message.note',
}

export const casePath = (slug: string, id: string) => `/${slug}/staff/inquiries/${id}`

export interface CasePageProps {
  ctx: ViewContext
  view: CaseView
  done?: Done | undefined
  /** A refused form, shown again with what was typed and why. */
  form?: CaseForm | undefined
  /** The answer box's text: a canned answer picked, or what was typed before a refusal. */
  answerDraft?: string | undefined
  cannedId?: string | undefined
}

export function CasePage(props: CasePageProps): JSX.Element {
  const { ctx, view } = props
  const { t } = ctx
  const { inquiry } = view
  const title = t('inquiries.case.title', { reference: inquiry.reference })
  const errors: FieldErrors | undefined = props.form?.errors
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      {props.done ? <SuccessNotice text={t(`inquiries.case.done.${props.done}`)} /> : ''}
      <ErrorSummary t={t} errors={errors} />
      <Facts ctx={ctx} view={view} />
      <section aria-labelledby="thread-heading">
        <h2 id="thread-heading" safe>
          {t('inquiries.case.thread')}
        </h2>
        <ol class="nobullet-list inquiry-thread">
          {view.thread.map((item) => (
            <li class={`inquiry-message inquiry-message-${item.message.direction}`}>
              <ThreadMessage ctx={ctx} item={item} inquiryId={inquiry.id} phone={inquiry.citizen_phone} />
            </li>
          ))}
        </ol>
      </section>
      <CaseActions ctx={ctx} view={view} form={props.form} answerDraft={props.answerDraft} cannedId={props.cannedId} />
      <History ctx={ctx} items={view.history} />
      <Earlier ctx={ctx} view={view} />
      <script src="/assets/app/canned-picker.js" defer></script>
    </Layout>
  )
}

function Facts({ ctx, view }: { ctx: ViewContext; view: CaseView }): JSX.Element {
  const { t, lang } = ctx
  const { inquiry } = view
  const tz = (ctx.municipality as MunicipalityRow).time_zone
  const overdue =
    inquiry.status !== 'closed' && inquiry.status !== 'answered' && Date.parse(inquiry.due_at) < Date.now()
  const due = formatDueDate(inquiry.due_at, lang, tz)
  const facts: [string, string][] = [
    [t('inquiries.case.reference'), inquiry.reference],
    [t('inquiries.case.status'), t(`inquiries.status.${inquiry.status}`)],
    [t('inquiries.case.channel'), t(`inquiries.channel.${inquiry.channel}`)],
    [t('inquiries.case.topic'), view.topicName ?? t('inquiries.case.not_given')],
    [
      t('inquiries.case.queue'),
      view.department ? departmentName(view.department, lang) : t('inquiries.case.contact_centre'),
    ],
    [t('inquiries.case.assignee'), view.assigneeName ?? t('inquiries.case.unassigned')],
    [t('inquiries.case.received'), formatDateTime(inquiry.received_at, lang, tz)],
    [t('inquiries.case.due'), overdue ? t('inquiries.case.overdue', { date: due }) : due],
    ...(inquiry.resolution
      ? [
          [
            t('inquiries.case.resolution'),
            [t(`inquiries.case.resolution.${inquiry.resolution}`), inquiry.resolution_reason]
              .filter(Boolean)
              .join(': '),
          ] as [string, string],
        ]
      : []),
  ]
  const citizen: [string, string][] = [
    [t('inquiries.case.citizen_name'), inquiry.citizen_name],
    [t('inquiries.case.citizen_email'), inquiry.citizen_email ?? t('inquiries.case.not_given')],
    [t('inquiries.case.citizen_phone'), inquiry.citizen_phone ?? t('inquiries.case.not_given')],
    [t('inquiries.case.citizen_language'), LANGUAGE_NAMES[inquiry.language]],
  ]
  return (
    <div class="row">
      <div class="col-12 col-md-6">
        <FactTable caption={t('inquiries.case.facts')} rows={facts} overdueRow={overdue ? 7 : -1} />
      </div>
      <div class="col-12 col-md-6">
        <FactTable caption={t('inquiries.case.citizen')} rows={citizen} overdueRow={-1} />
      </div>
    </div>
  )
}

function FactTable({ caption, rows, overdueRow }: { caption: string; rows: [string, string][]; overdueRow: number }) {
  return (
    <table class="table table--compact">
      <caption safe>{caption}</caption>
      <tbody>
        {rows.map(([label, value], i) => (
          <tr>
            <th scope="row" safe>
              {label}
            </th>
            {i === overdueRow ? (
              <td>
                <strong class="inquiry-overdue" safe>
                  {value}
                </strong>
              </td>
            ) : (
              <td safe>{value}</td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function ThreadMessage(props: { ctx: ViewContext; item: ThreadItem; inquiryId: string; phone: string | null }) {
  const { ctx, item, inquiryId } = props
  const { t, lang } = ctx
  const municipality = ctx.municipality as MunicipalityRow
  const { message } = item
  const heading = [
    t(MESSAGE_KEYS[message.direction] as MessageKey),
    message.direction === 'note' ? '' : t(`inquiries.channel.${message.channel}`),
    item.authorName ? t('inquiries.case.message.by', { name: item.authorName }) : '',
    formatDateTime(message.created_at, lang, municipality.time_zone),
  ]
    .filter(Boolean)
    .join(' · ')
  const delivery =
    message.direction !== 'out'
      ? ''
      : message.delivery === 'phone'
        ? t('inquiries.case.message.phone_required', { phone: props.phone ?? '' })
        : message.delivery === 'bounced' || message.delivery === 'undelivered'
          ? t('inquiries.case.message.undelivered')
          : t('inquiries.case.message.emailed')
  return (
    <article>
      <h3 class="h5" safe>
        {heading}
      </h3>
      <MessageText body={message.body} />
      {delivery ? (
        <p class="form-hint" safe>
          {delivery}
        </p>
      ) : (
        ''
      )}
      {item.attachments.length ? (
        <>
          <h4 class="h6" safe>
            {t('inquiries.case.attachments')}
          </h4>
          <ul class="attachment-list">
            {item.attachments.map((a) => (
              <li>
                <a href={`${casePath(municipality.slug, inquiryId)}/attachments/${a.id}`} download={a.file_name} safe>
                  {a.file_name}
                </a>{' '}
                <span safe>{`(${formatSize(a.size, lang)})`}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </article>
  )
}

/** Paragraphs and line breaks as written, every line escaped. */
function MessageText({ body }: { body: string }) {
  return (
    <div class="inquiry-text">
      {body.split(/\r?\n\s*\r?\n/).map((paragraph) => (
        <p>
          {paragraph.split(/\r?\n/).map((line, i) => (
            <>
              {i > 0 ? <br /> : ''}
              <span safe>{line}</span>
            </>
          ))}
        </p>
      ))}
    </div>
  )
}

function History({ ctx, items }: { ctx: ViewContext; items: HistoryItem[] }) {
  const { t, lang } = ctx
  const tz = (ctx.municipality as MunicipalityRow).time_zone
  const who = (item: HistoryItem) =>
    item.actorName ??
    (item.entry.actor_type === 'citizen'
      ? t('inquiries.case.history.citizen')
      : item.entry.actor_type === 'system'
        ? t('inquiries.case.history.system')
        : t('inquiries.case.history.former_staff'))
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading" safe>
        {t('inquiries.case.history')}
      </h2>
      <table class="table table--compact">
        <thead>
          <tr>
            <th scope="col" safe>
              {t('inquiries.case.history.when')}
            </th>
            <th scope="col" safe>
              {t('inquiries.case.history.who')}
            </th>
            <th scope="col" safe>
              {t('inquiries.case.history.what')}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr>
              <td safe>{formatDateTime(item.entry.at, lang, tz)}</td>
              <td safe>{who(item)}</td>
              <td>
                <span safe>
                  {EVENT_KEYS[item.entry.action] ? t(EVENT_KEYS[item.entry.action] as MessageKey) : item.entry.action}
                </span>
                <br />
                <span class="form-hint" safe>
                  {item.entry.summary}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function Earlier({ ctx, view }: { ctx: ViewContext; view: CaseView }) {
  const { t, lang } = ctx
  const municipality = ctx.municipality as MunicipalityRow
  return (
    <section aria-labelledby="earlier-heading">
      <h2 id="earlier-heading" safe>
        {t('inquiries.case.earlier')}
      </h2>
      {view.earlier.length === 0 ? (
        <p safe>{t('inquiries.case.earlier_none')}</p>
      ) : (
        <table class="table table--compact">
          <thead>
            <tr>
              <th scope="col" safe>
                {t('inquiries.case.reference')}
              </th>
              <th scope="col" safe>
                {t('inquiries.case.received')}
              </th>
              <th scope="col" safe>
                {t('inquiries.case.topic')}
              </th>
              <th scope="col" safe>
                {t('inquiries.case.status')}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.earlier.map(({ inquiry, topicName }) => (
              <tr>
                <td>
                  <a href={casePath(municipality.slug, inquiry.id)} safe>
                    {inquiry.reference}
                  </a>
                </td>
                <td safe>{formatDateTime(inquiry.received_at, lang, municipality.time_zone)}</td>
                <td safe>{topicName ?? ''}</td>
                <td safe>{t(`inquiries.status.${inquiry.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
