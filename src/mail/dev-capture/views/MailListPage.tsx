import { DataTable } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/context.ts'
import { Layout } from '../../../web/layout.tsx'
import { Pager } from '../../../web/pager.tsx'
import { MAIL_STATUS_KEYS } from '../../messages.ts'
import type { OutboxListItem } from '../../outbox/store.ts'
import { displayTime, recipient } from './format.ts'

export interface MailListPageProps {
  ctx: ViewContext
  rows: OutboxListItem[]
  total: number
  page: number
  pageSize: number
  capturing: boolean
}

export function MailListPage({ ctx, rows, total, page, pageSize, capturing }: MailListPageProps) {
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  return (
    <Layout ctx={ctx} title={t('mail.page.title')}>
      <h1 safe>{t('mail.page.title')}</h1>
      <p class="font-lead" safe>
        {t('mail.page.lead', { name: ctx.municipality?.name ?? '' })}
      </p>
      <div class={capturing ? 'alert alert-warning' : 'alert alert-info'}>
        <div class="alert-body">
          <p class="alert-text" safe>
            {capturing ? t('mail.page.capture_notice') : t('mail.page.smtp_notice')}
          </p>
        </div>
      </div>
      <p role="status" safe>
        {t('mail.page.count', { count: total })}
      </p>
      {rows.length === 0 ? (
        <p safe>{t('mail.page.empty')}</p>
      ) : (
        <DataTable
          caption={t('mail.page.title')}
          headers={[
            t('mail.col.at'),
            t('mail.col.to'),
            t('mail.col.subject'),
            t('mail.col.purpose'),
            t('mail.col.status'),
          ]}
        >
          {rows.map((row) => (
            <tr>
              <td>
                <time datetime={row.queued_at} safe>
                  {displayTime(row.queued_at)}
                </time>
              </td>
              <td safe>{recipient(row.to_address, row.to_name)}</td>
              <td>
                <a href={`/${slug}/staff/mail/${row.id}`} safe>
                  {row.subject_line || t('mail.page.no_subject')}
                </a>
              </td>
              <td safe>{row.purpose}</td>
              <td safe>{t(MAIL_STATUS_KEYS[row.status])}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager ctx={ctx} page={page} pageSize={pageSize} total={total} />
    </Layout>
  )
}
