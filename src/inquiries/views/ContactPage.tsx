/**
 * The contact form, for citizens (`/:m/contact`) and for staff taking an inquiry by phone or at the desk
 * (`/:m/staff/inquiries/new`, with the channel). Works without JavaScript; a re-rendered form keeps
 * everything typed and lists the files already accepted as kept.
 */
import type { InquiryTopicRow, Language } from '../../db/schema.ts'
import { LANGUAGE_NAMES, LANGUAGES } from '../../i18n/index.ts'
import { CsrfField, ErrorSummary, FormGroup, fieldId, SelectField, TextArea, TextInput } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'
import { ACCEPT_ATTRIBUTE, type KeptFile, MAX_FILES } from '../attachments.ts'
import { formatSize } from '../format.ts'
import { topicName } from '../service.ts'

export interface ContactValues {
  topic: string
  message: string
  name: string
  email: string
  phone: string
  language: Language
  channel: '' | 'phone' | 'desk'
}

export interface ContactPageProps {
  ctx: ViewContext
  mode: 'citizen' | 'staff'
  action: string
  topics: InquiryTopicRow[]
  values: ContactValues
  kept: KeptFile[]
  errors?: FieldErrors | undefined
}

export function ContactPage(props: ContactPageProps): JSX.Element {
  const { ctx, values, errors } = props
  const { t } = ctx
  const title = props.mode === 'staff' ? t('inquiries.register.title') : t('inquiries.contact.title')
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p class="font-lead" safe>
        {props.mode === 'staff' ? t('inquiries.register.lead') : t('inquiries.contact.lead')}
      </p>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={props.action} enctype="multipart/form-data" novalidate>
        <CsrfField token={ctx.csrfToken} />
        {props.mode === 'staff' ? <ChannelField ctx={ctx} value={values.channel} errors={errors} /> : ''}
        <SelectField
          t={t}
          name="topic"
          label={t('inquiries.form.topic')}
          blank={t('inquiries.form.topic_choose')}
          options={props.topics.map((topic) => ({ value: topic.id, label: topicName(topic, ctx.lang) }))}
          value={values.topic}
          errors={errors}
        />
        <TextArea
          t={t}
          name="message"
          label={t('inquiries.form.message')}
          hint={t('inquiries.form.message_hint')}
          value={values.message}
          errors={errors}
          rows={10}
        />
        <TextInput
          t={t}
          name="name"
          label={t('inquiries.form.name')}
          value={values.name}
          errors={errors}
          autocomplete="name"
        />
        <TextInput
          t={t}
          name="email"
          type="email"
          label={t('inquiries.form.email')}
          hint={t('inquiries.form.contact_hint')}
          value={values.email}
          errors={errors}
          autocomplete="email"
        />
        <TextInput
          t={t}
          name="phone"
          label={t('inquiries.form.phone')}
          value={values.phone}
          errors={errors}
          autocomplete="tel"
        />
        <FormGroup t={t} name="language" label={t('inquiries.form.language')} errors={errors}>
          <select class="form-select" id={fieldId('language')} name="language">
            {LANGUAGES.map((l) => (
              <option value={l} lang={l} selected={l === values.language} safe>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </FormGroup>
        <AttachmentsField ctx={ctx} kept={props.kept} errors={errors} />
        <button type="submit" class="button button-primary" safe>
          {props.mode === 'staff' ? t('inquiries.register.submit') : t('inquiries.contact.submit')}
        </button>
      </form>
    </Layout>
  )
}

function ChannelField({ ctx, value, errors }: { ctx: ViewContext; value: string; errors?: FieldErrors | undefined }) {
  const { t } = ctx
  const error = errors?.channel
  return (
    <fieldset class={error ? 'form-group form-error' : 'form-group'} id={fieldId('channel')}>
      <legend class="form-label" safe>
        {t('inquiries.register.channel')}
      </legend>
      {error ? (
        <span class="form-error-message" safe>
          {t(error.key, error.vars)}
        </span>
      ) : (
        ''
      )}
      <ul class="nobullet-list">
        {(['phone', 'desk'] as const).map((channel) => (
          <li>
            <input
              class="form-radio"
              type="radio"
              id={`channel-${channel}`}
              name="channel"
              value={channel}
              checked={value === channel}
            />
            <label for={`channel-${channel}`} safe>
              {t(`inquiries.channel.${channel}`)}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  )
}

/** The refusals are named one by one next to the input, with the same text as in the error summary. */
function AttachmentsField({
  ctx,
  kept,
  errors,
}: {
  ctx: ViewContext
  kept: KeptFile[]
  errors?: FieldErrors | undefined
}) {
  const { t } = ctx
  const refusals = Object.entries(errors ?? {}).filter(([field]) => field.startsWith('attachments'))
  return (
    <div class={refusals.length ? 'form-group form-error' : 'form-group'}>
      <label class="form-label" for={fieldId('attachments')} safe>
        {t('inquiries.form.attachments')}
      </label>
      <span class="form-hint" id={`${fieldId('attachments')}-hint`} safe>
        {t('inquiries.form.attachments_hint', { count: MAX_FILES })}
      </span>
      {refusals.map(([field, error]) => (
        <span class="form-error-message" id={fieldId(field)} safe>
          {t(error.key, error.vars)}
        </span>
      ))}
      {kept.length ? (
        <div class="kept-files">
          <p safe>{t('inquiries.form.kept_heading')}</p>
          <ul>
            {kept.map((file) => (
              <li>
                <input type="hidden" name="kept" value={file.id} />
                <span safe>{file.fileName}</span> (<span safe>{formatSize(file.size, ctx.lang)}</span>){' '}
                <strong class="kept-label" safe>
                  {t('inquiries.form.kept')}
                </strong>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
      <input
        class="form-file-input"
        type="file"
        id={fieldId('attachments')}
        name="attachments"
        multiple
        accept={ACCEPT_ATTRIBUTE}
        aria-describedby={[`${fieldId('attachments')}-hint`, ...refusals.map(([field]) => fieldId(field))].join(' ')}
      />
    </div>
  )
}
