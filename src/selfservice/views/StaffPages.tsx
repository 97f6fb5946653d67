/**
 * Staff pages: the services with "submit for a citizen" (assisted digital) and, for admins, the form
 * editor (the definition as JSON, checked against the schema, with a preview of every step before a new
 * version is saved); campaigns with their banner texts, period, and uptake against the period before.
 */
import type { MunicipalityRow } from '../../db/schema.ts'
import type { CampaignRow } from '../../db/tables/selfservice.ts'
import { LANGUAGES } from '../../i18n/index.ts'
import { CsrfField, DataTable, ErrorSummary, SelectField, SuccessNotice, TextInput } from '../../web/components.tsx'
import type { StaffMembership, ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'
import { campaignText, type Uptake } from '../campaigns/service.ts'
import type { Service } from '../catalogue/service.ts'
import type { Definition, DefinitionProblem } from '../forms/definition.ts'
import { FormField } from './fields.tsx'

const staffBase = (ctx: ViewContext) => `/${(ctx.municipality as MunicipalityRow).slug}/staff`

export function StaffServicesPage({
  ctx,
  services,
  canEdit,
}: {
  ctx: ViewContext
  services: Service[]
  canEdit: boolean
}) {
  const { t, lang } = ctx
  const base = staffBase(ctx)
  return (
    <Layout ctx={ctx} title={t('selfservice.staff.title')}>
      <h1 safe>{t('selfservice.staff.title')}</h1>
      <p class="font-lead" safe>
        {t('selfservice.staff.lead')}
      </p>
      {canEdit ? (
        <p>
          <a href={`${base}/services/new`} safe>
            {t('selfservice.editor.new')}
          </a>
        </p>
      ) : (
        ''
      )}
      <DataTable
        caption={t('selfservice.staff.title')}
        headers={[t('selfservice.staff.service'), t('selfservice.staff.version'), t('selfservice.staff.actions')]}
      >
        {services.map((s) => (
          <tr>
            <td safe>{s.definition.title[lang]}</td>
            <td safe>{String(s.version)}</td>
            <td>
              <form method="post" action={`${base}/services/${s.row.slug}/assist`} class="inline-form">
                <CsrfField token={ctx.csrfToken} />
                <button type="submit" class="button button-secondary" safe>
                  {t('selfservice.assist.start', { service: s.definition.title[lang] })}
                </button>
              </form>{' '}
              {canEdit ? (
                <a href={`${base}/services/${s.row.id}/edit`} safe>
                  {t('selfservice.editor.edit', { service: s.definition.title[lang] })}
                </a>
              ) : (
                ''
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  )
}

function Preview({ ctx, definition }: { ctx: ViewContext; definition: Definition }) {
  const { t, lang } = ctx
  return (
    <section aria-labelledby="preview-heading" class="form-preview">
      <h2 id="preview-heading" safe>
        {t('selfservice.editor.preview')}
      </h2>
      <p class="font-lead" safe>
        {definition.title[lang]}
      </p>
      {definition.steps.map((step, i) => (
        <fieldset disabled>
          <legend class="h3" safe>
            {`${i + 1}. ${step.title[lang]}`}
          </legend>
          {step.fields.map((field) => (
            <FormField
              ctx={{ ...ctx }}
              field={{ ...field, id: `preview_${field.id}` }}
              value={undefined}
              errors={undefined}
              files={[]}
            />
          ))}
        </fieldset>
      ))}
    </section>
  )
}

export function EditorPage(props: {
  ctx: ViewContext
  service: Service | undefined
  slug: string
  json: string
  basedOn: number
  problems: DefinitionProblem[]
  preview: Definition | undefined
  saved?: number | undefined
  errors?: FieldErrors | undefined
}) {
  const { ctx, service } = props
  const { t, lang } = ctx
  const base = staffBase(ctx)
  const title = service
    ? t('selfservice.editor.title', { service: service.definition.title[lang] })
    : t('selfservice.editor.new')
  const action = service ? `${base}/services/${service.row.id}/edit` : `${base}/services/new`
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={`${base}/services`} safe>
          {t('selfservice.staff.title')}
        </a>
      </p>
      <h1 safe>{title}</h1>
      <p safe>{t('selfservice.editor.lead')}</p>
      {props.saved ? <SuccessNotice text={t('selfservice.editor.saved', { version: props.saved })} /> : ''}
      <ErrorSummary t={t} errors={props.errors} />
      {props.problems.length ? (
        <div class="alert alert-error" role="alert" tabindex="-1">
          <div class="alert-body">
            <p class="alert-heading" safe>
              {t('selfservice.editor.problems')}
            </p>
            <ul class="alert-text">
              {props.problems.map((p) => (
                <li>
                  <code safe>{p.path}</code> <span safe>{p.message}</span>
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : (
        ''
      )}
      <form method="post" action={action}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="based_on" value={String(props.basedOn)} />
        {service ? (
          ''
        ) : (
          <TextInput
            t={t}
            name="slug"
            label={t('selfservice.editor.slug')}
            hint={t('selfservice.editor.slug_hint')}
            value={props.slug}
            errors={props.errors}
          />
        )}
        <div class="form-group">
          <label class="form-label" for="field-definition" safe>
            {t('selfservice.editor.definition')}
          </label>
          <span class="form-hint" id="field-definition-hint" safe>
            {t('selfservice.editor.definition_hint', { version: props.basedOn })}
          </span>
          <textarea
            class="form-input code-input"
            id="field-definition"
            name="definition"
            rows="30"
            aria-describedby="field-definition-hint"
            spellcheck="false"
            safe
          >
            {props.json}
          </textarea>
        </div>
        <button type="submit" name="_action" value="preview" class="button button-secondary" safe>
          {t('selfservice.editor.preview_button')}
        </button>{' '}
        <button type="submit" name="_action" value="save" class="button button-primary" safe>
          {t('selfservice.editor.save')}
        </button>
      </form>
      {props.preview ? <Preview ctx={ctx} definition={props.preview} /> : ''}
    </Layout>
  )
}

export function CampaignsPage({
  ctx,
  campaigns,
  services,
}: {
  ctx: ViewContext
  campaigns: CampaignRow[]
  services: Service[]
}) {
  const { t, lang } = ctx
  const m = ctx.municipality as MunicipalityRow
  const base = staffBase(ctx)
  const names = new Map(services.map((s) => [s.row.id, s.definition.title[lang]]))
  return (
    <Layout ctx={ctx} title={t('selfservice.campaign.list_title')}>
      <h1 safe>{t('selfservice.campaign.list_title')}</h1>
      <p>
        <a class="button button-primary" href={`${base}/campaigns/new`} safe>
          {t('selfservice.campaign.new')}
        </a>
      </p>
      {campaigns.length ? (
        <DataTable
          caption={t('selfservice.campaign.list_title')}
          headers={[
            t('selfservice.campaign.title_label'),
            t('selfservice.staff.service'),
            t('selfservice.campaign.period'),
          ]}
        >
          {campaigns.map((c) => (
            <tr>
              <td>
                <a href={`${base}/campaigns/${c.id}`} safe>
                  {campaignText(c.title, lang, m.default_language)}
                </a>
              </td>
              <td safe>{names.get(c.service_id) ?? ''}</td>
              <td safe>{`${c.starts_on} – ${c.ends_on}`}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p safe>{t('selfservice.campaign.none')}</p>
      )}
    </Layout>
  )
}

export interface CampaignValues {
  service: string
  title: Record<string, string>
  message: Record<string, string>
  startsOn: string
  endsOn: string
  together: string[]
}

export function NewCampaignPage(props: {
  ctx: ViewContext
  services: Service[]
  others: StaffMembership[]
  values: CampaignValues
  errors?: FieldErrors | undefined
}) {
  const { ctx, values, errors } = props
  const { t, lang } = ctx
  return (
    <Layout ctx={ctx} title={t('selfservice.campaign.new')}>
      <h1 safe>{t('selfservice.campaign.new')}</h1>
      <p safe>{t('selfservice.campaign.new_lead')}</p>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={`${staffBase(ctx)}/campaigns/new`}>
        <CsrfField token={ctx.csrfToken} />
        <SelectField
          t={t}
          name="service"
          label={t('selfservice.staff.service')}
          blank={t('selfservice.form.choose')}
          options={props.services.map((s) => ({ value: s.row.slug, label: s.definition.title[lang] }))}
          value={values.service}
          errors={errors}
        />
        {LANGUAGES.map((l) => (
          <TextInput
            t={t}
            name={`title_${l}`}
            label={t(`selfservice.campaign.title_${l}`)}
            value={values.title[l]}
            errors={errors}
          />
        ))}
        {LANGUAGES.map((l) => (
          <TextInput
            t={t}
            name={`message_${l}`}
            label={t(`selfservice.campaign.message_${l}`)}
            value={values.message[l]}
            errors={errors}
          />
        ))}
        <div class="form-group">
          <label class="form-label" for="field-starts_on" safe>
            {t('selfservice.campaign.starts_on')}
          </label>
          <input class="form-input" type="date" id="field-starts_on" name="starts_on" value={values.startsOn} />
        </div>
        <div class={errors?.ends_on ? 'form-group form-error' : 'form-group'}>
          <label class="form-label" for="field-ends_on" safe>
            {t('selfservice.campaign.ends_on')}
          </label>
          {errors?.ends_on ? (
            <span class="form-error-message" id="field-ends_on-error" safe>
              {t(errors.ends_on.key, errors.ends_on.vars)}
            </span>
          ) : (
            ''
          )}
          <input class="form-input" type="date" id="field-ends_on" name="ends_on" value={values.endsOn} />
        </div>
        {props.others.length ? (
          <fieldset class={errors?.together ? 'form-group form-error' : 'form-group'} id="field-together">
            <legend class="form-label" safe>
              {t('selfservice.campaign.together')}
            </legend>
            <span class="form-hint" safe>
              {t('selfservice.campaign.together_hint')}
            </span>
            {errors?.together ? (
              <span class="form-error-message" safe>
                {t(errors.together.key, errors.together.vars)}
              </span>
            ) : (
              ''
            )}
            <ul class="nobullet-list">
              {props.others.map((o) => (
                <li class="form-group-checkbox">
                  <input
                    class="form-checkbox"
                    type="checkbox"
                    id={`together-${o.slug}`}
                    name="together"
                    value={o.slug}
                    checked={values.together.includes(o.slug)}
                  />
                  <label class="form-label" for={`together-${o.slug}`} safe>
                    {o.name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ) : (
          ''
        )}
        <button type="submit" class="button button-primary" safe>
          {t('selfservice.campaign.create')}
        </button>
      </form>
    </Layout>
  )
}

function UptakeTable({ ctx, uptake, caption }: { ctx: ViewContext; uptake: Uptake; caption: string }) {
  const { t } = ctx
  const row = (label: string, during: number, before: number) => (
    <tr>
      <th scope="row" safe>
        {label}
      </th>
      <td safe>{String(during)}</td>
      <td safe>{String(before)}</td>
      <td safe>
        {before === 0
          ? during === 0
            ? '0'
            : '–'
          : `${during >= before ? '+' : ''}${Math.round(((during - before) / before) * 100)} %`}
      </td>
    </tr>
  )
  const total = (u: Uptake['during']) => u.digital + u.assisted
  return (
    <DataTable
      caption={caption}
      headers={[
        t('selfservice.campaign.channel'),
        t('selfservice.campaign.during'),
        t('selfservice.campaign.before', { from: uptake.beforeFrom, to: uptake.beforeTo }),
        t('selfservice.campaign.change'),
      ]}
    >
      {row(t('selfservice.channel.digital'), uptake.during.digital, uptake.before.digital)}
      {row(t('selfservice.channel.assisted'), uptake.during.assisted, uptake.before.assisted)}
      {row(t('selfservice.campaign.total'), total(uptake.during), total(uptake.before))}
    </DataTable>
  )
}

export function CampaignPage(props: {
  ctx: ViewContext
  campaign: CampaignRow
  service: Service
  uptake: Uptake
  group: { municipality: string; uptake: Uptake }[]
}) {
  const { ctx, campaign } = props
  const { t, lang } = ctx
  const m = ctx.municipality as MunicipalityRow
  const title = campaignText(campaign.title, lang, m.default_language)
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={`${staffBase(ctx)}/campaigns`} safe>
          {t('selfservice.campaign.list_title')}
        </a>
      </p>
      <h1 safe>{title}</h1>
      <dl class="receipt-facts">
        <dt safe>{t('selfservice.staff.service')}</dt>
        <dd safe>{props.service.definition.title[lang]}</dd>
        <dt safe>{t('selfservice.campaign.period')}</dt>
        <dd
          safe
        >{`${campaign.starts_on} – ${campaign.ends_on} (${t('selfservice.campaign.days', { count: props.uptake.days })})`}</dd>
        <dt safe>{t('selfservice.campaign.banner')}</dt>
        <dd safe>{campaignText(campaign.message, lang, m.default_language)}</dd>
      </dl>
      <h2 safe>{t('selfservice.campaign.uptake')}</h2>
      <UptakeTable ctx={ctx} uptake={props.uptake} caption={t('selfservice.campaign.uptake')} />
      {props.group.length > 1 ? (
        <>
          <h2 safe>{t('selfservice.campaign.group')}</h2>
          {props.group.map((g) => (
            <>
              <h3 safe>{g.municipality}</h3>
              <UptakeTable
                ctx={ctx}
                uptake={g.uptake}
                caption={`${t('selfservice.campaign.uptake')}: ${g.municipality}`}
              />
            </>
          ))}
        </>
      ) : (
        ''
      )}
    </Layout>
  )
}
