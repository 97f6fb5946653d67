/**
 * Dialogs with a mandate as a new user tries them, in a real browser against the real server, in Danish
 * and Swedish: an editor writes a consultation's mandate, is refused publishing while it is incomplete,
 * previews and publishes it; a citizen finds it from the front page and replies; the editor closes the
 * period, answers the reply and publishes the feedback; the citizen's e-mail links to the response to
 * their own reply. The demo's concluded idea storm and open budget are read too. Every page on the way
 * passes axe (WCAG 2.1 AA). Mail is read in the outbox's development capture, signed in as the admin.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDate } from '../../src/calendar/business-days.ts'
import { DEMO_MUNICIPALITIES, demoEmail } from '../../src/demo/data.ts'
import { addDays } from '../../src/dialogs/mandate.ts'
import {
  axeViolations,
  capturedMailText,
  launchBrowser,
  type RunningServer,
  signedInContext,
  startServer,
} from './harness.ts'

const TIMEOUT = 300_000

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const violations: string[] = []
const axe = async (page: Page, label: string) => {
  violations.push(...(await axeViolations(page, label)))
}
const staffContext = (locale: string, email: string) => signedInContext(browser, server.baseUrl, locale, email)
const mailText = (admin: BrowserContext, slug: string, to: string, subject: RegExp) =>
  capturedMailText(admin, server.baseUrl, slug, to, subject)

// Dialog dates are the municipality's days; both demo municipalities share the Central European zone.
const today = () => localDate(new Date(), DEMO_MUNICIPALITIES[0]?.timeZone ?? 'Europe/Copenhagen')

const CASES = [
  {
    municipality: DEMO_MUNICIPALITIES[0] as (typeof DEMO_MUNICIPALITIES)[number],
    locale: 'da-DK',
    lang: 'da',
    t: {
      home: 'Deltag: høringer, idéer og borgerbudgetter',
      title: 'Høring om ny skolevej',
      mandate: 'Rammerne for dialogen',
      save: 'Gem',
      publish: 'Offentliggør dialogen',
      preview: 'Forhåndsvis',
      reply: 'Vi ønsker et fodgængerfelt ved skolen.',
      sendReply: 'Send høringssvar',
      input: 'Input og svar',
      saveResponse: 'Gem svar',
      response: 'Der etableres et fodgængerfelt i foråret.',
      publishFeedback: 'Offentliggør tilbagemelding og afslut',
      feedback: 'Tak for jeres svar. Skolevejen bliver sikrere.',
      feedbackSubject: /Det skete der med dit input/,
      concluded: 'Afsluttet',
    },
  },
  {
    municipality: DEMO_MUNICIPALITIES[1] as (typeof DEMO_MUNICIPALITIES)[number],
    locale: 'sv-SE',
    lang: 'sv',
    t: {
      home: 'Var med: remisser, idéer och medborgarbudgetar',
      title: 'Remiss om ny skolväg',
      mandate: 'Uppdraget',
      save: 'Spara',
      publish: 'Publicera dialogen',
      preview: 'Förhandsgranska',
      reply: 'Vi vill ha ett övergångsställe vid skolan.',
      sendReply: 'Skicka remissvar',
      input: 'Synpunkter och svar',
      saveResponse: 'Spara svar',
      response: 'Ett övergångsställe byggs i vår.',
      publishFeedback: 'Publicera återkoppling och avsluta',
      feedback: 'Tack för era svar. Skolvägen blir säkrare.',
      feedbackSubject: /Det här hände med dina synpunkter/,
      concluded: 'Avslutad',
    },
  },
]

describe(`dialogs in a browser [${process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'}]`, () => {
  for (const { municipality: m, locale, lang, t } of CASES) {
    it(
      `${m.name}: mandate, publish, reply, feedback e-mail linking to the citizen's own response`,
      async () => {
        const base = `${server.baseUrl}/${m.slug}`
        const admin = await staffContext(locale, demoEmail(m, 'admin'))
        const editor = await staffContext(locale, demoEmail(m, 'editor'))
        const stamp = Date.now().toString(36)
        const email = `grethe-${stamp}@borger.test`

        // The editor writes the mandate; publishing is refused until it is complete.
        const e = await editor.newPage()
        await e.goto(`${base}/staff/dialogs`)
        await axe(e, `${m.slug}/staff/dialogs`)
        await e.goto(`${base}/staff/dialogs/new`)
        await axe(e, `${m.slug}/staff/dialogs/new`)
        await e.locator(`#field-title_${lang}`).fill(t.title)
        await Promise.all([e.waitForURL(/done=saved/), e.locator('main form button[type="submit"]').first().click()])
        const editUrl = e.url().split('?')[0] as string
        await Promise.all([e.waitForLoadState('load'), e.getByRole('button', { name: t.publish }).click()])
        expect(await e.locator('.alert-error').count()).toBe(1)
        await axe(e, `${m.slug}/staff/dialogs/:id refused`)
        for (const field of ['summary', 'purpose', 'decides', 'open_for', 'not_open_for', 'input_use'])
          await e.locator(`#field-${field}_${lang}`).fill(`${field} ${t.title}`)
        await e.locator('#field-starts_on').fill(addDays(today(), -1))
        await e.locator('#field-ends_on').fill(addDays(today(), 30))
        await e.locator('#field-feedback_due_on').fill(addDays(today(), 60))
        await e.locator('#field-department_id').selectOption({ index: 1 })
        await e.locator('#field-contact_name').fill('Lone')
        await e.locator('#field-contact_email').fill('lone@kommune.test')
        await e.locator('#field-consultation_type').selectOption('other')
        await Promise.all([e.waitForURL(/done=saved/), e.locator('main form button[type="submit"]').first().click()])
        await e.getByRole('link', { name: t.preview }).click()
        await e.waitForLoadState('load')
        await axe(e, `${m.slug}/staff/dialogs/:id/preview`)
        await e.goto(editUrl)
        await Promise.all([e.waitForURL(/done=published/), e.getByRole('button', { name: t.publish }).click()])
        const id = editUrl.split('/').at(-1) as string

        // A citizen finds it from the front page and replies.
        const c = await (await browser.newContext({ locale })).newPage()
        await c.goto(base)
        await Promise.all([c.waitForURL(/\/dialogs$/), c.getByRole('link', { name: t.home }).click()])
        await axe(c, `${m.slug}/dialogs`)
        await Promise.all([c.waitForURL(new RegExp(id)), c.getByRole('link', { name: t.title }).click()])
        await expect(c.locator('main').textContent()).resolves.toContain(t.mandate)
        await axe(c, `${m.slug}/dialogs/:id open`)
        await c.locator('#field-name').fill('Grethe')
        await c.locator('#field-email').fill(email)
        await c.locator('#field-text').fill(t.reply)
        await Promise.all([c.waitForURL(/done=reply_/), c.getByRole('button', { name: t.sendReply }).click()])
        await axe(c, `${m.slug}/dialogs/:id replied`)
        // Pre-moderation (the editor's default): shown once a moderator approves it.
        expect(await c.locator('main').textContent()).not.toContain(t.reply)
        const moderator = await staffContext(locale, demoEmail(m, 'moderator'))
        const q = await moderator.newPage()
        await q.goto(`${base}/staff/moderation`)
        const held = q.locator('article.moderation-item', { hasText: t.reply })
        await Promise.all([q.waitForLoadState('load'), held.locator('form:has(input[value="approve"]) button').click()])
        await c.reload()
        await expect(c.locator('main').textContent()).resolves.toContain(t.reply)

        // The editor closes the period, answers the reply and publishes the feedback.
        await e.goto(editUrl)
        await e.locator('#field-starts_on').fill(addDays(today(), -20))
        await e.locator('#field-ends_on').fill(addDays(today(), -1))
        await Promise.all([e.waitForURL(/done=saved/), e.locator('main form button[type="submit"]').first().click()])
        await e.goto(`${editUrl}/input`)
        await axe(e, `${m.slug}/staff/dialogs/:id/input`)
        await e.locator('textarea[name^="response-"]').first().fill(t.response)
        await Promise.all([
          e.waitForURL(/done=response/),
          e.getByRole('button', { name: t.saveResponse }).first().click(),
        ])
        await e.locator(`#field-feedback_${lang}`).fill(t.feedback)
        await Promise.all([e.waitForURL(/done=feedback/), e.getByRole('button', { name: t.publishFeedback }).click()])

        // The citizen's e-mail links to the response to their own reply.
        const mail = await mailText(admin, m.slug, email, t.feedbackSubject)
        const link = mail.match(/https?:\/\/\S+\/contributions\/[0-9a-f-]+/)?.[0]
        expect(link).toBeTruthy()
        await c.goto(link as string)
        await expect(c.locator('main').textContent()).resolves.toContain(t.response)
        await axe(c, `${m.slug}/dialogs/:id/contributions/:id`)
        await c.goto(`${base}/dialogs/${id}`)
        await expect(c.locator('main').textContent()).resolves.toContain(t.concluded)
        await expect(c.locator('main').textContent()).resolves.toContain(t.feedback)
        await c.goto(`${base}/dialogs/${id}/hvidbog`)
        await axe(c, `${m.slug}/dialogs/:id/hvidbog`)

        // The same pages in English.
        for (const path of [
          `dialogs/${id}`,
          link?.replace(/^https?:\/\/[^/]+\/[^/]+\//, '') ?? '',
          `dialogs/${id}/hvidbog`,
        ]) {
          await c.goto(`${base}/${path}?lang=en`)
          expect(await c.locator('html').getAttribute('lang')).toBe('en')
          await axe(c, `${m.slug}/${path.replace(/[0-9a-f-]{36}/g, ':id')} [en]`)
        }
        await e.goto(`${editUrl}?lang=en`)
        await axe(e, `${m.slug}/staff/dialogs/:id [en]`)
        await e.goto(`${editUrl}/input`)
        await axe(e, `${m.slug}/staff/dialogs/:id/input [en]`)

        // The demo's other dialogs: every one on the list opens and passes axe.
        await c.goto(`${base}/dialogs`)
        const hrefs = await c
          .locator('main .dialog-list a')
          .evaluateAll((links) => links.map((a) => (a as unknown as { href: string }).href))
        for (const href of hrefs) {
          await c.goto(href)
          await axe(c, `${m.slug}/dialogs/:id demo`)
        }
        for (const context of browser.contexts()) await context.close()
      },
      TIMEOUT,
    )
  }

  it('found no accessibility problems on the way', () => {
    expect(violations, violations.join('\n')).toEqual([])
  })
})
