/** The citizen's pages: ask for a sign-in link, "check your e-mail", confirm a link, and their own page. */
import type { Children } from '@kitajs/html'
import type { MessageKey } from '../../i18n/index.ts'
import { CsrfField, ErrorSummary, TextInput } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'

export function SignInPage(props: {
  ctx: ViewContext
  values: { email: string; next: string }
  errors?: FieldErrors | undefined
}): JSX.Element {
  const { ctx, values, errors } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  return (
    <Layout ctx={ctx} title={t('citizens.sign_in.title')}>
      <h1 safe>{t('citizens.sign_in.title')}</h1>
      <p class="font-lead" safe>
        {t('citizens.sign_in.lead')}
      </p>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={`/${slug}/sign-in`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={values.next} />
        <TextInput
          t={t}
          name="email"
          type="email"
          label={t('citizens.form.email')}
          value={values.email}
          errors={errors}
          autocomplete="email"
        />
        <button type="submit" class="button button-primary" safe>
          {t('citizens.sign_in.submit')}
        </button>
      </form>
    </Layout>
  )
}

export function LinkSentPage({ ctx, minutes }: { ctx: ViewContext; minutes: number }): JSX.Element {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('citizens.sent.title')}>
      <div class="alert alert-success" role="status">
        <div class="alert-body">
          <h1 class="alert-heading h2" safe>
            {t('citizens.sent.title')}
          </h1>
          <p class="alert-text" safe>
            {t('citizens.sent.body', { minutes })}
          </p>
        </div>
      </div>
    </Layout>
  )
}

export function LinkPage({ ctx, action }: { ctx: ViewContext; action: string }): JSX.Element {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('citizens.link.title')}>
      <h1 safe>{t('citizens.link.title')}</h1>
      <p class="font-lead" safe>
        {t('citizens.link.lead')}
      </p>
      <form method="post" action={action}>
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="button button-primary" safe>
          {t('citizens.link.submit')}
        </button>
      </form>
    </Layout>
  )
}

export function MePage(props: { ctx: ViewContext; name: string; sections: Children }): JSX.Element {
  const { ctx } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  return (
    <Layout ctx={ctx} title={t('citizens.me.title')}>
      <h1 safe>{t('citizens.me.title')}</h1>
      <p class="font-lead" safe>
        {t('citizens.me.lead', { name: props.name })}
      </p>
      {props.sections}
      <form method="post" action={`/${slug}/sign-out`}>
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="button button-secondary" safe>
          {t('citizens.me.sign_out')}
        </button>
      </form>
    </Layout>
  )
}

/** A link that cannot be used (unknown, used, expired): why, and the way to a new one. */
export function LinkProblemPage({ ctx, message }: { ctx: ViewContext; message: MessageKey }): JSX.Element {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('citizens.link.title')}>
      <h1 safe>{t('citizens.link.title')}</h1>
      <div class="alert alert-warning" role="alert">
        <div class="alert-body">
          <p class="alert-text" safe>
            {t(message)}
          </p>
        </div>
      </div>
      <p>
        <a class="button button-primary" href={`/${ctx.municipality?.slug ?? ''}/sign-in`} safe>
          {t('citizens.link.new_link')}
        </a>
      </p>
    </Layout>
  )
}

/**
 * A link from a follower's e-mail: what it stops and a button (`ask`), the receipt once stopped (`done`), or why it
 * cannot be used (`unknown`). Every state leads to the citizen's page, where all they follow is listed.
 */
export function UnsubscribePage(props: {
  ctx: ViewContext
  state: 'ask' | 'done' | 'unknown'
  title?: string
  action?: string
}): JSX.Element {
  const { ctx, state } = props
  const { t } = ctx
  const vars = { title: props.title ?? '', municipality: ctx.municipality?.name ?? '' }
  return (
    <Layout ctx={ctx} title={t('citizens.unsubscribe.title')}>
      <h1 safe>{t('citizens.unsubscribe.title')}</h1>
      {state === 'ask' ? (
        <>
          <p class="font-lead" safe>
            {t('citizens.unsubscribe.lead', vars)}
          </p>
          <form method="post" action={props.action}>
            <CsrfField token={ctx.csrfToken} />
            <button type="submit" class="button button-primary" safe>
              {t('citizens.unsubscribe.submit')}
            </button>
          </form>
        </>
      ) : (
        <div class={state === 'done' ? 'alert alert-success' : 'alert alert-warning'} role="status">
          <div class="alert-body">
            <p class="alert-text" safe>
              {state === 'done' ? t('citizens.unsubscribe.done', vars) : t('citizens.unsubscribe.unknown')}
            </p>
          </div>
        </div>
      )}
      <p>
        <a href={`/${ctx.municipality?.slug ?? ''}/me`} safe>
          {t('citizens.unsubscribe.me')}
        </a>
      </p>
    </Layout>
  )
}
