/**
 * Blocked authors: each block in force with the author's name, the rule, the reason, who blocked and until when,
 * and a button to lift it (a small form per block, so it works without a script).
 */
import { CsrfField, DataTable, SuccessNotice } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import { Layout } from '../../web/layout.tsx'
import type { ActiveBlock } from '../blocks.ts'
import type { HouseRules } from '../rules.ts'
import { formatDateTime, ruleTitleIn } from './parts.tsx'

export function BlocksPage(props: {
  ctx: ViewContext
  blocks: readonly ActiveBlock[]
  rules: HouseRules
  kindLabel: (kind: string) => string
  lifted: boolean
}) {
  const { ctx, blocks } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const tz = ctx.municipality?.time_zone ?? 'UTC'
  const base = `/${slug}/staff/moderation`
  return (
    <Layout ctx={ctx} title={t('moderation.blocks.title')}>
      <h1 safe>{t('moderation.blocks.title')}</h1>
      <p class="font-lead" safe>
        {t('moderation.blocks.lead')}
      </p>
      {props.lifted ? <SuccessNotice text={t('moderation.blocks.lifted')} /> : ''}
      {blocks.length === 0 ? (
        <p safe>{t('moderation.blocks.none')}</p>
      ) : (
        <DataTable
          caption={t('moderation.blocks.title')}
          headers={[
            t('moderation.blocks.author'),
            t('moderation.queue.rule'),
            t('moderation.blocks.reason'),
            t('moderation.blocks.blocked'),
            t('moderation.blocks.until'),
            t('moderation.blocks.lift'),
          ]}
        >
          {blocks.map((b) => (
            <tr>
              <th scope="row" safe>
                {`${b.author_name ?? t('moderation.blocks.unknown_author')}${b.kind ? ` (${props.kindLabel(b.kind)})` : ''}`}
              </th>
              <td safe>{ruleTitleIn(props.rules, b.rule)}</td>
              <td safe>{b.reason ?? ''}</td>
              <td safe>
                {t('moderation.blocks.blocked_by', {
                  when: formatDateTime(b.created_at, ctx.lang, tz),
                  who: b.blocked_by_name ?? '',
                })}
              </td>
              <td safe>{formatDateTime(b.until, ctx.lang, tz)}</td>
              <td>
                <form method="post" action={`${base}/blocks/${b.id}/lift`}>
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="button button-secondary">
                    <span safe>{t('moderation.blocks.lift')}</span>
                    <span class="sr-only" safe>
                      {` ${b.author_name ?? ''}`}
                    </span>
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <p>
        <a href={base} safe>
          {t('moderation.queue.title')}
        </a>
      </p>
    </Layout>
  )
}
