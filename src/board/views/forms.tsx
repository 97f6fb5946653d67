/** Form pieces for posting: the author's name and address when not signed in, and the pre-check warnings. */
import type { Finding } from '../../moderation/checks.ts'
import { TextInput } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'

export interface AuthorValues {
  name: string
  email: string
}

/** Name and address for someone not signed in; a signed-in citizen sees who they post as. */
export function AuthorFields(props: {
  ctx: ViewContext
  signedInAs: string | undefined
  values: AuthorValues
  errors?: FieldErrors | undefined
}): JSX.Element {
  const { ctx, values, errors } = props
  const { t } = ctx
  if (props.signedInAs) return <p safe>{t('board.form.posting_as', { name: props.signedInAs })}</p>
  return (
    <>
      <TextInput
        t={t}
        name="name"
        label={t('citizens.form.name')}
        hint={t('citizens.form.name_hint')}
        value={values.name}
        errors={errors}
        autocomplete="nickname"
      />
      <TextInput
        t={t}
        name="email"
        type="email"
        label={t('citizens.form.email')}
        hint={t('citizens.form.email_hint')}
        value={values.email}
        errors={errors}
        autocomplete="email"
      />
    </>
  )
}

/** What the author is warned of before sending (the moderators would stop it or take it out). */
export const WARNED_CHECKS = ['identity_number', 'email', 'phone', 'capitals', 'link'] as const
type Warned = (typeof WARNED_CHECKS)[number]
const isWarned = (check: string): check is Warned => (WARNED_CHECKS as readonly string[]).includes(check)

/** Warn before sending what the moderators would stop: identity numbers, contact details, shouting, links. */
export function Warnings({ ctx, findings }: { ctx: ViewContext; findings: readonly Finding[] }): JSX.Element {
  const { t } = ctx
  const checks = [...new Set(findings.map((f) => f.check))].filter(isWarned)
  if (checks.length === 0) return ''
  return (
    <div class="alert alert-warning" role="status">
      <div class="alert-body">
        <p class="alert-heading" safe>
          {t('board.warning.heading')}
        </p>
        <ul class="alert-text">
          {checks.map((check) => (
            <li safe>{t(`board.warning.${check}`)}</li>
          ))}
        </ul>
        <p class="alert-text" safe>
          {t('board.warning.hint')}
        </p>
      </div>
    </div>
  )
}
