/**
 * A person in a real browser against the real server: every demo role signs in through the form and
 * lands on its staff page; the header's language links switch the page's language; the journal shows.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_MUNICIPALITIES } from '../../src/demo/data.ts'
import { translator } from '../../src/i18n/index.ts'
import { launchBrowser, printedLogins, type RunningServer, signIn, startServer } from './harness.ts'

const DK = DEMO_MUNICIPALITIES[0] as (typeof DEMO_MUNICIPALITIES)[number]
const da = translator('da')

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe(`staff in a browser [${process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'}]`, () => {
  it('prints a demo login for every role at start-up', () => {
    const roles = printedLogins(server.output(), DK.emailDomain).map((l) => l.role)
    expect(roles.sort()).toEqual(DK.staff.map((s) => s.role).sort())
  })

  it('signs in as each demo role and lands on the staff page', async () => {
    const logins = printedLogins(server.output(), DK.emailDomain)
    expect(logins.length).toBeGreaterThan(0)
    for (const { role, email } of logins) {
      const context = await browser.newContext({ locale: 'da-DK' })
      const page = await context.newPage()
      await signIn(page, server.baseUrl, email)
      expect(new URL(page.url()).pathname, `${role} after sign-in`).toBe(`/${DK.slug}/staff`)
      await expect(page.locator('h1').textContent()).resolves.toBe(da('identity.home.title'))
      await expect(page.locator('.portal-session .user').textContent()).resolves.toContain(
        DK.staff.find((s) => s.role === role)?.name,
      )
      await context.close()
    }
  })

  it('refuses a wrong password with the error summary, keeping the e-mail', async () => {
    const context = await browser.newContext({ locale: 'da-DK' })
    const page = await context.newPage()
    await signIn(page, server.baseUrl, `admin@${DK.emailDomain}`, 'not-the-password')
    expect(new URL(page.url()).pathname).toBe('/login')
    await expect(page.locator('.alert-error').textContent()).resolves.toContain(da('identity.login.failed'))
    await expect(page.locator('#field-email').inputValue()).resolves.toBe(`admin@${DK.emailDomain}`)
    await context.close()
  })

  it('switches language with the header links', async () => {
    const context = await browser.newContext({ locale: 'da-DK' })
    const page = await context.newPage()
    await page.goto(`${server.baseUrl}/${DK.slug}`)
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('da')
    await expect(page.locator('.skipnav').textContent()).resolves.toBe(da('web.layout.skip'))

    for (const [language, name] of [
      ['en', 'English'],
      ['sv', 'Svenska'],
      ['da', 'Dansk'],
    ] as const) {
      await Promise.all([page.waitForLoadState('load'), page.locator('.language-switcher').getByText(name).click()])
      await page.waitForURL((url) => url.searchParams.get('lang') === language)
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(language)
      await expect(page.locator('.skipnav').textContent()).resolves.toBe(translator(language)('web.layout.skip'))
      await expect(page.locator('.language-switcher [aria-current="true"]').textContent()).resolves.toBe(name)
    }

    // The choice sticks: a page without ?lang= stays in the chosen language.
    await page.locator('.language-switcher').getByText('English').click()
    await page.waitForURL((url) => url.searchParams.get('lang') === 'en')
    await page.goto(`${server.baseUrl}/login`)
    await expect(page.locator('h1').textContent()).resolves.toBe(translator('en')('identity.login.title'))
    await context.close()
  })

  it('shows the journal to the admin, with the demo set-up recorded', async () => {
    const context = await browser.newContext({ locale: 'da-DK' })
    const page = await context.newPage()
    await signIn(page, server.baseUrl, `admin@${DK.emailDomain}`)
    await Promise.all([
      page.waitForLoadState('load'),
      page
        .locator('main')
        .getByRole('link', { name: da('journal.page.title') })
        .click(),
    ])
    expect(new URL(page.url()).pathname).toBe(`/${DK.slug}/staff/journal`)
    await expect(page.locator('h1').textContent()).resolves.toBe(da('journal.page.title'))
    expect(await page.locator('main table tbody tr').count()).toBeGreaterThan(0)
    await context.close()
  })
})
