import type { ViewContext } from '../../../web/context.ts'
import { Layout } from '../../../web/layout.tsx'
import { MAIL_STATUS_KEYS } from '../../messages.ts'
import type { MailForDisplay } from '../service.ts'
import { displayTime, headerText, recipient } from './format.ts'

export function MailMessagePage({ ctx, mail }: { ctx: ViewContext; mail: MailForDisplay }) {
  const { t } = ctx
  const { row, parsed } = mail
  return (
    <Layout ctx={ctx} title={t('mail.message.title')}>
      <p>
        <a class="back-link" href={`/${ctx.municipality?.slug ?? ''}/staff/mail`} safe>
          {t('mail.message.back')}
        </a>
      </p>
      <h1 safe>{row.subject_line || t('mail.page.no_subject')}</h1>
      <table class="table">
        <caption class="sr-only" safe>
          {t('mail.message.title')}
        </caption>
        <tbody>
          <tr>
            <th scope="row" safe>
              {t('mail.col.to')}
            </th>
            <td safe>{recipient(row.to_address, row.to_name)}</td>
          </tr>
          <tr>
            <th scope="row" safe>
              {t('mail.col.purpose')}
            </th>
            <td safe>{row.purpose}</td>
          </tr>
          <tr>
            <th scope="row" safe>
              {t('mail.col.status')}
            </th>
            <td safe>{t(MAIL_STATUS_KEYS[row.status])}</td>
          </tr>
          <tr>
            <th scope="row" safe>
              {t('mail.col.at')}
            </th>
            <td>
              <time datetime={row.queued_at} safe>
                {displayTime(row.queued_at)}
              </time>
            </td>
          </tr>
          {row.last_error ? (
            <tr>
              <th scope="row" safe>
                {t('mail.message.last_error')}
              </th>
              <td safe>{row.last_error}</td>
            </tr>
          ) : (
            ''
          )}
        </tbody>
      </table>
      {parsed ? <ParsedMessage ctx={ctx} parsed={parsed} /> : <p safe>{t('mail.message.gone')}</p>}
    </Layout>
  )
}

function ParsedMessage({ ctx, parsed }: { ctx: ViewContext; parsed: NonNullable<MailForDisplay['parsed']> }) {
  const { t } = ctx
  const seen = new Set<string>()
  const headers = parsed.headerLines.filter(({ key }) => !seen.has(key) && seen.add(key))
  return (
    <>
      <h2 safe>{t('mail.message.headers')}</h2>
      <div class="table--responsive-scroll">
        <table class="table table--zebra">
          <caption class="sr-only" safe>
            {t('mail.message.headers')}
          </caption>
          <tbody>
            {headers.map(({ key, line }) => (
              <tr>
                <th scope="row" safe>
                  {line.slice(0, line.indexOf(':')) || key}
                </th>
                <td safe>{headerText(parsed.headers.get(key))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 safe>{t('mail.message.text')}</h2>
      {parsed.text ? (
        <pre class="mail-text" safe>
          {parsed.text}
        </pre>
      ) : (
        <p safe>{t('mail.message.no_text')}</p>
      )}
      {parsed.attachments.length > 0 ? (
        <>
          <h2 safe>{t('mail.message.attachments')}</h2>
          <ul>
            {parsed.attachments.map((a) => (
              <li
                safe
              >{`${a.filename ?? ''} (${a.contentType}, ${t('mail.message.attachment_size', { size: a.size })})`}</li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </>
  )
}
