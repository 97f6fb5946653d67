/** The administrator's answer deadlines: business days per topic and per department; empty means "not set". */
import { departmentName } from '../../../municipalities/service.ts'
import { CsrfField, describedBy, ErrorSummary, FormGroup, fieldId, SuccessNotice } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/context.ts'
import type { FieldErrors } from '../../../web/errors.ts'
import { Layout } from '../../../web/layout.tsx'
import { topicName } from '../../service.ts'
import { DEFAULT_ANSWER_DAYS, type Deadlines, MAX_ANSWER_DAYS } from '../deadlines.ts'

function DaysField(props: {
  ctx: ViewContext
  name: string
  label: string
  value: string
  errors: FieldErrors | undefined
}) {
  const { ctx, name, errors } = props
  return (
    <FormGroup t={ctx.t} name={name} label={props.label} errors={errors}>
      <input
        class="form-input input-width-xs"
        id={fieldId(name)}
        name={name}
        type="text"
        inputmode="numeric"
        pattern="[0-9]*"
        value={props.value}
        {...describedBy(name, errors)}
      />
    </FormGroup>
  )
}

export function DeadlinesPage({
  ctx,
  deadlines,
  values,
  errors,
  saved,
}: {
  ctx: ViewContext
  deadlines: Deadlines
  /** What was typed, when the form is shown again with errors. */
  values?: Record<string, string> | undefined
  errors?: FieldErrors | undefined
  saved?: boolean
}) {
  const { t } = ctx
  const value = (field: string, days: number | null) => values?.[field] ?? (days === null ? '' : String(days))
  return (
    <Layout ctx={ctx} title={t('routing.deadlines.title')}>
      <h1 safe>{t('routing.deadlines.title')}</h1>
      <p class="font-lead" safe>
        {t('routing.deadlines.lead', { days: DEFAULT_ANSWER_DAYS, max: MAX_ANSWER_DAYS })}
      </p>
      {saved ? <SuccessNotice text={t('web.saved')} /> : ''}
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={`/${ctx.municipality?.slug ?? ''}/staff/deadlines`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <fieldset>
          <legend class="h2" safe>
            {t('routing.deadlines.topics')}
          </legend>
          {deadlines.topics.map(({ topic, days }) => (
            <DaysField
              ctx={ctx}
              name={`topic-${topic.id}`}
              label={topicName(topic, ctx.lang)}
              value={value(`topic-${topic.id}`, days)}
              errors={errors}
            />
          ))}
        </fieldset>
        <fieldset>
          <legend class="h2" safe>
            {t('routing.deadlines.departments')}
          </legend>
          {deadlines.departments.map(({ department, days }) => (
            <DaysField
              ctx={ctx}
              name={`department-${department.id}`}
              label={departmentName(department, ctx.lang)}
              value={value(`department-${department.id}`, days)}
              errors={errors}
            />
          ))}
        </fieldset>
        <button type="submit" class="button button-primary" safe>
          {t('routing.deadlines.save')}
        </button>
      </form>
    </Layout>
  )
}
