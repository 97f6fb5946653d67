import type { ApiTokenRow } from '../../db/schema.ts'
import { CsrfField, DataTable, ErrorSummary, SuccessNotice, TextInput } from '../../web/components.tsx'
import type { ViewContext } from '../../web/context.ts'
import type { FieldErrors } from '../../web/errors.ts'
import { Layout } from '../../web/layout.tsx'
import { formatTime, SecretField } from './parts.tsx'

export interface ProfilePageProps {
  ctx: ViewContext
  tokens: ApiTokenRow[]
  /** The secret of a token just created: shown this once. */
  newSecret?: string | undefined
  tokenName?: string | undefined
  revoked?: boolean
  errors?: FieldErrors | undefined
}

export function ProfilePage({ ctx, tokens, newSecret, tokenName, revoked, errors }: ProfilePageProps) {
  const { t, staff } = ctx
  const base = `/${ctx.municipality?.slug ?? ''}/staff/profile`
  return (
    <Layout ctx={ctx} title={t('identity.profile.title')}>
      <h1 safe>{t('identity.profile.title')}</h1>
      <ErrorSummary t={t} errors={errors} />
      {revoked ? <SuccessNotice text={t('identity.profile.revoked')} /> : ''}
      <dl>
        <dt safe>{t('identity.col.name')}</dt>
        <dd safe>{staff?.name ?? ''}</dd>
        <dt safe>{t('identity.col.email')}</dt>
        <dd safe>{staff?.email ?? ''}</dd>
      </dl>
      <h2 safe>{t('identity.profile.tokens')}</h2>
      <p safe>{t('identity.profile.tokens_lead', { name: ctx.municipality?.name ?? '' })}</p>
      {newSecret ? (
        <div class="alert alert-success" role="status">
          <div class="alert-body">
            <p class="alert-heading" safe>
              {t('identity.profile.new_title')}
            </p>
            <p class="alert-text" safe>
              {t('identity.profile.new_lead')}
            </p>
            <SecretField id="new-token" label={tokenName ?? t('identity.profile.new_title')} value={newSecret} />
          </div>
        </div>
      ) : (
        ''
      )}
      {tokens.length === 0 ? (
        <p safe>{t('identity.profile.none')}</p>
      ) : (
        <DataTable
          caption={t('identity.profile.tokens')}
          headers={[
            t('identity.col.name'),
            t('identity.profile.created'),
            t('identity.profile.last_used'),
            t('identity.col.actions'),
          ]}
        >
          {tokens.map((token) => (
            <tr>
              <td safe>{token.name}</td>
              <td safe>{formatTime(ctx, token.created_at)}</td>
              <td safe>{token.last_used_at ? formatTime(ctx, token.last_used_at) : t('identity.profile.never')}</td>
              <td>
                <form method="post" action={`${base}/tokens/${token.id}/revoke`} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="button button-tertiary" safe>
                    {t('identity.profile.revoke', { name: token.name })}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <form method="post" action={`${base}/tokens`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextInput
          t={t}
          name="name"
          label={t('identity.profile.token_name')}
          hint={t('identity.profile.token_hint')}
          value={newSecret ? '' : tokenName}
          errors={errors}
          required
        />
        <button type="submit" class="button button-secondary" safe>
          {t('identity.profile.create')}
        </button>
      </form>
    </Layout>
  )
}
