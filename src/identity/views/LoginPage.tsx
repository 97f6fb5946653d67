import { CsrfField, ErrorSummary, TextInput } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'

export function LoginPage({
  ctx,
  values,
  errors,
}: {
  ctx: ViewContext
  values: { email?: string; next?: string }
  errors?: FieldErrors | undefined
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('identity.login.title')}>
      <h1 safe>{t('identity.login.title')}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p safe>{t('identity.login.lead')}</p>
      <form method="post" action="/login" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={values.next ?? '/staff'} />
        <TextInput
          t={t}
          name="email"
          type="email"
          autocomplete="username"
          label={t('identity.login.email')}
          value={values.email}
          errors={errors}
          required
        />
        <TextInput
          t={t}
          name="password"
          type="password"
          autocomplete="current-password"
          label={t('identity.login.password')}
          errors={errors}
          required
        />
        <button type="submit" class="button button-primary" safe>
          {t('identity.login.submit')}
        </button>
      </form>
    </Layout>
  )
}
