/**
 * The actions on an inquiry, each its own POST form (CSRF, PRG): answer (with the canned-answer picker,
 * a GET form that works without JavaScript), note, take, assign, route, close, reopen. A closed inquiry
 * offers only reopen and notes.
 */
import { INQUIRY_RESOLUTIONS } from '../../../db/schema.ts'
import { LANGUAGE_NAMES } from '../../../i18n/index.ts'
import { departmentName } from '../../../municipalities/service.ts'
import { CsrfField, describedBy, fieldId, SelectField, TextArea } from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/context.ts'
import type { FieldErrors } from '../../../web/errors.ts'
import type { CaseView } from '../read.ts'

export const CASE_ACTIONS = ['take', 'assign', 'route', 'answer', 'note', 'close', 'reopen'] as const
export type CaseAction = (typeof CASE_ACTIONS)[number]

export interface CaseForm {
  action: CaseAction
  values: Record<string, string>
  errors: FieldErrors
}

interface Props {
  ctx: ViewContext
  view: CaseView
  form?: CaseForm | undefined
  answerDraft?: string | undefined
  cannedId?: string | undefined
}

export function CaseActions(props: Props): JSX.Element {
  const { ctx, view } = props
  const { t } = ctx
  const closed = view.inquiry.status === 'closed'
  const base = `/${ctx.municipality?.slug}/staff/inquiries/${view.inquiry.id}`
  const mine = view.inquiry.assignee_id === ctx.staff?.userId
  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading" safe>
        {t('inquiries.case.actions')}
      </h2>
      {closed ? (
        <form method="post" action={`${base}/reopen`}>
          <CsrfField token={ctx.csrfToken} />
          <p safe>{t('inquiries.case.reopen.lead')}</p>
          <button type="submit" class="button button-primary" safe>
            {t('inquiries.case.reopen.submit')}
          </button>
        </form>
      ) : (
        <>
          <Answer {...props} base={base} />
          {mine ? (
            ''
          ) : (
            <form method="post" action={`${base}/take`}>
              <CsrfField token={ctx.csrfToken} />
              <p safe>{t('inquiries.case.take.lead')}</p>
              <button type="submit" class="button button-secondary" safe>
                {t('inquiries.case.take.submit')}
              </button>
            </form>
          )}
          <Assign {...props} base={base} />
          <Route {...props} base={base} />
        </>
      )}
      <Note {...props} base={base} />
      {closed ? '' : <Close {...props} base={base} />}
    </section>
  )
}

/** Values and errors of the refused form, if it is this one. */
const formOf = (props: Props, action: CaseAction) =>
  props.form?.action === action ? props.form : { values: {} as Record<string, string>, errors: undefined }

function Answer(props: Props & { base: string }) {
  const { ctx, view } = props
  const { t } = ctx
  const { inquiry } = view
  const form = formOf(props, 'answer')
  const hint = inquiry.citizen_email
    ? t('inquiries.case.answer.hint_email', { email: inquiry.citizen_email })
    : t('inquiries.case.answer.hint_phone', { phone: inquiry.citizen_phone ?? '' })
  return (
    <div class="inquiry-action" id="answer">
      <h3 safe>{t('inquiries.case.answer.heading')}</h3>
      {view.canned.length ? (
        <form method="get" action={`${props.base}#answer`} class="inline-form" data-canned-picker>
          <div class="form-group">
            <label class="form-label" for={fieldId('canned')} safe>
              {t('inquiries.case.canned.label')}
            </label>
            <select class="form-select" id={fieldId('canned')} name="canned">
              <option value="" safe>
                {t('inquiries.case.canned.choose')}
              </option>
              {view.canned.map((c) => (
                <option value={c.id} selected={c.id === props.cannedId} safe>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button button-secondary" safe>
            {t('inquiries.case.canned.submit')}
          </button>
        </form>
      ) : (
        <p class="form-hint" safe>
          {t('inquiries.case.canned.none', { language: LANGUAGE_NAMES[inquiry.language] })}
        </p>
      )}
      <form method="post" action={`${props.base}/answer`}>
        <CsrfField token={ctx.csrfToken} />
        <TextArea
          t={t}
          name="answer"
          label={t('inquiries.case.answer.label')}
          hint={hint}
          value={form.values.answer ?? props.answerDraft ?? ''}
          errors={form.errors}
          rows={10}
        />
        <button type="submit" class="button button-primary" safe>
          {inquiry.citizen_email ? t('inquiries.case.answer.submit_email') : t('inquiries.case.answer.submit_phone')}
        </button>
      </form>
    </div>
  )
}

function Note(props: Props & { base: string }) {
  const { t } = props.ctx
  const form = formOf(props, 'note')
  return (
    <form method="post" action={`${props.base}/note`} class="inquiry-action">
      <h3 safe>{t('inquiries.case.note.heading')}</h3>
      <CsrfField token={props.ctx.csrfToken} />
      <TextArea
        t={t}
        name="note"
        label={t('inquiries.case.note.label')}
        hint={t('inquiries.case.note.hint')}
        value={form.values.note ?? ''}
        errors={form.errors}
        rows={4}
      />
      <button type="submit" class="button button-secondary" safe>
        {t('inquiries.case.note.submit')}
      </button>
    </form>
  )
}

function Assign(props: Props & { base: string }) {
  const { ctx, view } = props
  const { t } = ctx
  const form = formOf(props, 'assign')
  return (
    <form method="post" action={`${props.base}/assign`} class="inquiry-action">
      <CsrfField token={ctx.csrfToken} />
      <SelectField
        t={t}
        name="assignee"
        label={t('inquiries.case.assign.label')}
        blank={t('inquiries.case.assign.choose')}
        options={view.handlers.map((h) => ({ value: h.id, label: h.name }))}
        value={form.values.assignee ?? view.inquiry.assignee_id ?? undefined}
        errors={form.errors}
      />
      <button type="submit" class="button button-secondary" safe>
        {t('inquiries.case.assign.submit')}
      </button>
    </form>
  )
}

function Route(props: Props & { base: string }) {
  const { ctx, view } = props
  const { t } = ctx
  const form = formOf(props, 'route')
  return (
    <form method="post" action={`${props.base}/route`} class="inquiry-action">
      <h3 safe>{t('inquiries.case.route.heading')}</h3>
      <CsrfField token={ctx.csrfToken} />
      <SelectField
        t={t}
        name="department"
        label={t('inquiries.case.route.department')}
        blank={t('inquiries.case.route.choose')}
        options={view.departments.map((d) => ({ value: d.id, label: departmentName(d, ctx.lang) }))}
        value={form.values.department}
        errors={form.errors}
      />
      <TextArea
        t={t}
        name="route_reason"
        label={t('inquiries.case.route.reason')}
        hint={t('inquiries.case.route.reason_hint')}
        value={form.values.route_reason ?? ''}
        errors={form.errors}
        rows={3}
      />
      <button type="submit" class="button button-secondary" safe>
        {t('inquiries.case.route.submit')}
      </button>
    </form>
  )
}

function Close(props: Props & { base: string }) {
  const { ctx } = props
  const { t } = ctx
  const form = formOf(props, 'close')
  const chosen = form.values.resolution ?? (props.view.hasAnswer ? 'answered' : undefined)
  const error = form.errors?.resolution
  return (
    <form method="post" action={`${props.base}/close`} class="inquiry-action">
      <h3 safe>{t('inquiries.case.close.heading')}</h3>
      <CsrfField token={ctx.csrfToken} />
      <div class={error ? 'form-group form-error' : 'form-group'}>
        <fieldset {...describedBy('resolution', form.errors)}>
          <legend class="form-label" safe>
            {t('inquiries.case.close.resolution')}
          </legend>
          {error ? (
            <span class="form-error-message" id={`${fieldId('resolution')}-error`} safe>
              {t(error.key, error.vars)}
            </span>
          ) : (
            ''
          )}
          <ul class="nobullet-list">
            {INQUIRY_RESOLUTIONS.map((resolution, i) => {
              const id = i === 0 ? fieldId('resolution') : `${fieldId('resolution')}-${resolution}`
              return (
                <li>
                  <input
                    type="radio"
                    class="form-radio"
                    id={id}
                    name="resolution"
                    value={resolution}
                    checked={chosen === resolution}
                  />
                  <label class="form-label" for={id} safe>
                    {t(`inquiries.case.resolution.${resolution}`)}
                  </label>
                </li>
              )
            })}
          </ul>
        </fieldset>
      </div>
      <TextArea
        t={t}
        name="close_reason"
        label={t('inquiries.case.close.reason')}
        hint={t('inquiries.case.close.reason_hint')}
        value={form.values.close_reason ?? ''}
        errors={form.errors}
        rows={3}
      />
      <button type="submit" class="button button-secondary" safe>
        {t('inquiries.case.close.submit')}
      </button>
    </form>
  )
}
