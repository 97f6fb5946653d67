/**
 * The page frame on DKFDS: skip link, header with the municipality's name, language switch, staff
 * sign-in state, a main landmark, and a footer linking house rules, privacy, accessibility and contact.
 * Scripts are external files only (strict CSP); every page works without them.
 */
import type { Children } from '@kitajs/html'
import { LANGUAGE_NAMES, LANGUAGES } from '../i18n/index.ts'
import { PAGE_TITLE_KEYS } from '../municipalities/messages.ts'
import { municipalityPagePath } from '../municipalities/paths.ts'
import type { ViewContext } from './context.ts'
import { withQuery } from './urls.ts'

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
          <link rel="stylesheet" href="/assets/dkfds/css/dkfds.min.css" />
          <link rel="stylesheet" href="/assets/app/app.css" />
          <script src="/assets/dkfds/js/dkfds.min.js" defer></script>
          <script src="/assets/htmx/htmx.min.js" defer></script>
          <script src="/assets/app/app.js" defer></script>
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
    <header class="header">
      <div class="portal-header">
        <div class="container portal-header-inner">
          <a href={home} class="portal-header-name" safe>
            {site}
          </a>
          <LanguageSwitch ctx={ctx} />
        </div>
      </div>
      <div class="solution-header">
        <div class="container solution-header-inner">
          <div class="solution-heading">
            <a href={municipality ? `/${municipality.slug}/staff` : '/staff'} safe>
              {t('web.layout.staff')}
            </a>
          </div>
          <div class="solution-info">
            {staff ? (
              <form method="post" action="/logout" class="inline-form">
                <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                <span class="signed-in" safe>
                  {t('web.layout.signed_in_as', { name: staff.name })}
                </span>{' '}
                <button type="submit" class="button button-tertiary" safe>
                  {t('web.layout.sign_out')}
                </button>
              </form>
            ) : (
              <a href={withQuery('/login', { next: ctx.path })} safe>
                {t('web.layout.sign_in')}
              </a>
            )}
          </div>
        </div>
      </div>
    </header>
  )
}

function LanguageSwitch({ ctx }: { ctx: ViewContext }): JSX.Element {
  return (
    <nav class="language-switch" aria-label={ctx.t('web.layout.language')}>
      <ul class="nobullet-list inline-list">
        {LANGUAGES.map((language) => (
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
