/**
 * The receipt after submission and the status page, both behind the unguessable status link: the
 * reference, time, the decision (an approval is short; a refusal gives the reasons, the complaint
 * guidance and an offer of human review), the case in the queue, the answers and attachments with
 * their SHA-256 checksums, the expected processing time, what happens next, and the PDF receipt.
 */

import type { MunicipalityRow } from '../../db/schema.ts'
import { CsrfField } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import { Layout } from '../../web/layout.tsx'
import { complaintGuidance } from '../decisions/guidance.ts'
import { formatDateTime, formatDay, formatPublicAnswer, formatSize } from '../format.ts'
import type { Text } from '../forms/definition.ts'
import { isVisible } from '../forms/validate.ts'
import type { SubmissionStatus } from '../submissions/service.ts'

function Decision({ ctx, status, statusPath }: { ctx: ViewContext; status: SubmissionStatus; statusPath: string }) {
  const { t, lang } = ctx
  const m = ctx.municipality as MunicipalityRow
  const { decision, submission } = status
  if (!decision) {
    return (
      <div class="alert alert-info" role="status">
        <div class="alert-body">
          <p class="alert-heading" safe>
            {t('selfservice.status.case_heading')}
          </p>
          <p class="alert-text" safe>
            {t('selfservice.receipt.case', { date: formatDay(submission.expected_by, lang, m.time_zone) })}
          </p>
          {submission.inquiry_reference ? (
            <p class="alert-text" safe>
              {t('selfservice.status.case_reference', { reference: submission.inquiry_reference })}
            </p>
          ) : (
            ''
          )}
        </div>
      </div>
    )
  }
  if (decision.outcome === 'approved') {
    return (
      <div class="alert alert-success decision" role="status">
        <div class="alert-body">
          <p class="alert-heading" safe>
            {t('selfservice.decision.approved_heading')}
          </p>
          <p class="alert-text" safe>
            {t('selfservice.decision.approved')}
          </p>
        </div>
      </div>
    )
  }
  const reasons = JSON.parse(decision.reasons) as Text[]
  return (
    <>
      <div class="alert alert-warning decision" role="status">
        <div class="alert-body">
          <p class="alert-heading" safe>
            {t('selfservice.decision.refused_heading')}
          </p>
          <p class="alert-text" safe>
            {t('selfservice.decision.refused')}
          </p>
          <ul class="alert-text">
            {reasons.map((r) => (
              <li safe>{r[lang]}</li>
            ))}
          </ul>
        </div>
      </div>
      <h2 safe>{t('selfservice.decision.review_heading')}</h2>
      {decision.review_requested_at ? (
        <p safe>
          {submission.inquiry_reference
            ? t('selfservice.status.review_requested', { reference: submission.inquiry_reference })
            : t('selfservice.status.review_pending')}
        </p>
      ) : (
        <form method="post" action={`${statusPath}/review`}>
          <CsrfField token={ctx.csrfToken} />
          <p safe>{t('selfservice.decision.review_offer')}</p>
          <button type="submit" class="button button-secondary" safe>
            {t('selfservice.decision.review_button')}
          </button>
        </form>
      )}
      <h2 safe>{t('selfservice.decision.complaint_heading')}</h2>
      <p class="complaint-guidance" safe>
        {complaintGuidance(m.country, lang, m.name)}
      </p>
    </>
  )
}

function Facts({ ctx, status }: { ctx: ViewContext; status: SubmissionStatus }) {
  const { t, lang } = ctx
  const m = ctx.municipality as MunicipalityRow
  const { submission, definition } = status
  const rows: [string, string][] = [
    [t('selfservice.receipt.service'), definition.title[lang]],
    [t('selfservice.receipt.reference'), submission.reference],
    [t('selfservice.receipt.submitted'), formatDateTime(submission.submitted_at, lang, m.time_zone)],
    [t('selfservice.receipt.channel'), t(`selfservice.channel.${submission.channel}`)],
    [
      t('selfservice.receipt.processing'),
      t('selfservice.receipt.processing_text', {
        digital: definition.processing.digitalDays,
        other: definition.processing.otherDays,
        date: formatDay(submission.expected_by, lang, m.time_zone),
      }),
    ],
    [t('selfservice.receipt.next'), definition.next[lang]],
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

function Answers({ ctx, status }: { ctx: ViewContext; status: SubmissionStatus }) {
  const { t, lang } = ctx
  const { definition, answers, attachments } = status
  return (
    <>
      <h2 safe>{t('selfservice.receipt.answers')}</h2>
      <dl class="receipt-facts">
        {definition.steps.flatMap((s) =>
          s.fields
            .filter((f) => f.type !== 'attachments' && isVisible(f, answers))
            .map((f) => (
              <>
                <dt safe>{f.label[lang]}</dt>
                <dd safe>{formatPublicAnswer(f, answers[f.id], lang, t)}</dd>
              </>
            )),
        )}
      </dl>
      <h2 safe>{t('selfservice.receipt.attachments')}</h2>
      {attachments.length ? (
        <ul class="attachment-list">
          {attachments.map((a) => (
            <li>
              <span safe>{`${a.file_name} (${formatSize(a.size, lang)})`}</span>
              <br />
              <code class="checksum" safe>{`SHA-256 ${a.sha256}`}</code>
            </li>
          ))}
        </ul>
      ) : (
        <p safe>{t('selfservice.receipt.no_attachments')}</p>
      )}
    </>
  )
}

function PdfLink({ ctx, status, statusPath }: { ctx: ViewContext; status: SubmissionStatus; statusPath: string }) {
  return status.submission.receipt_hash ? (
    <p>
      <a href={`${statusPath}/receipt.pdf`} class="receipt-pdf" safe>
        {ctx.t('selfservice.receipt.pdf')}
      </a>
    </p>
  ) : (
    <p safe>{ctx.t('selfservice.receipt.pdf_pending')}</p>
  )
}

export function ReceiptPage(props: {
  ctx: ViewContext
  status: SubmissionStatus
  statusPath: string
  statusUrl: string
}) {
  const { ctx, status } = props
  const { t } = ctx
  const m = ctx.municipality as MunicipalityRow
  return (
    <Layout ctx={ctx} title={t('selfservice.receipt.title')}>
      <div class="alert alert-success" role="status">
        <div class="alert-body">
          <h1 class="alert-heading h2" safe>
            {t('selfservice.receipt.title')}
          </h1>
          <p class="alert-text" safe>
            {t('selfservice.receipt.lead', { reference: status.submission.reference })}
          </p>
        </div>
      </div>
      <Decision ctx={ctx} status={status} statusPath={props.statusPath} />
      <Facts ctx={ctx} status={status} />
      <PdfLink ctx={ctx} status={status} statusPath={props.statusPath} />
      <Answers ctx={ctx} status={status} />
      <h2 safe>{t('selfservice.receipt.follow_up')}</h2>
      <p safe>
        {status.submission.citizen_email ? t('selfservice.receipt.mail_sent') : t('selfservice.receipt.status_link')}
      </p>
      <p>
        <a href={props.statusUrl} class="status-link" safe>
          {props.statusUrl}
        </a>
      </p>
      <p class="form-hint" safe>
        {t('selfservice.receipt.keep_link')}
      </p>
      <p>
        <a href={`/${m.slug}/services`} safe>
          {t('selfservice.receipt.more_services')}
        </a>
      </p>
    </Layout>
  )
}

export function StatusPage(props: { ctx: ViewContext; status: SubmissionStatus; statusPath: string }) {
  const { ctx, status } = props
  const { t } = ctx
  const title = t('selfservice.status.title', { reference: status.submission.reference })
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <Decision ctx={ctx} status={status} statusPath={props.statusPath} />
      <Facts ctx={ctx} status={status} />
      <PdfLink ctx={ctx} status={status} statusPath={props.statusPath} />
      <Answers ctx={ctx} status={status} />
    </Layout>
  )
}
