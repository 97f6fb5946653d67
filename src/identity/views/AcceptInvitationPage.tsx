import { CsrfField, ErrorSummary, TextInput } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'

/** The invitee chooses a password; the e-mail is repeated as a hidden username for password managers. */
export function AcceptInvitationPage({
  ctx,
  token,
  invitee,
  errors,
}: {
  ctx: ViewContext
  token: string
  invitee: { name: string; email: string }
  errors?: FieldErrors | undefined
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('identity.invitation.title')}>
      <h1 safe>{t('identity.invitation.title')}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p safe>{t('identity.invitation.lead', { name: invitee.name, email: invitee.email })}</p>
      <form method="post" action={`/invite/${encodeURIComponent(token)}`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="username" autocomplete="username" value={invitee.email} />
        <TextInput
          t={t}
          name="password"
          type="password"
          autocomplete="new-password"
          label={t('identity.invitation.password')}
          hint={t('identity.invitation.password_hint')}
          errors={errors}
          required
        />
        <TextInput
          t={t}
          name="confirm"
          type="password"
          autocomplete="new-password"
          label={t('identity.invitation.confirm')}
          errors={errors}
          required
        />
        <button type="submit" class="button button-primary" safe>
          {t('identity.invitation.submit')}
        </button>
      </form>
    </Layout>
  )
}
