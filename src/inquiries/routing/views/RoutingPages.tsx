/**
 * The administrator's routing pages: the rules in the order they are tried, with move up/down and delete
 * as plain forms (no script needed), the form to add or change a rule, and after saving, what the rule
 * would have done to the last 100 inquiries.
 */
import type { DepartmentRow, InquiryTopicRow, RoutingRuleRow } from '../../../db/schema.ts'
import { departmentName } from '../../../municipalities/service.ts'
import { CsrfField, DataTable, ErrorSummary, SelectField, SuccessNotice, TextArea } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/context.ts'
import type { FieldErrors } from '../../../web/errors.ts'
import { Layout } from '../../../web/layout.tsx'
import { topicName } from '../../service.ts'
import type { RulePreview } from '../service.ts'

export interface Names {
  topics: InquiryTopicRow[]
  departments: DepartmentRow[]
}

export const routingPath = (ctx: ViewContext) => `/${ctx.municipality?.slug ?? ''}/staff/routing`

export function queueLabel(ctx: ViewContext, departments: readonly DepartmentRow[], id: string | null): string {
  const department = id ? departments.find((d) => d.id === id) : undefined
  return department ? departmentName(department, ctx.lang) : ctx.t('routing.queue.contact_centre')
}

function topicLabel(ctx: ViewContext, topics: readonly InquiryTopicRow[], id: string | null): string {
  const topic = id ? topics.find((t) => t.id === id) : undefined
  return topic ? topicName(topic, ctx.lang) : ctx.t('routing.rule.any_topic')
}

function PreviewNotice({ ctx, names, preview }: { ctx: ViewContext; names: Names; preview: RulePreview }) {
  const { t } = ctx
  return (
    <div class="alert alert-success" role="status" id="rule-preview">
      <div class="alert-body">
        <p class="alert-heading" safe>
          {t('routing.preview.heading')}
        </p>
        <p class="alert-text" safe>
          {t('routing.preview.routed', { count: preview.routed, tried: preview.tried })}
        </p>
        {preview.actual.length ? (
          <>
            <p class="alert-text" safe>
              {t('routing.preview.actual')}
            </p>
            <ul class="alert-text">
              {preview.actual.map((a) => (
                <li safe>{`${queueLabel(ctx, names.departments, a.departmentId)}: ${a.count}`}</li>
              ))}
            </ul>
          </>
        ) : (
          ''
        )}
      </div>
    </div>
  )
}

function MoveButton({ ctx, rule, direction }: { ctx: ViewContext; rule: RoutingRuleRow; direction: 'up' | 'down' }) {
  return (
    <form method="post" action={`${routingPath(ctx)}/${rule.id}/move`} class="inline-form">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="direction" value={direction} />
      <button
        type="submit"
        class="button button-secondary button-small"
        aria-label={ctx.t(`routing.rule.move_${direction}_label`, { position: rule.position })}
        safe
      >
        {ctx.t(`routing.rule.move_${direction}`)}
      </button>
    </form>
  )
}

export function RoutingListPage({
  ctx,
  rules,
  names,
  preview,
  deleted,
}: {
  ctx: ViewContext
  rules: RoutingRuleRow[]
  names: Names
  preview?: RulePreview | undefined
  deleted?: boolean
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('routing.list.title')}>
      <h1 safe>{t('routing.list.title')}</h1>
      <p class="font-lead" safe>
        {t('routing.list.lead')}
      </p>
      {preview ? <PreviewNotice ctx={ctx} names={names} preview={preview} /> : ''}
      {deleted ? <SuccessNotice text={t('routing.rule.deleted')} /> : ''}
      <p>
        <a class="button button-primary" href={`${routingPath(ctx)}/new`} safe>
          {t('routing.list.new')}
        </a>
      </p>
      {rules.length === 0 ? (
        <p safe>{t('routing.list.empty')}</p>
      ) : (
        <DataTable
          caption={t('routing.list.title')}
          headers={[
            t('routing.col.position'),
            t('routing.col.topic'),
            t('routing.col.keywords'),
            t('routing.col.queue'),
            t('routing.col.actions'),
          ]}
        >
          {rules.map((rule, index) => (
            <tr>
              <td safe>{String(rule.position)}</td>
              <td safe>{topicLabel(ctx, names.topics, rule.topic_id)}</td>
              <td safe>{rule.keywords ? rule.keywords.split('\n').join(', ') : t('routing.rule.any_text')}</td>
              <td safe>{queueLabel(ctx, names.departments, rule.department_id)}</td>
              <td>
                <a href={`${routingPath(ctx)}/${rule.id}`} safe>
                  {t('routing.rule.edit', { position: rule.position })}
                </a>{' '}
                {index > 0 ? <MoveButton ctx={ctx} rule={rule} direction="up" /> : ''}
                {index < rules.length - 1 ? <MoveButton ctx={ctx} rule={rule} direction="down" /> : ''}
                <form method="post" action={`${routingPath(ctx)}/${rule.id}/delete`} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <button
                    type="submit"
                    class="button button-warning button-small"
                    aria-label={t('routing.rule.delete_label', { position: rule.position })}
                    safe
                  >
                    {t('routing.rule.delete')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <p>
        <a href={`/${ctx.municipality?.slug ?? ''}/staff/deadlines`} safe>
          {t('routing.deadlines.title')}
        </a>
      </p>
    </Layout>
  )
}

export interface RuleValues {
  topic: string
  keywords: string
  department: string
}

export function RuleFormPage({
  ctx,
  names,
  values,
  rule,
  errors,
}: {
  ctx: ViewContext
  names: Names
  values: RuleValues
  /** The rule being changed; none for a new rule. */
  rule?: RoutingRuleRow | undefined
  errors?: FieldErrors | undefined
}) {
  const { t } = ctx
  const title = rule ? t('routing.rule.edit', { position: rule.position }) : t('routing.list.new')
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p safe>{t('routing.form.lead')}</p>
      <form method="post" action={rule ? `${routingPath(ctx)}/${rule.id}` : routingPath(ctx)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <SelectField
          t={t}
          name="topic"
          label={t('routing.form.topic')}
          blank={t('routing.rule.any_topic')}
          options={names.topics.map((topic) => ({ value: topic.id, label: topicName(topic, ctx.lang) }))}
          value={values.topic}
          errors={errors}
        />
        <TextArea
          t={t}
          name="keywords"
          label={t('routing.form.keywords')}
          hint={t('routing.form.keywords_hint')}
          value={values.keywords}
          errors={errors}
          rows={5}
        />
        <SelectField
          t={t}
          name="department"
          label={t('routing.form.department')}
          blank={t('routing.queue.contact_centre')}
          options={names.departments.map((d) => ({ value: d.id, label: departmentName(d, ctx.lang) }))}
          value={values.department}
          errors={errors}
        />
        <button type="submit" class="button button-primary" safe>
          {t('routing.form.save')}
        </button>
      </form>
      <p>
        <a href={routingPath(ctx)} safe>
          {t('routing.form.back')}
        </a>
      </p>
    </Layout>
  )
}
