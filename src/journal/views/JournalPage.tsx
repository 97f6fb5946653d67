import type { JournalRow } from '../../db/schema.ts'
import { DataTable } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import { Layout } from '../../web/layout.tsx'
import { Pager } from '../../web/pager.tsx'
import { withQuery } from '../../web/urls.ts'
import { ACTOR_LABEL_KEYS } from '../messages.ts'

export interface JournalPageProps {
  ctx: ViewContext
  rows: JournalRow[]
  total: number
  page: number
  pageSize: number
  subject: string | undefined
  subjectId: string | undefined
  subjectTypes: string[]
}

/** How many stored documents an entry refers to (its `documents` column is a JSON list of hashes). */
function documentCount(row: JournalRow): number {
  try {
    const hashes: unknown = JSON.parse(row.documents)
    return Array.isArray(hashes) ? hashes.length : 0
  } catch {
    return 0
  }
}

export function JournalPage({ ctx, rows, total, page, pageSize, subject, subjectId, subjectTypes }: JournalPageProps) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('journal.page.title')}>
      <h1 safe>{t('journal.page.title')}</h1>
      <p class="font-lead" safe>
        {t('journal.page.lead', { name: ctx.municipality?.name ?? '' })}
      </p>
      <form method="get" class="inline-form">
        <div class="form-group">
          <label class="form-label" for="field-subject" safe>
            {t('journal.page.filter')}
          </label>
          <select class="form-select" id="field-subject" name="subject">
            <option value="" safe>
              {t('journal.page.all')}
            </option>
            {subjectTypes.map((type) => (
              <option value={type} selected={type === subject} safe>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div class="form-group">
          <label class="form-label" for="field-subject-id" safe>
            {t('journal.page.subject_id')}
          </label>
          <input class="form-input" type="text" id="field-subject-id" name="subjectId" value={subjectId ?? ''} />
        </div>
        <button type="submit" class="button button-secondary" safe>
          {t('journal.page.apply')}
        </button>
      </form>
      <p role="status" safe>
        {t('journal.page.count', { count: total })}
      </p>
      {rows.length === 0 ? (
        <p safe>{t('journal.empty')}</p>
      ) : (
        <DataTable
          caption={t('journal.page.title')}
          headers={[
            t('journal.col.seq'),
            t('journal.col.at'),
            t('journal.col.actor'),
            t('journal.col.action'),
            t('journal.col.subject'),
            t('journal.col.summary'),
            t('journal.col.documents'),
            t('journal.col.hash'),
          ]}
        >
          {rows.map((row) => (
            <tr>
              <td safe>{String(row.seq)}</td>
              <td>
                <time datetime={row.at} safe>
                  {row.at.replace('T', ' ').slice(0, 19)}
                </time>
              </td>
              <td safe>{t(ACTOR_LABEL_KEYS[row.actor_type])}</td>
              <td safe>{row.action}</td>
              <td>
                <a
                  href={withQuery(ctx.path, {
                    subject: row.subject_type,
                    subjectId: row.subject_id,
                    page: undefined,
                  })}
                >
                  <span safe>{row.subject_type}</span>{' '}
                  <span class="journal-subject-id" safe>
                    {row.subject_id}
                  </span>
                </a>
              </td>
              <td safe>{row.summary}</td>
              <td class="journal-documents" safe>
                {String(documentCount(row))}
              </td>
              <td class="journal-hash" title={row.hash} safe>
                {row.hash.slice(0, 12)}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager ctx={ctx} page={page} pageSize={pageSize} total={total} />
    </Layout>
  )
}
