import type { StaffMembership, ViewContext } from '../../web/context.ts'
import { Layout } from '../../web/layout.tsx'
import { ROLE_LABEL_KEYS } from '../messages.ts'
import { allows } from '../permissions.ts'
import { STAFF_TOOLS } from '../staff-tools.ts'

export function StaffChooserPage({ ctx, municipalities }: { ctx: ViewContext; municipalities: StaffMembership[] }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('identity.staff.title')}>
      <h1 safe>{t('identity.staff.title')}</h1>
      {municipalities.length ? (
        <>
          <p safe>{t('identity.staff.choose')}</p>
          <ul>
            {municipalities.map((m) => (
              <li>
                <a href={`/${m.slug}/staff`} safe>
                  {m.name}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p safe>{t('identity.staff.none')}</p>
      )}
    </Layout>
  )
}

export function StaffHomePage({ ctx }: { ctx: ViewContext }) {
  const { t, municipality, staff } = ctx
  const roles = (staff?.memberships ?? []).filter((m) => m.municipalityId === municipality?.id).map((m) => m.role)
  const slug = municipality?.slug ?? ''
  return (
    <Layout ctx={ctx} title={t('identity.home.title')}>
      <h1 safe>{t('identity.home.title')}</h1>
      <p safe>{t('identity.home.roles', { roles: roles.map((r) => t(ROLE_LABEL_KEYS[r])).join(', ') })}</p>
      <h2 safe>{t('identity.home.tools')}</h2>
      <ul>
        {STAFF_TOOLS.filter((tool) => allows(tool.permission, roles)).map((tool) => (
          <li>
            <a href={tool.path(slug)} safe>
              {t(tool.labelKey)}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  )
}
