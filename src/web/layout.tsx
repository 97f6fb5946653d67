/**
 * The page frame on DKFDS: skip link, header with the municipality's name, language switch, staff
 * sign-in state, a main landmark, and a footer linking house rules, privacy, accessibility and contact.
 * Scripts are external files only (strict CSP); every page works without them.
 */

import type { Children } from '@kitajs/html'
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/index.ts'
import { PAGE_TITLE_KEYS } from '../municipalities/messages.ts'
import { municipalityPagePath } from '../municipalities/paths.ts'
import { VERSION } from '../version.ts'
import { CsrfField } from './components.tsx'
import type { ViewContext } from './context.ts'
import { withQuery } from './urls.ts'

/** Assets are cached for a week; the version in the URL makes a new release fetch them again. */
const asset = (path: string) => `${path}?v=${VERSION}`

export interface LayoutProps {
  ctx: ViewContext
  title: string
  /** Extra scripts for this page only (same-site paths, loaded deferred), e.g. a page's live updates. */
  scripts?: readonly string[]
  children?: Children
}

export function Layout({ ctx, title, scripts = [], children }: LayoutProps): JSX.Element {
  const { t, municipality } = ctx
  const site = municipality?.name ?? t('web.layout.product')
  return (
    <>
      {'<!DOCTYPE html>'}
      <html lang={ctx.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${title} · ${site}`}</title>
          <link rel="stylesheet" href={asset('/assets/dkfds/css/dkfds.min.css')} />
          <link rel="stylesheet" href={asset('/assets/app/app.css')} />
          <script src={asset('/assets/dkfds/js/dkfds.min.js')} defer></script>
          <script src={asset('/assets/htmx/htmx.min.js')} defer></script>
          <script src={asset('/assets/app/app.js')} defer></script>
          {scripts.map((src) => (
            <script src={src} defer></script>
          ))}
        </head>
        <body>
          <a class="skipnav" href="#main-content" safe>
            {t('web.layout.skip')}
          </a>
          <Header ctx={ctx} site={site} />
          <div class="container page-container">
            <main id="main-content" tabindex="-1">
              {children}
            </main>
          </div>
          <Footer ctx={ctx} />
        </body>
      </html>
    </>
  )
}

function Header({ ctx, site }: { ctx: ViewContext; site: string }): JSX.Element {
  const { t, municipality, staff } = ctx
  const home = municipality ? `/${municipality.slug}` : '/'
  return (
    <>
      <header class="header">
        <div class="portal-info">
          <div class="portal-info-inner container">
            <a href="/" class="portal-name" safe>
              {t('web.layout.product')}
            </a>
            <div class="portal-session">
              {staff ? (
                <form method="post" action="/logout" class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <span class="user" safe>
                    {t('web.layout.signed_in_as', { name: staff.name })}
                  </span>
                  <button type="submit" class="function-link" safe>
                    {t('web.layout.sign_out')}
                  </button>
                </form>
              ) : (
                <a class="function-link" href={withQuery('/login', { next: ctx.path })} safe>
                  {t('web.layout.sign_in')}
                </a>
              )}
            </div>
          </div>
        </div>
        <div class="solution-info">
          <div class="solution-info-inner container">
            <div class="solution-heading">
              <a href={home} safe>
                {site}
              </a>
            </div>
            {staff ? (
              <a class="function-link staff-link" href={municipality ? `/${municipality.slug}/staff` : '/staff'} safe>
                {t('web.layout.staff')}
              </a>
            ) : (
              ''
            )}
          </div>
        </div>
      </header>
      <LanguageSwitch ctx={ctx} />
    </>
  )
}

/** DKFDS language switcher: each language named in itself; as the design system does, the current one first. */
function LanguageSwitch({ ctx }: { ctx: ViewContext }): JSX.Element {
  const ordered = [ctx.lang, ...LANGUAGES.filter((language) => language !== ctx.lang)]
  return (
    <nav class="language-switcher" aria-label={ctx.t('web.layout.language')}>
      <div class="container">
        <ul>
          {ordered.map((language) => (
            <li>
              <a
                href={withQuery(ctx.path, { lang: language })}
                lang={language}
                hreflang={language}
                aria-current={language === ctx.lang ? 'true' : undefined}
                safe
              >
                {LANGUAGE_NAMES[language]}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  )
}

function Footer({ ctx }: { ctx: ViewContext }): JSX.Element {
  const { t, municipality } = ctx
  return (
    <footer>
      <div class="footer">
        <div class="container">
          <h2 class="h5" safe>
            {t('web.layout.footer_heading')}
          </h2>
          {municipality ? (
            <ul class="nobullet-list inline-list footer-links">
              {Object.entries(PAGE_TITLE_KEYS).map(([kind, key]) => (
                <li>
                  <a class="function-link" href={municipalityPagePath(municipality.slug, kind)} safe>
                    {t(key)}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          <p safe>{t('web.layout.product')}</p>
        </div>
      </div>
    </footer>
  )
}
