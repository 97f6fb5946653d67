/**
 * Self-service as a new user tries it, in a real browser against the real server, in da, sv and en:
 * find the EU health insurance card by typing "eu kort" or "sygesikring", fill in its three steps with
 * an attachment, get an instant decision and a PDF receipt; send an application that needs a person and
 * see it in the department's queue; run a campaign and see its banner and uptake. Axe (WCAG 2.1 AA)
 * checks every page on the way, including those only reached by sending a form.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDate } from '../../src/calendar/business-days.ts'
import { DEMO_MUNICIPALITIES, demoEmail } from '../../src/demo/data.ts'
import { translator } from '../../src/i18n/index.ts'
import { pdfText } from '../../src/selfservice/testing.ts'
import { axeViolations, launchBrowser, type RunningServer, signIn, startServer } from './harness.ts'

const DK = DEMO_MUNICIPALITIES[0] as (typeof DEMO_MUNICIPALITIES)[number]
const LANGUAGES = ['da', 'sv', 'en'] as const
const SEARCHES: Record<(typeof LANGUAGES)[number], string> = { da: 'eu kort', sv: 'sygesikring', en: 'blåt kort' }
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  Buffer.from('IHDR'),
  Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0]),
  Buffer.from('IEND'),
  Buffer.from([0xae, 0x42, 0x60, 0x82]),
])

let server: RunningServer
let browser: Browser
const violations: string[] = []

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const axe = async (page: Page, label: string) => {
  violations.push(...(await axeViolations(page, label)))
}

async function newPage(language: string, email?: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'da-DK' })
  const page = await context.newPage()
  if (email) await signIn(page, server.baseUrl, email)
  await page.goto(`${server.baseUrl}/${DK.slug}?lang=${language}`)
  return page
}

const next = (page: Page) => Promise.all([page.waitForNavigation(), page.locator('button[value="next"]').click()])

describe(`self-service in a browser [${process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'}]`, () => {
  for (const language of LANGUAGES) {
    it(`finds the EU card, fills it in, gets an instant decision and a PDF receipt (${language})`, async () => {
      const t = translator(language)
      const page = await newPage(language)
      await Promise.all([page.waitForNavigation(), page.locator(`main a[href="/${DK.slug}/services"]`).click()])
      await axe(page, `/services [${language}]`)
      await page.locator('#field-q').fill(SEARCHES[language])
      await Promise.all([page.waitForNavigation(), page.locator('form[role="search"] button').click()])
      await axe(page, `/services?q= [${language}]`)
      await Promise.all([
        page.waitForNavigation(),
        page.locator(`main a[href="/${DK.slug}/services/eu-health-card"]`).first().click(),
      ])
      await axe(page, `/services/:slug [${language}]`)
      await Promise.all([page.waitForNavigation(), page.locator('main form button.button-primary').click()])

      // Step 1, first with a mistake: the error summary, the value kept.
      await page.locator('#field-name').fill('Jens Hansen')
      await page.locator('#field-birth_date').fill('1985-04-23')
      await page.locator('#field-email').fill('jens.hansen@borger')
      await next(page)
      await expect(page.locator('.alert-error').count()).resolves.toBe(1)
      await expect(page.locator('#field-name').inputValue()).resolves.toBe('Jens Hansen')
      await axe(page, `/services/drafts/:token/steps/1 with errors [${language}]`)
      await page.locator('#field-email').fill('jens.hansen@borger.test')
      await next(page)
      await page.locator('#field-address').fill('Birkevej 4')
      await page.locator('#field-postcode').fill('7100')
      await axe(page, `/services/drafts/:token/steps/2 [${language}]`)
      await next(page)
      await page.locator('#field-insured').check()
      await page
        .locator('#field-documents')
        .setInputFiles({ name: 'studiebevis.png', mimeType: 'image/png', buffer: PNG })
      await axe(page, `/services/drafts/:token/steps/3 [${language}]`)
      await next(page)
      expect(new URL(page.url()).pathname).toMatch(/\/check$/)
      await expect(page.locator('main').textContent()).resolves.toContain('studiebevis.png')
      await axe(page, `/services/drafts/:token/check [${language}]`)
      await Promise.all([page.waitForURL(/\/receipt$/), page.locator('main form button[type="submit"]').click()])
      await expect(page.locator('.decision').textContent()).resolves.toContain(t('selfservice.decision.approved'))
      await axe(page, `/services/s/:token/receipt [${language}]`)

      // The PDF is made in the background: the status page links it once it is ready.
      await page.locator('.status-link').click()
      await page.waitForLoadState('load')
      for (let i = 0; i < 40 && (await page.locator('a.receipt-pdf').count()) === 0; i++) {
        await page.waitForTimeout(500)
        await page.reload()
      }
      await axe(page, `/services/s/:token [${language}]`)
      const href = (await page.locator('a.receipt-pdf').getAttribute('href')) as string
      const pdf = await page.request.get(new URL(href, server.baseUrl).toString())
      expect(pdf.headers()['content-type']).toBe('application/pdf')
      const text = pdfText(await pdf.body())
      expect(text).toMatch(/DEMO-S-\d{4}-\d{6}/)
      expect(text).toContain('studiebevis.png')
      expect(text).toMatch(/SHA-256 [0-9a-f]{64}/)
      await page.context().close()
    })
  }

  it('sends an application that needs a person and staff find it in the department’s queue', async () => {
    const page = await newPage('da')
    await page.goto(`${server.baseUrl}/${DK.slug}/services/report-rats`)
    await Promise.all([page.waitForNavigation(), page.locator('main form button.button-primary').click()])
    await page.locator('#field-address').fill('Havnegade 12')
    await page.locator('#field-postcode').fill('7100')
    await page.locator('label[for="field-where-1"]').click()
    await next(page)
    await page.locator('#field-description').fill('To rotter ved skraldespandene i gården.')
    await next(page)
    await page.locator('#field-name').fill('Mette Larsen')
    await page.locator('#field-email').fill('mette.larsen@borger.test')
    await next(page)
    await Promise.all([page.waitForURL(/\/receipt$/), page.locator('main form button[type="submit"]').click()])
    const body = (await page.locator('main').textContent()) as string
    const reference = body.match(/DEMO-\d{4}-\d{6}/)?.[0] as string
    expect(reference).toBeTruthy()
    await page.context().close()

    const staff = await newPage('da', demoEmail(DK, 'caseworker'))
    await staff.goto(`${server.baseUrl}/${DK.slug}/staff/inbox?q=${reference}`)
    await expect(staff.locator('main').textContent()).resolves.toContain('Mette Larsen')
    await staff.context().close()
  })

  it('runs a campaign: the banner on the front page and the uptake per channel', async () => {
    const page = await newPage('da', demoEmail(DK, 'editor'))
    await page.goto(`${server.baseUrl}/${DK.slug}/staff/campaigns/new`)
    await axe(page, '/staff/campaigns/new [da]')
    await page.locator('#field-service').selectOption('eu-health-card')
    await page.locator('#field-title_da').fill('Skal du på ferie?')
    await page.locator('#field-message_da').fill('Husk det blå EU-sygesikringskort.')
    await page.locator('#field-title_sv').fill('Ska du på semester?')
    await page.locator('#field-message_sv').fill('Beställ det blå EU-kortet.')
    await page.locator('#field-title_en').fill('Going on holiday?')
    await page.locator('#field-message_en').fill('Order the blue EU card.')
    // Campaign days are the municipality's days, not UTC ones.
    const day = (offset: number) => localDate(new Date(Date.now() + offset * 86_400_000), DK.timeZone)
    await page.locator('#field-starts_on').fill(day(-1))
    await page.locator('#field-ends_on').fill(day(30))
    await Promise.all([
      page.waitForURL(/\/staff\/campaigns\/[0-9a-f-]{36}$/),
      page.locator('main form button[type="submit"]').click(),
    ])
    // Three EU cards were sent digitally above, all during the campaign.
    await expect(page.locator('main table tbody tr').first().textContent()).resolves.toMatch(/3/)
    await axe(page, '/staff/campaigns/:id [da]')
    for (const [language, title] of [
      ['da', 'Skal du på ferie?'],
      ['sv', 'Ska du på semester?'],
      ['en', 'Going on holiday?'],
    ] as const) {
      await page.goto(`${server.baseUrl}/${DK.slug}?lang=${language}`)
      await expect(page.locator('.campaign-banner').textContent()).resolves.toContain(title)
      await axe(page, `/${DK.slug} with a campaign [${language}]`)
    }
    await page.context().close()
  })

  it('an admin checks and previews a form definition; an agent starts a form for a citizen', async () => {
    const page = await newPage('da', demoEmail(DK, 'admin'))
    await page.goto(`${server.baseUrl}/${DK.slug}/staff/services`)
    await axe(page, '/staff/services [da]')
    await Promise.all([page.waitForNavigation(), page.locator('main a[href$="/edit"]').first().click()])
    await axe(page, '/staff/services/:id/edit [da]')
    await Promise.all([page.waitForNavigation(), page.locator('button[value="preview"]').click()])
    await expect(page.locator('.form-preview').count()).resolves.toBe(1)
    await axe(page, '/staff/services/:id/edit with preview [da]')
    await page.locator('#field-definition').fill('{"title": 1}')
    await Promise.all([page.waitForNavigation(), page.locator('button[value="preview"]').click()])
    await expect(page.locator('.alert-error').count()).resolves.toBe(1)
    await axe(page, '/staff/services/:id/edit with problems [da]')
    await page.context().close()

    const agent = await newPage('da', demoEmail(DK, 'agent'))
    await agent.goto(`${server.baseUrl}/${DK.slug}/staff/services`)
    await Promise.all([agent.waitForNavigation(), agent.locator('main form button').first().click()])
    expect(new URL(agent.url()).pathname).toMatch(/\/steps\/1$/)
    await axe(agent, '/services/drafts/:token/steps/1 assisted [da]')
    await agent.context().close()
  })

  it('finds no accessibility problems on the way', () => {
    expect(violations, violations.join('\n')).toEqual([])
  })
})
