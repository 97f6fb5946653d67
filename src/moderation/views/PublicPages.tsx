/** The public pages: the house rules (any version), the moderation log, the report form and the author's appeal. */
import type { DecisionAction, ModerationItemRow } from '../../db/tables/moderation.ts'
import { CsrfField, ErrorSummary, SelectField, SuccessNotice, TextArea } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { maskIdentityNumbers } from '../../web/identity-numbers.ts'
import { Layout } from '../../web/layout.tsx'
import { Pager } from '../../web/pager.tsx'
import { withQuery } from '../../web/urls.ts'
import { appealDeadline, appealExpired } from '../appeals.ts'
import type { ModerationLog } from '../log.ts'
import type { HouseRules } from '../rules.ts'
import { houseRulesPath, moderationLogPath } from '../service.ts'
import { formatDate, formatMonth, ruleTitleIn } from './parts.tsx'

const paragraphs = (text: string) =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)

export function HouseRulesPage(props: {
  ctx: ViewContext
  rules: HouseRules
  current: number
  versions: { version: number; published_at: string }[]
  intro: string
}) {
  const { ctx, rules } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const tz = ctx.municipality?.time_zone ?? 'UTC'
  const old = rules.version !== props.current
  return (
    <Layout ctx={ctx} title={t('moderation.rules.title')}>
      <h1 safe>{t('moderation.rules.title')}</h1>
      {old ? (
        <div class="alert alert-warning" role="status">
          <div class="alert-body">
            <p class="alert-text">
              <span safe>{t('moderation.rules.old_version', { version: rules.version })}</span>{' '}
              <a href={houseRulesPath(slug)} safe>
                {t('moderation.rules.see_current')}
              </a>
            </p>
          </div>
        </div>
      ) : (
        ''
      )}
      {paragraphs(props.intro).map((p) => (
        <p class="font-lead" safe>
          {p}
        </p>
      ))}
      {rules.version === 0 ? (
        <p safe>{t('moderation.rules.none')}</p>
      ) : (
        <>
          <p safe>
            {t('moderation.rules.version', {
              version: rules.version,
              date: rules.publishedAt ? formatDate(rules.publishedAt, ctx.lang, tz) : '',
            })}
          </p>
          {rules.language !== ctx.lang ? <p safe>{t('moderation.rules.other_language')}</p> : ''}
          <ol class="moderation-rules" lang={rules.language}>
            {rules.rules.map((rule) => (
              <li id={`rule-${rule.code}`}>
                <h2 class="h4" safe>
                  {rule.title}
                </h2>
                <p safe>{rule.text}</p>
              </li>
            ))}
          </ol>
        </>
      )}
      <h2 safe>{t('moderation.rules.how_heading')}</h2>
      <p safe>{t('moderation.rules.how')}</p>
      <p>
        <a href={moderationLogPath(slug)} safe>
          {t('moderation.log.title')}
        </a>
      </p>
      {props.versions.length > 1 ? (
        <>
          <h2 safe>{t('moderation.rules.versions')}</h2>
          <ul>
            {props.versions.map((v) => (
              <li>
                {v.version === rules.version ? (
                  <span aria-current="page" safe>
                    {t('moderation.rules.version', {
                      version: v.version,
                      date: formatDate(v.published_at, ctx.lang, tz),
                    })}
                  </span>
                ) : (
                  <a
                    href={
                      v.version === props.current
                        ? houseRulesPath(slug)
                        : withQuery(houseRulesPath(slug), { version: v.version })
                    }
                    safe
                  >
                    {t('moderation.rules.version', {
                      version: v.version,
                      date: formatDate(v.published_at, ctx.lang, tz),
                    })}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </Layout>
  )
}

export function ModerationLogPage(props: {
  ctx: ViewContext
  log: ModerationLog
  total: number
  page: number
  pageSize: number
  source: string | undefined
  rules: HouseRules
  kindLabel: (kind: string) => string
}) {
  const { ctx, log, rules } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const tz = ctx.municipality?.time_zone ?? 'UTC'
  const ruleCell = (rule: string | null, version: number | null): string =>
    rule
      ? [ruleTitleIn(rules, rule), version ? `(${t('moderation.log.rule_version', { version })})` : ''].join(' ').trim()
      : ''
  return (
    <Layout ctx={ctx} title={t('moderation.log.title')}>
      <h1 safe>{t('moderation.log.title')}</h1>
      <p class="font-lead" safe>
        {t('moderation.log.lead')}
      </p>
      {props.source ? (
        <p>
          <span safe>{t('moderation.log.only_source', { source: props.kindLabel(props.source) })}</span>{' '}
          <a href={moderationLogPath(slug)} safe>
            {t('moderation.log.all_sources')}
          </a>
        </p>
      ) : (
        ''
      )}
      <p>
        <a href={houseRulesPath(slug)} safe>
          {t('moderation.rules.title')}
        </a>
      </p>
      <h2 id="counts" safe>
        {t('moderation.log.counts_heading')}
      </h2>
      {log.counts.length === 0 ? (
        <p safe>{t('moderation.log.none')}</p>
      ) : (
        <div class="table--responsive-scroll">
          <table class="table table--zebra">
            <caption class="sr-only" safe>
              {t('moderation.log.counts_heading')}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('moderation.log.month')}
                </th>
                <th scope="col" safe>
                  {t('moderation.log.rule')}
                </th>
                <th scope="col" class="text-align-right" safe>
                  {t('moderation.log.hidden_count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {log.counts.map((c) => (
                <tr>
                  <td safe>{formatMonth(c.month, ctx.lang)}</td>
                  <td safe>{ruleTitleIn(rules, c.rule)}</td>
                  <td class="text-align-right" safe>
                    {String(c.count)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="decisions" safe>
        {t('moderation.log.decisions_heading')}
      </h2>
      {log.decisions.length === 0 ? (
        <p safe>{t('moderation.log.none')}</p>
      ) : (
        <div class="table--responsive-scroll">
          <table class="table table--zebra">
            <caption class="sr-only" safe>
              {t('moderation.log.decisions_heading')}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('moderation.log.date')}
                </th>
                <th scope="col" safe>
                  {t('moderation.log.kind')}
                </th>
                <th scope="col" safe>
                  {t('moderation.log.decision')}
                </th>
                <th scope="col" safe>
                  {t('moderation.log.rule')}
                </th>
              </tr>
            </thead>
            <tbody>
              {log.decisions.map((d) => (
                <tr>
                  <td safe>{formatDate(d.at, ctx.lang, tz)}</td>
                  <td safe>{props.kindLabel(d.kind)}</td>
                  <td safe>{t(`moderation.action.${d.action as DecisionAction}`)}</td>
                  <td safe>{ruleCell(d.rule, d.ruleVersion)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager ctx={ctx} page={props.page} pageSize={props.pageSize} total={props.total} />
    </Layout>
  )
}

export interface ReportValues {
  rule: string
  note: string
}

export function ReportPage(props: {
  ctx: ViewContext
  action: string
  rules: HouseRules
  values: ReportValues
  errors?: FieldErrors | undefined
}) {
  const { ctx, rules } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  return (
    <Layout ctx={ctx} title={t('moderation.report.title')}>
      <h1 safe>{t('moderation.report.title')}</h1>
      <p class="font-lead" safe>
        {t('moderation.report.lead')}
      </p>
      <ErrorSummary t={t} errors={props.errors} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <SelectField
          t={t}
          name="rule"
          label={t('moderation.report.rule')}
          blank={t('moderation.report.rule_choose')}
          options={rules.rules.map((r) => ({ value: r.code, label: r.title }))}
          value={props.values.rule}
          errors={props.errors}
        />
        <TextArea
          t={t}
          name="note"
          label={t('moderation.report.note')}
          hint={t('moderation.report.note_hint')}
          value={props.values.note}
          errors={props.errors}
          rows={4}
        />
        <button type="submit" class="button button-primary" safe>
          {t('moderation.report.submit')}
        </button>
      </form>
      <p>
        <a href={houseRulesPath(slug)} safe>
          {t('moderation.rules.title')}
        </a>
      </p>
    </Layout>
  )
}

export function NoticePage(props: {
  ctx: ViewContext
  title: string
  text: string
  back?: { href: string; label: string }
}) {
  const { ctx } = props
  return (
    <Layout ctx={ctx} title={props.title}>
      <h1 safe>{props.title}</h1>
      <SuccessNotice text={props.text} />
      {props.back ? (
        <p>
          <a href={props.back.href} safe>
            {props.back.label}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  )
}

export function AppealPage(props: {
  ctx: ViewContext
  action: string
  item: ModerationItemRow
  ruleTitle: string
  reason: string | null
  text: string
  errors?: FieldErrors | undefined
}) {
  const { ctx, item } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const awaited = item.appeal_state === null && item.state === 'hidden'
  const expired = awaited && appealExpired(item)
  const open = awaited && !expired
  const tz = ctx.municipality?.time_zone ?? 'UTC'
  return (
    <Layout ctx={ctx} title={t('moderation.appeal.title')}>
      <h1 safe>{t('moderation.appeal.title')}</h1>
      <p class="font-lead" safe>
        {t('moderation.appeal.lead', { rule: props.ruleTitle })}
      </p>
      {props.reason ? <p safe>{t('moderation.mail.reason', { reason: props.reason })}</p> : ''}
      <h2 class="h4" safe>
        {t('moderation.mail.your_post')}
      </h2>
      <blockquote lang={item.language}>
        <p class="moderation-text" safe>
          {maskIdentityNumbers(item.text)}
        </p>
      </blockquote>
      {open ? (
        <>
          <ErrorSummary t={t} errors={props.errors} />
          {item.decided_at ? (
            <p safe>
              {t('moderation.appeal.until', {
                date: formatDate(appealDeadline(item.decided_at).toISOString(), ctx.lang, tz),
              })}
            </p>
          ) : (
            ''
          )}
          <form method="post" action={props.action} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextArea
              t={t}
              name="text"
              label={t('moderation.appeal.text')}
              hint={t('moderation.appeal.text_hint')}
              value={props.text}
              errors={props.errors}
              rows={5}
            />
            <button type="submit" class="button button-primary" safe>
              {t('moderation.appeal.submit')}
            </button>
          </form>
        </>
      ) : (
        <div class="alert alert-info" role="status">
          <div class="alert-body">
            <p class="alert-text" safe>
              {expired
                ? t('moderation.appeal.expired')
                : item.appeal_state === 'open'
                  ? t('moderation.appeal.waiting')
                  : item.appeal_state === 'decided'
                    ? t('moderation.appeal.decided', { state: t(`moderation.state.${item.state}`) })
                    : t('moderation.appeal.not_hidden')}
            </p>
          </div>
        </div>
      )}
      <p>
        <a href={houseRulesPath(slug)} safe>
          {t('moderation.rules.title')}
        </a>
      </p>
    </Layout>
  )
}
