/** The administrator's moderation settings (blocklists, report threshold, posting rate) and the form that publishes a new version of the house rules. */
import { LANGUAGE_NAMES, LANGUAGES } from '../../i18n/index.ts'
import {
  CsrfField,
  describedBy,
  ErrorSummary,
  FormGroup,
  fieldId,
  SuccessNotice,
  TextArea,
} from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'
import { HOUSE_RULE_CODES } from '../checks.ts'
import type { HouseRules } from '../rules.ts'
import { houseRulesPath } from '../service.ts'
import { formatDate } from './parts.tsx'

export type SettingsValues = Record<
  | 'reportThreshold'
  | 'rateLimitPosts'
  | 'rateLimitMinutes'
  | 'repeatWindowMinutes'
  | 'defaultMaxLength'
  | 'blocklist_da'
  | 'blocklist_sv'
  | 'blocklist_en',
  string
>

const NUMBER_FIELDS = [
  'reportThreshold',
  'rateLimitPosts',
  'rateLimitMinutes',
  'repeatWindowMinutes',
  'defaultMaxLength',
] as const

export function SettingsPage(props: {
  ctx: ViewContext
  values: SettingsValues
  rules: Record<string, HouseRules>
  ruleValues?: Record<string, string> | undefined
  errors?: FieldErrors | undefined
  saved?: 'settings' | 'rules' | undefined
}) {
  const { ctx, values, errors } = props
  const { t } = ctx
  const slug = ctx.municipality?.slug ?? ''
  const tz = ctx.municipality?.time_zone ?? 'UTC'
  const current = props.rules[ctx.lang] ?? props.rules.da
  const ruleValue = (name: string, fallback: string) => props.ruleValues?.[name] ?? fallback
  return (
    <Layout ctx={ctx} title={t('moderation.settings.title')}>
      <h1 safe>{t('moderation.settings.title')}</h1>
      <p class="font-lead" safe>
        {t('moderation.settings.lead')}
      </p>
      {props.saved ? (
        <SuccessNotice
          text={
            props.saved === 'rules'
              ? t('moderation.settings.rules_published', { version: current?.version ?? 0 })
              : t('web.saved')
          }
        />
      ) : (
        ''
      )}
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={`/${slug}/staff/moderation/settings`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <h2 safe>{t('moderation.settings.limits')}</h2>
        {NUMBER_FIELDS.map((name) => (
          <FormGroup
            t={t}
            name={name}
            label={t(`moderation.settings.${name}`)}
            errors={errors}
            hint={t(`moderation.settings.${name}_hint`)}
          >
            <input
              class="form-input input-width-xs"
              id={fieldId(name)}
              name={name}
              type="text"
              inputmode="numeric"
              pattern="[0-9]*"
              value={values[name]}
              {...describedBy(name, errors, true)}
            />
          </FormGroup>
        ))}
        <h2 safe>{t('moderation.settings.blocklists')}</h2>
        <p safe>{t('moderation.settings.blocklist_hint', { codes: HOUSE_RULE_CODES.join(', ') })}</p>
        {LANGUAGES.map((language) => (
          <TextArea
            t={t}
            name={`blocklist_${language}`}
            label={t('moderation.settings.blocklist', { language: LANGUAGE_NAMES[language] })}
            value={values[`blocklist_${language}`]}
            errors={errors}
            rows={6}
          />
        ))}
        <button type="submit" class="button button-primary" safe>
          {t('moderation.settings.save')}
        </button>
      </form>

      <h2 safe>{t('moderation.settings.rules_heading')}</h2>
      <p>
        <span safe>
          {current && current.version > 0
            ? t('moderation.rules.version', {
                version: current.version,
                date: current.publishedAt ? formatDate(current.publishedAt, ctx.lang, tz) : '',
              })
            : t('moderation.rules.none')}
        </span>{' '}
        <a href={houseRulesPath(slug)} safe>
          {t('moderation.settings.rules_public')}
        </a>{' '}
        ·{' '}
        <a href={`/${slug}/staff/pages/house-rules`} safe>
          {t('moderation.settings.intro_edit')}
        </a>
      </p>
      <p safe>{t('moderation.settings.rules_lead')}</p>
      <form method="post" action={`/${slug}/staff/moderation/rules`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        {LANGUAGES.map((language) => {
          const rules = props.rules[language]
          return (
            <details class="moderation-details" open={language === ctx.lang}>
              <summary safe>{LANGUAGE_NAMES[language]}</summary>
              {HOUSE_RULE_CODES.map((code) => {
                const rule = rules?.language === language ? rules.rules.find((r) => r.code === code) : undefined
                const titleName = `title-${language}-${code}`
                const textName = `text-${language}-${code}`
                return (
                  <fieldset>
                    <legend class="h5" safe>
                      {`${current?.rules.find((r) => r.code === code)?.title ?? code} (${code})`}
                    </legend>
                    <FormGroup t={t} name={titleName} label={t('moderation.settings.rule_title')} errors={errors}>
                      <input
                        class="form-input"
                        id={fieldId(titleName)}
                        name={titleName}
                        type="text"
                        value={ruleValue(titleName, rule?.title ?? '')}
                        {...describedBy(titleName, errors)}
                      />
                    </FormGroup>
                    <TextArea
                      t={t}
                      name={textName}
                      label={t('moderation.settings.rule_text')}
                      value={ruleValue(textName, rule?.text ?? '')}
                      errors={errors}
                      rows={2}
                    />
                  </fieldset>
                )
              })}
            </details>
          )
        })}
        <button type="submit" class="button button-primary" safe>
          {t('moderation.settings.publish')}
        </button>
      </form>
    </Layout>
  )
}
