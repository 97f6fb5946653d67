/** The administrator's pages: the staff list, the invitation form and its one-time link, and one person. */
import type { Role } from '../../db/schema.ts'
import { CsrfField, DataTable, ErrorSummary, SuccessNotice, TextInput } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'
import type { StaffMember } from '../staff-admin.ts'
import { formatTime, RoleCheckboxes, roleNames, SecretField } from './parts.tsx'

const usersPath = (ctx: ViewContext) => `/${ctx.municipality?.slug ?? ''}/staff/users`

export function StaffListPage({ ctx, people }: { ctx: ViewContext; people: StaffMember[] }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('identity.users.title')}>
      <h1 safe>{t('identity.users.title')}</h1>
      <p class="font-lead" safe>
        {t('identity.users.lead', { name: ctx.municipality?.name ?? '' })}
      </p>
      <p>
        <a class="button button-primary" href={`${usersPath(ctx)}/invite`} safe>
          {t('identity.users.invite')}
        </a>
      </p>
      <DataTable
        caption={t('identity.users.title')}
        headers={[
          t('identity.col.name'),
          t('identity.col.email'),
          t('identity.col.roles'),
          t('identity.users.status'),
          t('identity.col.actions'),
        ]}
      >
        {people.map((person) => (
          <tr>
            <td safe>{person.name}</td>
            <td safe>{person.email}</td>
            <td safe>{roleNames(ctx, person.roles)}</td>
            <td safe>{person.disabled ? t('identity.users.disabled') : t('identity.users.active')}</td>
            <td>
              <a href={`${usersPath(ctx)}/${person.id}`} safe>
                {t('identity.users.edit', { name: person.name })}
              </a>
            </td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  )
}

export interface InviteValues {
  name?: string | undefined
  email?: string | undefined
  roles?: readonly Role[] | undefined
}

export function InvitePage({ ctx, values, errors }: { ctx: ViewContext; values: InviteValues; errors?: FieldErrors }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('identity.invite.title')}>
      <h1 safe>{t('identity.invite.title')}</h1>
      <ErrorSummary t={t} errors={errors} />
      <p safe>{t('identity.invite.lead')}</p>
      <p safe>{t('identity.invite.no_mail')}</p>
      <form method="post" action={`${usersPath(ctx)}/invite`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextInput t={t} name="name" label={t('identity.invite.name')} value={values.name} errors={errors} required />
        <TextInput
          t={t}
          name="email"
          type="email"
          label={t('identity.invite.email')}
          value={values.email}
          errors={errors}
          required
        />
        <RoleCheckboxes
          ctx={ctx}
          legend={t('identity.invite.roles')}
          hint={t('identity.invite.roles_hint')}
          checked={values.roles ?? []}
          errors={errors}
        />
        <button type="submit" class="button button-primary" safe>
          {t('identity.invite.submit')}
        </button>
      </form>
    </Layout>
  )
}

/** Shown once, right after the invitation: the link exists nowhere else (only its hash is stored). */
export function InviteSentPage({
  ctx,
  name,
  link,
  expiresAt,
}: {
  ctx: ViewContext
  name: string
  link: string | undefined
  expiresAt: string | undefined
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('identity.invite.sent_title')}>
      <h1 safe>{t('identity.invite.sent_title')}</h1>
      {link && expiresAt ? (
        <>
          <p safe>{t('identity.invite.sent_lead', { name, date: formatTime(ctx, expiresAt) })}</p>
          <SecretField id="invitation-link" label={t('identity.invite.link')} value={link} />
          <p safe>{t('identity.invite.no_mail')}</p>
        </>
      ) : (
        <SuccessNotice text={t('identity.invite.existing', { name })} />
      )}
      <p>
        <a href={usersPath(ctx)} safe>
          {t('identity.invite.back')}
        </a>
      </p>
    </Layout>
  )
}

export function StaffMemberPage({
  ctx,
  person,
  roles,
  errors,
  saved,
}: {
  ctx: ViewContext
  person: StaffMember
  roles: readonly Role[]
  errors?: FieldErrors | undefined
  saved?: boolean
}) {
  const { t } = ctx
  const base = `${usersPath(ctx)}/${person.id}`
  return (
    <Layout ctx={ctx} title={t('identity.member.title', { name: person.name })}>
      <h1 safe>{t('identity.member.title', { name: person.name })}</h1>
      {saved ? <SuccessNotice text={t('web.saved')} /> : ''}
      <ErrorSummary t={t} errors={errors} />
      <p safe>{person.email}</p>
      <form method="post" action={`${base}/roles`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <RoleCheckboxes
          ctx={ctx}
          legend={t('identity.member.roles', { name: ctx.municipality?.name ?? '' })}
          hint={t('identity.member.roles_hint')}
          checked={roles}
          errors={errors}
        />
        <button type="submit" class="button button-primary" safe>
          {t('identity.member.save')}
        </button>
      </form>
      <h2 id="field-account" safe>
        {t('identity.member.account')}
      </h2>
      {errors?.account ? (
        <p class="form-error-message" safe>
          {t(errors.account.key, errors.account.vars)}
        </p>
      ) : (
        ''
      )}
      <p safe>{person.disabled ? t('identity.member.disabled_note') : t('identity.member.active_note')}</p>
      <form method="post" action={`${base}/${person.disabled ? 'enable' : 'disable'}`}>
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class={person.disabled ? 'button button-secondary' : 'button button-warning'} safe>
          {person.disabled ? t('identity.member.enable') : t('identity.member.disable')}
        </button>
      </form>
      <p>
        <a href={usersPath(ctx)} safe>
          {t('identity.invite.back')}
        </a>
      </p>
    </Layout>
  )
}
