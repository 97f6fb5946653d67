/** `/:m/staff/settings/email`: the inbound address, the topic of e-mail inquiries, IMAP polling, and recent inbound mail. */
import type { InboundMailRow, InquiryTopicRow } from '../../../db/schema.ts'
import { formatTime } from '../../../identity/views/parts.tsx'
import {
  CsrfField,
  DataTable,
  ErrorSummary,
  fieldId,
  SelectField,
  SuccessNotice,
  TextInput,
} from '../../../web/components.tsx'
import type { ViewContext } from '../../../web/context.ts'
import type { FieldErrors } from '../../../web/errors.ts'
import { Layout } from '../../../web/layout.tsx'
import { topicName } from '../../service.ts'
import { CLASS_KEYS, OUTCOME_KEYS } from '../messages.ts'

export interface SettingsValues {
  inboundAddress: string
  topic: string
  imapEnabled: boolean
  imapHost: string
  imapPort: string
  imapSecure: boolean
  imapUser: string
  imapMailbox: string
  imapPollMinutes: string
}

export interface EmailSettingsPageProps {
  ctx: ViewContext
  values: SettingsValues
  defaultAddress: string
  passwordStored: boolean
  topics: InquiryTopicRow[]
  inbound: InboundMailRow[]
  saved?: boolean
  errors?: FieldErrors | undefined
}

function Checkbox({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  return (
    <div class="form-group-checkbox">
      <input id={fieldId(name)} type="checkbox" class="form-checkbox" name={name} value="on" checked={checked} />
      <label class="form-label" for={fieldId(name)} safe>
        {label}
      </label>
    </div>
  )
}

const outcomeLabel = (ctx: ViewContext, outcome: string): string =>
  outcome in OUTCOME_KEYS ? ctx.t(OUTCOME_KEYS[outcome as keyof typeof OUTCOME_KEYS]) : ''

function InboundTable({ ctx, inbound }: { ctx: ViewContext; inbound: InboundMailRow[] }) {
  const { t } = ctx
  if (inbound.length === 0) return <p safe>{t('inquiries.email.inbound.none')}</p>
  return (
    <DataTable
      caption={t('inquiries.email.inbound.title')}
      headers={[
        t('inquiries.email.inbound.received'),
        t('inquiries.email.inbound.from'),
        t('inquiries.email.inbound.subject'),
        t('inquiries.email.inbound.kind'),
        t('inquiries.email.inbound.outcome'),
      ]}
    >
      {inbound.map((mail) => (
        <tr>
          <td safe>{formatTime(ctx, mail.received_at)}</td>
          <td safe>{mail.from_address ?? ''}</td>
          <td safe>{mail.subject}</td>
          <td safe>
            {mail.parse_error
              ? t('inquiries.email.inbound.unreadable', { error: mail.parse_error })
              : mail.class && mail.class in CLASS_KEYS
                ? t(CLASS_KEYS[mail.class as keyof typeof CLASS_KEYS])
                : ''}
          </td>
          <td safe>{outcomeLabel(ctx, mail.outcome)}</td>
        </tr>
      ))}
    </DataTable>
  )
}

export function EmailSettingsPage(props: EmailSettingsPageProps) {
  const { ctx, values, errors } = props
  const { t } = ctx
  const action = `/${ctx.municipality?.slug ?? ''}/staff/settings/email`
  return (
    <Layout ctx={ctx} title={t('inquiries.email.settings.title')}>
      <h1 safe>{t('inquiries.email.settings.title')}</h1>
      <ErrorSummary t={t} errors={errors} />
      {props.saved ? <SuccessNotice text={t('inquiries.email.settings.saved')} /> : ''}
      <p safe>{t('inquiries.email.settings.lead')}</p>
      <form method="post" action={action} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextInput
          t={t}
          name="inboundAddress"
          type="email"
          label={t('inquiries.email.settings.address')}
          hint={t('inquiries.email.settings.address_hint', { address: props.defaultAddress })}
          value={values.inboundAddress}
          errors={errors}
        />
        <SelectField
          t={t}
          name="topic"
          label={t('inquiries.email.settings.topic')}
          blank={t('inquiries.email.settings.topic_first')}
          options={props.topics.map((topic) => ({ value: topic.id, label: topicName(topic, ctx.lang) }))}
          value={values.topic}
          errors={errors}
        />
        <fieldset>
          <legend class="h2" safe>
            {t('inquiries.email.settings.imap')}
          </legend>
          <Checkbox
            name="imapEnabled"
            label={t('inquiries.email.settings.imap_enabled')}
            checked={values.imapEnabled}
          />
          <TextInput
            t={t}
            name="imapHost"
            label={t('inquiries.email.settings.imap_host')}
            value={values.imapHost}
            errors={errors}
          />
          <TextInput
            t={t}
            name="imapPort"
            label={t('inquiries.email.settings.imap_port')}
            value={values.imapPort}
            errors={errors}
          />
          <Checkbox name="imapSecure" label={t('inquiries.email.settings.imap_secure')} checked={values.imapSecure} />
          <TextInput
            t={t}
            name="imapUser"
            label={t('inquiries.email.settings.imap_user')}
            value={values.imapUser}
            errors={errors}
            autocomplete="off"
          />
          <TextInput
            t={t}
            name="imapPassword"
            type="password"
            label={t('inquiries.email.settings.imap_password')}
            {...(props.passwordStored ? { hint: t('inquiries.email.settings.password_kept') } : {})}
            errors={errors}
            autocomplete="new-password"
          />
          <TextInput
            t={t}
            name="imapMailbox"
            label={t('inquiries.email.settings.imap_mailbox')}
            value={values.imapMailbox}
            errors={errors}
          />
          <TextInput
            t={t}
            name="imapPollMinutes"
            label={t('inquiries.email.settings.imap_minutes')}
            value={values.imapPollMinutes}
            errors={errors}
          />
        </fieldset>
        <button type="submit" class="button button-primary" safe>
          {t('inquiries.email.settings.save')}
        </button>
      </form>
      <h2 safe>{t('inquiries.email.inbound.title')}</h2>
      <InboundTable ctx={ctx} inbound={props.inbound} />
    </Layout>
  )
}
