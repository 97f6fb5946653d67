/**
 * Staff pages of dialogs: the overview (phase and feedback status, overdue first in sight), the mandate
 * editor in three languages with documents, preview and publish, and the input page where editors give
 * statuses and responses, add budget projects and publish the feedback that concludes the dialog.
 */
import type { DepartmentRow, Language } from '../../db/schema.ts'
import {
  BALLOT_METHODS,
  CONSULTATION_TYPES,
  DIALOG_KINDS,
  type DialogContributionRow,
  type DialogRow,
  IDEA_STATUSES,
} from '../../db/tables/dialogs.ts'
import { LANGUAGE_NAMES, LANGUAGES } from '../../i18n/index.ts'
import { MODERATION_MODES } from '../../moderation/service.ts'
import { departmentName } from '../../municipalities/service.ts'
import {
  CsrfField,
  DataTable,
  ErrorSummary,
  FormGroup,
  fieldId,
  SelectField,
  SuccessNotice,
  TextArea,
  TextInput,
} from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'
import { LEGAL_MINIMUM_WEEKS, MANDATE_TEXT_FIELDS, type MandateTextField, type Phase } from '../mandate.ts'
import { authorLine, FeedbackStatus, type ListedDialog } from './PublicPages.tsx'
import { formatDay, Paragraphs, PhaseBadge } from './parts.tsx'

export function OverviewPage({ ctx, items, canEdit }: { ctx: ViewContext; items: ListedDialog[]; canEdit: boolean }) {
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const overdue = items.filter((i) => i.overdue).length
  return (
    <Layout ctx={ctx} title={t('dialogs.staff.title')}>
      <h1 safe>{t('dialogs.staff.title')}</h1>
      {overdue ? (
        <div class="alert alert-warning" role="status">
          <div class="alert-body">
            <p class="alert-text" safe>
              {t('dialogs.staff.overdue_count', { count: overdue })}
            </p>
          </div>
        </div>
      ) : (
        ''
      )}
      {canEdit ? (
        <p>
          <a class="button button-primary" href={`/${slug}/staff/dialogs/new`} safe>
            {t('dialogs.staff.new')}
          </a>
        </p>
      ) : (
        ''
      )}
      <DataTable
        caption={t('dialogs.staff.title')}
        headers={[
          t('dialogs.staff.col_title'),
          t('dialogs.staff.col_kind'),
          t('dialogs.staff.col_phase'),
          t('dialogs.staff.col_feedback'),
        ]}
      >
        {items.map((item) => (
          <tr>
            <td>
              {canEdit || item.dialog.state !== 'draft' ? (
                <a
                  href={canEdit ? `/${slug}/staff/dialogs/${item.dialog.id}` : `/${slug}/dialogs/${item.dialog.id}`}
                  safe
                >
                  {item.texts.title}
                </a>
              ) : (
                <span safe>{item.texts.title}</span>
              )}
            </td>
            <td safe>{t(`dialogs.kind.${item.dialog.kind}`)}</td>
            <td>
              <PhaseBadge ctx={ctx} phase={item.phase} />
            </td>
            <td>
              <FeedbackStatus ctx={ctx} item={item} />
            </td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  )
}

export type TextValues = Record<Language, Record<MandateTextField, string>>

export interface EditValues {
  kind: string
  moderation_mode: string
  department_id: string
  contact_name: string
  contact_email: string
  starts_on: string
  ends_on: string
  feedback_due_on: string
  consultation_type: string
  location: string
  support_threshold: string
  budget_total: string
  ballot_method: string
  max_choices: string
  pledges_enabled: boolean
  texts: TextValues
}

export function EditPage({
  ctx,
  dialog,
  values,
  errors,
  departments,
  documents,
  warning,
  notice,
  phase,
}: {
  ctx: ViewContext
  phase: Phase
  dialog: DialogRow | undefined
  values: EditValues
  errors?: FieldErrors | undefined
  departments: DepartmentRow[]
  documents: { id: string; file_name: string; size: number }[]
  warning?: { minimum: number; actualDays: number } | undefined
  notice?: string | undefined
}): JSX.Element {
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const title = dialog ? t('dialogs.edit.title') : t('dialogs.staff.new')
  const action = dialog ? `/${slug}/staff/dialogs/${dialog.id}` : `/${slug}/staff/dialogs/new`
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      {notice ? <SuccessNotice text={notice} /> : ''}
      {warning ? (
        <div class="alert alert-warning" role="alert">
          <div class="alert-body">
            <p class="alert-heading" safe>
              {t('dialogs.legal.warning_heading')}
            </p>
            <p class="alert-text" safe>
              {t('dialogs.legal.warning', { minimum: warning.minimum, days: warning.actualDays })}
            </p>
          </div>
        </div>
      ) : (
        ''
      )}
      <ErrorSummary t={t} errors={errors} />
      {dialog ? (
        <p>
          <PhaseBadge ctx={ctx} phase={phase} />{' '}
          <a href={`/${slug}/staff/dialogs/${dialog.id}/preview`} safe>
            {t('dialogs.edit.preview')}
          </a>
          {' · '}
          <a href={`/${slug}/staff/dialogs/${dialog.id}/input`} safe>
            {t('dialogs.input.title')}
          </a>
          {dialog.state !== 'draft' ? (
            <>
              {' · '}
              <a href={`/${slug}/dialogs/${dialog.id}`} safe>
                {t('dialogs.edit.public_page')}
              </a>
            </>
          ) : (
            ''
          )}
        </p>
      ) : (
        ''
      )}
      <form method="post" action={action} novalidate>
        <CsrfField token={ctx.csrfToken} />
        {dialog ? (
          <p safe>{t('dialogs.edit.kind_fixed', { kind: t(`dialogs.kind.${dialog.kind}`) })}</p>
        ) : (
          <SelectField
            t={t}
            name="kind"
            label={t('dialogs.edit.kind')}
            options={DIALOG_KINDS.map((k) => ({ value: k, label: t(`dialogs.kind.${k}`) }))}
            value={values.kind}
            errors={errors}
          />
        )}
        <p class="form-hint" safe>
          {t('dialogs.edit.languages_hint', { language: LANGUAGE_NAMES[ctx.municipality?.default_language ?? 'da'] })}
        </p>
        {LANGUAGES.map((language) => (
          <fieldset class="dialog-language" lang={language}>
            <legend class="h3" safe>
              {LANGUAGE_NAMES[language]}
            </legend>
            {MANDATE_TEXT_FIELDS.map((field) =>
              field === 'title' ? (
                <TextInput
                  t={t}
                  name={`${field}_${language}`}
                  label={t(`dialogs.field.${field}`)}
                  value={values.texts[language][field]}
                  errors={errors}
                />
              ) : (
                <TextArea
                  t={t}
                  name={`${field}_${language}`}
                  label={t(`dialogs.field.${field}`)}
                  value={values.texts[language][field]}
                  errors={errors}
                  rows={3}
                />
              ),
            )}
          </fieldset>
        ))}
        <h2 safe>{t('dialogs.edit.facts')}</h2>
        <TextInput
          t={t}
          name="starts_on"
          label={t('dialogs.field.starts_on')}
          hint={t('dialogs.field.date_hint')}
          value={values.starts_on}
          errors={errors}
        />
        <TextInput
          t={t}
          name="ends_on"
          label={t('dialogs.field.ends_on')}
          hint={t('dialogs.field.date_hint')}
          value={values.ends_on}
          errors={errors}
        />
        <TextInput
          t={t}
          name="feedback_due_on"
          label={t('dialogs.field.feedback_due_on')}
          hint={t('dialogs.field.date_hint')}
          value={values.feedback_due_on}
          errors={errors}
        />
        <SelectField
          t={t}
          name="department_id"
          label={t('dialogs.field.department')}
          blank={t('dialogs.field.choose')}
          options={departments.map((d) => ({ value: d.id, label: departmentName(d, ctx.lang) }))}
          value={values.department_id}
          errors={errors}
        />
        <TextInput
          t={t}
          name="contact_name"
          label={t('dialogs.field.contact_name')}
          value={values.contact_name}
          errors={errors}
        />
        <TextInput
          t={t}
          name="contact_email"
          type="email"
          label={t('dialogs.field.contact_email')}
          value={values.contact_email}
          errors={errors}
        />
        <SelectField
          t={t}
          name="moderation_mode"
          label={t('dialogs.field.moderation_mode')}
          options={MODERATION_MODES.map((m) => ({ value: m, label: t(`dialogs.moderation.${m}`) }))}
          value={values.moderation_mode}
          errors={errors}
        />
        {!dialog || dialog.kind === 'consultation' ? (
          <>
            <SelectField
              t={t}
              name="consultation_type"
              label={t('dialogs.field.consultation_type')}
              blank={t('dialogs.field.choose')}
              options={CONSULTATION_TYPES.map((c) => ({
                value: c,
                label: t(`dialogs.consultation_type.${c}`, { weeks: LEGAL_MINIMUM_WEEKS[c] }),
              }))}
              value={values.consultation_type}
              errors={errors}
            />
            <TextInput
              t={t}
              name="location"
              label={t('dialogs.field.location')}
              hint={t('dialogs.field.location_hint')}
              value={values.location}
              errors={errors}
            />
          </>
        ) : (
          ''
        )}
        {!dialog || dialog.kind === 'idea_storm' ? (
          <TextInput
            t={t}
            name="support_threshold"
            label={t('dialogs.field.support_threshold')}
            hint={t('dialogs.field.support_threshold_hint')}
            value={values.support_threshold}
            errors={errors}
          />
        ) : (
          ''
        )}
        {!dialog || dialog.kind === 'budget' ? (
          <>
            <TextInput
              t={t}
              name="budget_total"
              label={t('dialogs.field.budget_total')}
              value={values.budget_total}
              errors={errors}
            />
            <SelectField
              t={t}
              name="ballot_method"
              label={t('dialogs.field.ballot_method')}
              options={BALLOT_METHODS.map((m) => ({ value: m, label: t(`dialogs.ballot_method.${m}`) }))}
              value={values.ballot_method}
              errors={errors}
            />
            <TextInput
              t={t}
              name="max_choices"
              label={t('dialogs.field.max_choices')}
              value={values.max_choices}
              errors={errors}
            />
            <div class="form-group">
              <ul class="nobullet-list">
                <li>
                  <input
                    class="form-checkbox"
                    type="checkbox"
                    id="field-pledges_enabled"
                    name="pledges_enabled"
                    value="1"
                    checked={values.pledges_enabled}
                  />
                  <label for="field-pledges_enabled" safe>
                    {t('dialogs.field.pledges_enabled')}
                  </label>
                </li>
              </ul>
            </div>
          </>
        ) : (
          ''
        )}
        <button type="submit" class="button button-primary" safe>
          {t('dialogs.edit.save')}
        </button>
      </form>
      {dialog ? (
        <>
          <h2 safe>{t('dialogs.documents.heading')}</h2>
          <ul>
            {documents.map((d) => (
              <li>
                <a href={`/${slug}/dialogs/${dialog.id}/documents/${d.id}`} safe>
                  {d.file_name}
                </a>
              </li>
            ))}
          </ul>
          <form
            method="post"
            action={`/${slug}/staff/dialogs/${dialog.id}/documents`}
            enctype="multipart/form-data"
            novalidate
          >
            <CsrfField token={ctx.csrfToken} />
            <FormGroup
              t={t}
              name="document"
              label={t('dialogs.documents.add')}
              hint={t('dialogs.documents.hint')}
              errors={errors}
            >
              <input
                class="form-input"
                type="file"
                id={fieldId('document')}
                name="document"
                accept=".pdf,application/pdf"
              />
            </FormGroup>
            <button type="submit" class="button button-secondary" safe>
              {t('dialogs.documents.upload')}
            </button>
          </form>
          {dialog.state === 'draft' ? (
            <form method="post" action={`/${slug}/staff/dialogs/${dialog.id}/publish`}>
              <CsrfField token={ctx.csrfToken} />
              <h2 safe>{t('dialogs.edit.publish_heading')}</h2>
              <p safe>{t('dialogs.edit.publish_lead')}</p>
              <button type="submit" class="button button-primary" safe>
                {t('dialogs.edit.publish')}
              </button>
            </form>
          ) : (
            ''
          )}
        </>
      ) : (
        ''
      )}
    </Layout>
  )
}

export function InputPage({
  ctx,
  dialog,
  title,
  contributions,
  feedbackTexts,
  errors,
  notice,
  canConclude,
  pending,
}: {
  ctx: ViewContext
  dialog: DialogRow
  title: string
  contributions: DialogContributionRow[]
  /** Contributions still waiting for a moderator (not listed: they are not public yet). */
  pending: number
  feedbackTexts: Record<Language, string>
  errors?: FieldErrors | undefined
  notice?: string | undefined
  canConclude: boolean
}): JSX.Element {
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const base = `/${slug}/staff/dialogs/${dialog.id}`
  const answerable = contributions.filter((c) => c.kind !== 'comment')
  const concluded = dialog.state === 'concluded'
  return (
    <Layout ctx={ctx} title={t('dialogs.input.title')}>
      <p>
        <a href={base} safe>
          {t('dialogs.contribution.back', { title })}
        </a>
      </p>
      <h1 safe>{t('dialogs.input.title')}</h1>
      <p class="font-lead" safe>
        {title}
      </p>
      {notice ? <SuccessNotice text={notice} /> : ''}
      <ErrorSummary t={t} errors={errors} />
      {dialog.kind === 'budget' && !concluded ? <ProjectForm ctx={ctx} base={base} errors={errors} /> : ''}
      <h2 safe>{t('dialogs.input.contributions', { count: answerable.length })}</h2>
      {pending ? <p safe>{t('dialogs.input.pending', { count: pending })}</p> : ''}
      {answerable.length === 0 ? <p safe>{t('dialogs.input.none')}</p> : ''}
      <ol class="nobullet-list">
        {answerable.map((c) => (
          <li class="dialog-contribution">
            <h3 class="h5" safe>
              {`${c.title ? `${c.title} · ` : ''}${authorLine(ctx, c)} · ${t(`dialogs.state.${c.state}`)}`}
            </h3>
            <Paragraphs text={c.public_body} />
            {concluded ? (
              <Paragraphs text={c.response} />
            ) : (
              <form method="post" action={`${base}/contributions/${c.id}`} novalidate>
                <CsrfField token={ctx.csrfToken} />
                {c.kind === 'idea' ? (
                  <>
                    <FormGroup t={t} name={`status-${c.id}`} label={t('dialogs.status.label')}>
                      <select class="form-select" id={fieldId(`status-${c.id}`)} name="status">
                        {IDEA_STATUSES.map((s) => (
                          <option value={s} selected={s === c.status} safe>
                            {t(`dialogs.status.${s}`)}
                          </option>
                        ))}
                      </select>
                    </FormGroup>
                    <TextArea
                      t={t}
                      name={`status_note-${c.id}`}
                      label={t('dialogs.status.explanation')}
                      value={c.status_note}
                      rows={3}
                    />
                  </>
                ) : (
                  ''
                )}
                <TextArea
                  t={t}
                  name={`response-${c.id}`}
                  label={t('dialogs.input.response')}
                  value={c.response}
                  rows={4}
                />
                <button type="submit" class="button button-secondary" safe>
                  {t('dialogs.input.save_response')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ol>
      {concluded ? (
        ''
      ) : (
        <form method="post" action={`${base}/feedback`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <h2 id={fieldId('responses')} safe>
            {t('dialogs.feedback.publish_heading')}
          </h2>
          <p safe>{canConclude ? t('dialogs.feedback.publish_lead') : t('dialogs.feedback.too_early')}</p>
          {LANGUAGES.map((language) => (
            <TextArea
              t={t}
              name={`feedback_${language}`}
              label={t('dialogs.feedback.text', { language: LANGUAGE_NAMES[language] })}
              value={feedbackTexts[language]}
              errors={errors}
              rows={6}
            />
          ))}
          <button type="submit" class="button button-primary" safe>
            {t('dialogs.feedback.publish')}
          </button>
        </form>
      )}
      <p>
        <a href={`/${slug}/staff/dialogs`} safe>
          {t('dialogs.staff.title')}
        </a>
        {' · '}
        <span safe>{t('dialogs.list.feedback_due', { date: formatDay(dialog.feedback_due_on, ctx) })}</span>
      </p>
    </Layout>
  )
}

function ProjectForm({ ctx, base, errors }: { ctx: ViewContext; base: string; errors?: FieldErrors | undefined }) {
  const { t } = ctx
  return (
    <form method="post" action={`${base}/projects`} novalidate>
      <CsrfField token={ctx.csrfToken} />
      <h2 safe>{t('dialogs.project.add_heading')}</h2>
      <TextInput t={t} name="title" label={t('dialogs.project.title')} errors={errors} />
      <TextArea t={t} name="body" label={t('dialogs.project.body')} errors={errors} rows={3} />
      <TextInput t={t} name="cost" label={t('dialogs.project.cost')} errors={errors} />
      <TextInput t={t} name="pledge_goal" label={t('dialogs.project.pledge_goal')} errors={errors} />
      <button type="submit" class="button button-secondary" safe>
        {t('dialogs.project.add')}
      </button>
    </form>
  )
}
