/**
 * The receipt after intake and the citizen's status page, both behind the unguessable status link.
 * Identity numbers are masked on both: a receipt gets printed and a link gets forwarded.
 */
import type { InquiryAttachmentRow, InquiryMessageRow, MunicipalityRow } from '../../db/schema.ts'
import type { ViewContext } from '../../web/context.ts'
import { maskIdentityNumbers } from '../../web/identity-numbers.ts'
import { Layout } from '../../web/layout.tsx'
import { formatDateTime, formatDueDate, formatSize } from '../format.ts'
import { type InquiryStatus, topicName } from '../service.ts'

export function ReceiptPage({
  ctx,
  status,
  statusUrl,
}: {
  ctx: ViewContext
  status: InquiryStatus
  statusUrl: string
}) {
  const { t } = ctx
  const { inquiry } = status
  const municipality = ctx.municipality as MunicipalityRow
  const first = status.messages.find((m) => m.direction === 'in')
  return (
    <Layout ctx={ctx} title={t('inquiries.receipt.title')}>
      <div class="alert alert-success" role="status">
        <div class="alert-body">
          <h1 class="alert-heading h2" safe>
            {t('inquiries.receipt.title')}
          </h1>
          <p class="alert-text" safe>
            {t('inquiries.receipt.lead', { reference: inquiry.reference })}
          </p>
        </div>
      </div>
      <Facts ctx={ctx} status={status} />
      <h2 safe>{t('inquiries.receipt.message')}</h2>
      {first ? <MessageText body={first.body} /> : ''}
      <h2 safe>{t('inquiries.receipt.attachments')}</h2>
      <AttachmentList ctx={ctx} attachments={status.attachments} />
      <h2 safe>{t('inquiries.receipt.follow_up_heading')}</h2>
      <p safe>
        {inquiry.citizen_email
          ? t('inquiries.receipt.follow_up_email', { reference: inquiry.reference })
          : t('inquiries.receipt.follow_up_no_email', { reference: inquiry.reference })}
      </p>
      <p safe>{t('inquiries.receipt.status_link')}</p>
      <p>
        <a href={statusUrl} class="status-link" safe>
          {statusUrl}
        </a>
      </p>
      <p class="form-hint" safe>
        {t('inquiries.receipt.keep_link')}
      </p>
      <p>
        <a href={`/${municipality.slug}`} safe>
          {t('inquiries.receipt.home')}
        </a>
      </p>
    </Layout>
  )
}

export function StatusPage({ ctx, status }: { ctx: ViewContext; status: InquiryStatus }) {
  const { t } = ctx
  const { inquiry } = status
  return (
    <Layout ctx={ctx} title={t('inquiries.status.title', { reference: inquiry.reference })}>
      <h1 safe>{t('inquiries.status.title', { reference: inquiry.reference })}</h1>
      <p class="font-lead">
        <strong safe>{t('inquiries.status.label')}:</strong> <span safe>{t(`inquiries.status.${inquiry.status}`)}</span>
      </p>
      <Facts ctx={ctx} status={status} />
      <h2 safe>{t('inquiries.status.messages')}</h2>
      <ol class="nobullet-list inquiry-thread">
        {status.messages.map((message) => (
          <li class="inquiry-message">
            <Message ctx={ctx} message={message} attachments={status.attachments} />
          </li>
        ))}
      </ol>
    </Layout>
  )
}

function Facts({ ctx, status }: { ctx: ViewContext; status: InquiryStatus }) {
  const { t } = ctx
  const { inquiry } = status
  const tz = (ctx.municipality as MunicipalityRow).time_zone
  const rows: [string, string][] = [
    [t('inquiries.receipt.reference'), inquiry.reference],
    [t('inquiries.receipt.received'), formatDateTime(inquiry.received_at, ctx.lang, tz)],
    [t('inquiries.receipt.channel'), t(`inquiries.channel.${inquiry.channel}`)],
    [t('inquiries.receipt.topic'), status.topic ? topicName(status.topic, ctx.lang) : ''],
    [t('inquiries.receipt.due'), formatDueDate(inquiry.due_at, ctx.lang, tz)],
  ]
  return (
    <dl class="receipt-facts">
      {rows.map(([label, value]) => (
        <>
          <dt safe>{label}</dt>
          <dd safe>{value}</dd>
        </>
      ))}
    </dl>
  )
}

function Message({
  ctx,
  message,
  attachments,
}: {
  ctx: ViewContext
  message: InquiryMessageRow
  attachments: InquiryAttachmentRow[]
}) {
  const { t } = ctx
  const tz = (ctx.municipality as MunicipalityRow).time_zone
  const own = attachments.filter((a) => a.message_id === message.id)
  return (
    <>
      <h3 class="h5" safe>
        {`${message.direction === 'in' ? t('inquiries.status.from_you') : t('inquiries.status.from_us')} · ${formatDateTime(message.created_at, ctx.lang, tz)}`}
      </h3>
      <MessageText body={message.body} />
      {own.length ? <AttachmentList ctx={ctx} attachments={own} /> : ''}
    </>
  )
}

/** Paragraphs and line breaks as written, every line escaped, identity numbers masked. */
function MessageText({ body }: { body: string }) {
  const paragraphs = maskIdentityNumbers(body).split(/\r?\n\s*\r?\n/)
  return (
    <div class="inquiry-text">
      {paragraphs.map((paragraph) => (
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

function AttachmentList({ ctx, attachments }: { ctx: ViewContext; attachments: InquiryAttachmentRow[] }) {
  if (attachments.length === 0) return <p safe>{ctx.t('inquiries.receipt.no_attachments')}</p>
  return (
    <ul class="attachment-list">
      {attachments.map((a) => (
        <li safe>{`${maskIdentityNumbers(a.file_name)} (${formatSize(a.size, ctx.lang)})`}</li>
      ))}
    </ul>
  )
}
