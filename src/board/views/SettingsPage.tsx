/** Board settings for admins: moderation mode and the length limit of a post. */
import { MODERATION_MODES } from '../../moderation/service.ts'
import { CsrfField, ErrorSummary, fieldId, SuccessNotice, TextInput } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'

export function SettingsPage(props: {
  ctx: ViewContext
  values: { mode: string; maxLength: string }
  saved?: boolean
  errors?: FieldErrors | undefined
}): JSX.Element {
  const { ctx, values, errors } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  return (
    <Layout ctx={ctx} title={t('board.settings.title')}>
      <h1 safe>{t('board.settings.title')}</h1>
      {props.saved ? <SuccessNotice text={t('board.settings.saved')} /> : ''}
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={`/${slug}/staff/board`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <fieldset class={errors?.mode ? 'form-group form-error' : 'form-group'} id={fieldId('mode')}>
          <legend class="form-label" safe>
            {t('board.settings.mode')}
          </legend>
          <ul class="nobullet-list">
            {MODERATION_MODES.map((mode) => (
              <li>
                <input
                  class="form-radio"
                  type="radio"
                  id={`mode-${mode}`}
                  name="mode"
                  value={mode}
                  checked={values.mode === mode}
                />
                <label for={`mode-${mode}`} safe>
                  {t(`board.settings.mode_${mode}`)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <TextInput
          t={t}
          name="max_length"
          label={t('board.settings.max_length')}
          value={values.maxLength}
          errors={errors}
        />
        <button type="submit" class="button button-primary" safe>
          {t('board.settings.submit')}
        </button>
      </form>
      <p>
        <a href={`/${slug}/questions`} safe>
          {t('board.list.title')}
        </a>
      </p>
    </Layout>
  )
}
