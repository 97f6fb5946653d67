/** Staff pages of live chats: the list with each chat's consoles and exports, and the schedule form. */
import type { ChatSessionRow } from '../../db/tables/chats.ts'
import { LANGUAGE_NAMES, LANGUAGES } from '../../i18n/index.ts'
import type { StaffMember } from '../../identity/service.ts'
import {
  CsrfField,
  describedBy,
  ErrorSummary,
  fieldId,
  SelectField,
  SuccessNotice,
  TextArea,
  TextInput,
} from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'
import { phaseOf } from '../time.ts'
import { PhaseTag, publicPath, staffPath, TimeRange } from './parts.tsx'

export interface StaffChatItem {
  chat: ChatSessionRow
  moderating: boolean
  onPanel: boolean
}

export function StaffChatsPage(props: {
  ctx: ViewContext
  items: StaffChatItem[]
  canSchedule: boolean
  canExport: boolean
  scheduled?: boolean
  now: Date
}): JSX.Element {
  const { ctx, items, now } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  return (
    <Layout ctx={ctx} title={t('chats.staff.title')}>
      <h1 safe>{t('chats.staff.title')}</h1>
      {props.scheduled ? <SuccessNotice text={t('chats.schedule.done')} /> : ''}
      <p class="font-lead" safe>
        {t('chats.staff.lead')}
      </p>
      {props.canSchedule ? (
        <p>
          <a class="button button-primary" href={`${staffPath(slug)}/new`} safe>
            {t('chats.schedule.title')}
          </a>
        </p>
      ) : (
        ''
      )}
      {items.length === 0 ? (
        <p safe>{t('chats.staff.none')}</p>
      ) : (
        <ul class="nobullet-list">
          {items.map(({ chat, moderating, onPanel }) => (
            <li class="chat-staff-item">
              <h2 class="h4">
                <a href={publicPath(slug, chat.id)} safe>
                  {chat.title}
                </a>
              </h2>
              <p>
                <PhaseTag ctx={ctx} phase={phaseOf(chat, now)} /> ·{' '}
                <TimeRange ctx={ctx} startsAt={chat.starts_at} endsAt={chat.ends_at} />
              </p>
              <ul class="nobullet-list inline-list">
                {moderating ? (
                  <li>
                    <a href={`${staffPath(slug, chat.id)}/moderate`} safe>
                      {t('chats.moderate.title')}
                    </a>
                  </li>
                ) : (
                  ''
                )}
                {onPanel ? (
                  <li>
                    <a href={`${staffPath(slug, chat.id)}/answer`} safe>
                      {t('chats.answer.title')}
                    </a>
                  </li>
                ) : (
                  ''
                )}
                {props.canExport ? (
                  <>
                    <li>
                      <a href={`${staffPath(slug, chat.id)}/record.csv`} safe>
                        {t('chats.export.csv', { title: chat.title })}
                      </a>
                    </li>
                    <li>
                      <a href={`${staffPath(slug, chat.id)}/record.pdf`} safe>
                        {t('chats.export.pdf', { title: chat.title })}
                      </a>
                    </li>
                  </>
                ) : (
                  ''
                )}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}

export interface ScheduleValues {
  title: string
  topic: string
  language: string
  startsAt: string
  endsAt: string
  questionMaxLength: string
  answerMaxLength: string
  moderators: string[]
  panel: { userId: string; party: string; committee: string; checked: boolean }[]
}

export function SchedulePage(props: {
  ctx: ViewContext
  values: ScheduleValues
  politicians: StaffMember[]
  moderators: StaffMember[]
  errors?: FieldErrors | undefined
}): JSX.Element {
  const { ctx, values, errors } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const panelOf = (id: string) => values.panel.find((p) => p.userId === id)
  return (
    <Layout ctx={ctx} title={t('chats.schedule.title')}>
      <p>
        <a href={staffPath(slug)} safe>
          {t('chats.staff.title')}
        </a>
      </p>
      <h1 safe>{t('chats.schedule.title')}</h1>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={`${staffPath(slug)}/new`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextInput t={t} name="title" label={t('chats.schedule.field_title')} value={values.title} errors={errors} />
        <TextArea
          t={t}
          name="topic"
          label={t('chats.schedule.field_topic')}
          value={values.topic}
          errors={errors}
          rows={3}
        />
        <SelectField
          t={t}
          name="language"
          label={t('chats.schedule.field_language')}
          options={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
          value={values.language}
          errors={errors}
        />
        <LocalTime
          ctx={ctx}
          name="startsAt"
          label={t('chats.schedule.field_starts')}
          value={values.startsAt}
          errors={errors}
        />
        <LocalTime
          ctx={ctx}
          name="endsAt"
          label={t('chats.schedule.field_ends')}
          value={values.endsAt}
          errors={errors}
        />
        <TextInput
          t={t}
          name="questionMaxLength"
          label={t('chats.schedule.field_question_max')}
          value={values.questionMaxLength}
          errors={errors}
        />
        <TextInput
          t={t}
          name="answerMaxLength"
          label={t('chats.schedule.field_answer_max')}
          value={values.answerMaxLength}
          errors={errors}
        />
        <div class={errors?.panel ? 'form-group form-error' : 'form-group'}>
          <fieldset {...describedBy('panel', errors, true)}>
            <legend class="form-label" safe>
              {t('chats.schedule.field_panel')}
            </legend>
            <span class="form-hint" id={`${fieldId('panel')}-hint`} safe>
              {t('chats.schedule.panel_hint')}
            </span>
            {errors?.panel ? (
              <span class="form-error-message" id={`${fieldId('panel')}-error`} safe>
                {t(errors.panel.key, errors.panel.vars)}
              </span>
            ) : (
              ''
            )}
            {props.politicians.length === 0 ? <p safe>{t('chats.schedule.no_politicians')}</p> : ''}
            {props.politicians.map((p, index) => {
              const box = index === 0 ? fieldId('panel') : `${fieldId('panel')}-${p.id}`
              const chosen = panelOf(p.id)
              return (
                <div class="chat-panel-member">
                  <div class="form-group-checkbox">
                    <input
                      id={box}
                      type="checkbox"
                      class="form-checkbox"
                      name="panel"
                      value={p.id}
                      checked={chosen?.checked ?? false}
                    />
                    <label class="form-label" for={box} safe>
                      {p.name}
                    </label>
                  </div>
                  <div class="form-group">
                    <label class="form-label" for={`field-party-${p.id}`} safe>
                      {t('chats.schedule.field_party', { name: p.name })}
                    </label>
                    <input
                      class="form-input input-width-m"
                      id={`field-party-${p.id}`}
                      name={`party-${p.id}`}
                      value={chosen?.party ?? ''}
                    />
                  </div>
                  <div class="form-group">
                    <label class="form-label" for={`field-committee-${p.id}`} safe>
                      {t('chats.schedule.field_committee', { name: p.name })}
                    </label>
                    <input
                      class="form-input input-width-m"
                      id={`field-committee-${p.id}`}
                      name={`committee-${p.id}`}
                      value={chosen?.committee ?? ''}
                    />
                  </div>
                </div>
              )
            })}
          </fieldset>
        </div>
        <div class={errors?.moderators ? 'form-group form-error' : 'form-group'}>
          <fieldset {...describedBy('moderators', errors)}>
            <legend class="form-label" safe>
              {t('chats.schedule.field_moderators')}
            </legend>
            {errors?.moderators ? (
              <span class="form-error-message" id={`${fieldId('moderators')}-error`} safe>
                {t(errors.moderators.key, errors.moderators.vars)}
              </span>
            ) : (
              ''
            )}
            <ul class="nobullet-list">
              {props.moderators.map((m, index) => {
                const box = index === 0 ? fieldId('moderators') : `${fieldId('moderators')}-${m.id}`
                return (
                  <li class="form-group-checkbox">
                    <input
                      id={box}
                      type="checkbox"
                      class="form-checkbox"
                      name="moderators"
                      value={m.id}
                      checked={values.moderators.includes(m.id)}
                    />
                    <label class="form-label" for={box} safe>
                      {m.name}
                    </label>
                  </li>
                )
              })}
            </ul>
          </fieldset>
        </div>
        <button type="submit" class="button button-primary" safe>
          {t('chats.schedule.submit')}
        </button>
      </form>
    </Layout>
  )
}

function LocalTime(props: {
  ctx: ViewContext
  name: string
  label: string
  value: string
  errors?: FieldErrors | undefined
}) {
  const { ctx, name, errors } = props
  const hint = ctx.t('chats.schedule.time_hint', { zone: ctx.municipality?.time_zone ?? 'UTC' })
  return (
    <div class={errors?.[name] ? 'form-group form-error' : 'form-group'}>
      <label class="form-label" for={fieldId(name)} safe>
        {props.label}
      </label>
      <span class="form-hint" id={`${fieldId(name)}-hint`} safe>
        {hint}
      </span>
      {errors?.[name] ? (
        <span class="form-error-message" id={`${fieldId(name)}-error`} safe>
          {ctx.t(errors[name].key, errors[name].vars)}
        </span>
      ) : (
        ''
      )}
      <input
        class="form-input input-width-m"
        type="datetime-local"
        id={fieldId(name)}
        name={name}
        value={props.value}
        {...describedBy(name, errors, true)}
      />
    </div>
  )
}
