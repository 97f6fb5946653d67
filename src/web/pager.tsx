import type { ViewContext } from './context.ts'
import { withQuery } from './urls.ts'

/** Previous / next links that keep the current filters in the query string. */
export function Pager({
  ctx,
  page,
  pageSize,
  total,
}: {
  ctx: ViewContext
  page: number
  pageSize: number
  total: number
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  if (pages <= 1) return ''
  return (
    <nav aria-label={ctx.t('web.pager.label')}>
      <ul class="nobullet-list inline-list">
        {page > 1 ? (
          <li>
            <a href={withQuery(ctx.path, { page: page - 1 })} safe>
              {ctx.t('web.pager.previous')}
            </a>
          </li>
        ) : (
          ''
        )}
        <li aria-current="page" safe>{`${page} / ${pages}`}</li>
        {page < pages ? (
          <li>
            <a href={withQuery(ctx.path, { page: page + 1 })} safe>
              {ctx.t('web.pager.next')}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  )
}
