/**
 * The Q&A board as a new user tries it, in a real browser against the real server, in Danish and Swedish:
 * a citizen verifies an e-mail address and asks, another citizen answers and follows, a caseworker gives the
 * official answer and the follower is e-mailed; a post with an identity number never appears and waits in
 * the moderation queue with its reason; a case matter is handed off to a private inquiry; the public
 * moderation log shows the decisions. Every page on the way passes axe (WCAG 2.1 AA). Mail is read where a
 * developer reads it: the outbox's development capture (`/:m/staff/mail`), signed in as the admin.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_MUNICIPALITIES, demoEmail } from '../../src/demo/data.ts'
import { translator } from '../../src/i18n/index.ts'
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

const linkIn = (text: string) => {
  const link = text.match(/https?:\/\/\S+\/link\/[A-Za-z0-9_-]+/)?.[0]
  if (!link) throw new Error(`no link in:\n${text}`)
  return link
}

const CASES = [
  {
    municipality: DEMO_MUNICIPALITIES[0] as (typeof DEMO_MUNICIPALITIES)[number],
    locale: 'da-DK',
    t: {
      verifySubject: /Bekræft/,
      officialSubject: /Officielt svar/,
      ask: 'Stil et spørgsmål',
      title: 'Hvornår åbner biblioteket efter ombygningen?',
      body: 'Vi savner biblioteket i Nordby. Ved nogen, hvornår det åbner igen?',
      answer: 'Jeg hørte, at det bliver til sommer.',
      official: 'Biblioteket i Nordby åbner igen den 1. juni. Venlig hilsen',
      cprTitle: 'Mit sundhedskort er ikke kommet',
      cprBody: 'Mit CPR-nummer er 070761-4285, kan I tjekke det?',
      caseTitle: 'Hvorfor er min boligstøtte sat ned?',
      caseBody: 'Ring til mig på 22 33 44 55, jeg forstår ikke brevet om min boligstøtte.',
      sendAnyway: 'Send alligevel',
      confirm: 'Bekræft og log ind',
      follow: 'Følg spørgsmålet',
      officialButton: 'Offentliggør officielt svar',
      unsubscribe: 'Stop disse e-mails',
      unsubscribed: 'Du får ikke længere e-mails om',
      privately: 'behandles privat',
      questionKind: 'Spørgsmål på spørgsmål og svar',
      handedOffAction: translator('da')('moderation.action.handed_off'),
    },
  },
  {
    municipality: DEMO_MUNICIPALITIES[1] as (typeof DEMO_MUNICIPALITIES)[number],
    locale: 'sv-SE',
    t: {
      verifySubject: /Bekräfta/,
      officialSubject: /Officiellt svar/,
      ask: 'Ställ en fråga',
      title: 'När öppnar biblioteket efter ombyggnaden?',
      body: 'Vi saknar biblioteket i Björkby. Vet någon när det öppnar igen?',
      answer: 'Jag hörde att det blir till sommaren.',
      official: 'Biblioteket i Björkby öppnar igen den 1 juni. Vänliga hälsningar',
      cprTitle: 'Var är mitt parkeringstillstånd?',
      cprBody: 'Mitt personnummer är 640823-3234, kan ni kolla?',
      caseTitle: 'Varför har mitt bostadstillägg sänkts?',
      caseBody: 'Ring mig på 070-123 45 67, jag förstår inte beslutet om mitt bostadstillägg.',
      sendAnyway: 'Skicka ändå',
      confirm: 'Bekräfta och logga in',
      follow: 'Följ frågan',
      officialButton: 'Publicera officiellt svar',
      unsubscribe: 'Stoppa den här e-posten',
      unsubscribed: 'Du får inte längre e-post om',
      privately: 'hanteras privat',
      questionKind: 'Fråga på frågor och svar',
      handedOffAction: translator('sv')('moderation.action.handed_off'),
    },
  },
]

describe(`the Q&A board in a browser [${process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'}]`, () => {
  for (const { municipality: m, locale, t } of CASES) {
    it(
      `${m.name}: ask, verify, answer, official answer to the follower, CPR held, hand-off, moderation log`,
      async () => {
        const base = `${server.baseUrl}/${m.slug}`
        const admin = await staffContext(locale, demoEmail(m, 'admin'))
        const stamp = Date.now().toString(36)
        const alice = { name: 'Alice', email: `alice-${stamp}@borger.test` }
        const bob = { name: 'Bob', email: `bob-${stamp}@borger.test` }

        // A citizen finds the board from the front page and asks.
        const a = await (await browser.newContext({ locale })).newPage()
        await a.goto(base)
        await Promise.all([a.waitForURL(/\/questions$/), a.locator(`main a[href="/${m.slug}/questions"]`).click()])
        await axe(a, `${m.slug}/questions`)
        await a.getByRole('link', { name: t.ask }).click()
        await a.waitForURL(/\/questions\/ask$/)
        await axe(a, `${m.slug}/questions/ask`)
        await a.locator('#field-topic').selectOption({ index: 1 })
        await a.locator('#field-title').fill(t.title)
        await a.locator('#field-body').fill(t.body)
        await a.locator('#field-name').fill(alice.name)
        await a.locator('#field-email').fill(alice.email)
        await a.locator('main form button[type="submit"]').click()
        await a.waitForLoadState('load')
        await axe(a, `${m.slug}/questions/ask sent`)
        await a.goto(linkIn(await mailText(admin, m.slug, alice.email, t.verifySubject)))
        await axe(a, `${m.slug}/link/:token`)
        await Promise.all([a.waitForURL(/\/questions\/[0-9a-f-]+/), a.getByRole('button', { name: t.confirm }).click()])
        const questionUrl = a.url().split('?')[0] as string
        await expect(a.locator('h1').textContent()).resolves.toBe(t.title)
        await axe(a, `${m.slug}/questions/:id`)

        // Another citizen answers (verifying by link too) and follows.
        const b = await (await browser.newContext({ locale })).newPage()
        await b.goto(questionUrl)
        await b.locator('#field-body').fill(t.answer)
        await b.locator('#field-name').fill(bob.name)
        await b.locator('#field-email').fill(bob.email)
        await b.locator('form[action$="/answers"] button[type="submit"]').last().click()
        await b.waitForLoadState('load')
        await b.goto(linkIn(await mailText(admin, m.slug, bob.email, t.verifySubject)))
        await Promise.all([b.waitForURL(/\/questions\//), b.getByRole('button', { name: t.confirm }).click()])
        await expect(b.locator('main').textContent()).resolves.toContain(t.answer)
        await Promise.all([b.waitForLoadState('load'), b.getByRole('button', { name: t.follow }).click()])
        await axe(b, `${m.slug}/questions/:id signed in`)

        // A caseworker gives the official answer; it shows first, and the follower is e-mailed.
        const caseworker = await staffContext(locale, demoEmail(m, 'caseworker'))
        const c = await caseworker.newPage()
        await c.goto(questionUrl)
        await axe(c, `${m.slug}/questions/:id as caseworker`)
        await c.locator('#field-official').fill(t.official)
        await Promise.all([c.waitForURL(/notice=sent/), c.getByRole('button', { name: t.officialButton }).click()])
        const shown = (await c.locator('main').textContent()) ?? ''
        expect(shown.indexOf(t.official)).toBeGreaterThan(0)
        expect(shown.indexOf(t.official)).toBeLessThan(shown.indexOf(t.answer))
        const caseworkerFirstName = (m.staff.find((s) => s.role === 'caseworker')?.name ?? '').split(' ')[0] as string
        expect(shown).toContain(caseworkerFirstName)
        const officialMail = await mailText(admin, m.slug, bob.email, t.officialSubject)
        expect(officialMail).toContain(t.official)

        // The follower stops the e-mails from the link in it, without signing in; the page is read in English too.
        const unsubscribeLink = officialMail.match(/https?:\/\/\S+\/unsubscribe\/[A-Za-z0-9_.-]+/)?.[0] as string
        const english = await (await browser.newContext({ locale: 'en-GB' })).newPage()
        await english.goto(unsubscribeLink)
        await expect(english.locator('main').textContent()).resolves.toContain(t.title)
        await axe(english, `${m.slug}/unsubscribe/:token (en)`)
        await english.context().close()
        const mailProgram = await (await browser.newContext({ locale })).newPage()
        await mailProgram.goto(unsubscribeLink)
        await axe(mailProgram, `${m.slug}/unsubscribe/:token`)
        await Promise.all([
          mailProgram.waitForLoadState('load'),
          mailProgram.getByRole('button', { name: t.unsubscribe }).click(),
        ])
        await expect(mailProgram.locator('main').textContent()).resolves.toContain(t.unsubscribed)
        await axe(mailProgram, `${m.slug}/unsubscribe/:token stopped`)
        await mailProgram.context().close()

        // A post with an identity number: warned, sent anyway, never shown, waiting in the queue with its reason.
        await a.goto(`${base}/questions/ask`)
        await a.locator('#field-topic').selectOption({ index: 1 })
        await a.locator('#field-title').fill(t.cprTitle)
        await a.locator('#field-body').fill(t.cprBody)
        await a.locator('main form button[type="submit"]').click()
        await a.waitForLoadState('load')
        await axe(a, `${m.slug}/questions/ask with a warning`)
        await Promise.all([a.waitForURL(/notice=pending/), a.getByRole('button', { name: t.sendAnyway }).click()])
        const anonymous = await (await browser.newContext({ locale })).newPage()
        await anonymous.goto(`${base}/questions`)
        expect(await anonymous.locator('main').textContent()).not.toContain(t.cprTitle)
        const moderator = await staffContext(locale, demoEmail(m, 'moderator'))
        const q = await moderator.newPage()
        await q.goto(`${base}/staff/moderation`)
        const held = q.locator('article.moderation-item', { hasText: t.cprTitle })
        await expect(held.count()).resolves.toBe(1)
        expect(await held.textContent()).not.toContain(t.cprBody.match(/\d{6}-\d{4}/)?.[0])
        expect((await held.locator('.moderation-findings').textContent())?.length).toBeGreaterThan(0)

        // A case matter (flagged for its phone number) handed off to a private inquiry.
        await a.goto(`${base}/questions/ask`)
        await a.locator('#field-topic').selectOption({ index: 1 })
        await a.locator('#field-title').fill(t.caseTitle)
        await a.locator('#field-body').fill(t.caseBody)
        await a.locator('main form button[type="submit"]').click()
        await a.waitForLoadState('load')
        await Promise.all([a.waitForURL(/notice=pending/), a.getByRole('button', { name: t.sendAnyway }).click()])
        const caseUrl = a.url().split('?')[0] as string
        await q.goto(`${base}/staff/moderation`)
        const matter = q.locator('article.moderation-item', { hasText: t.caseTitle })
        await Promise.all([
          q.waitForLoadState('load'),
          matter.locator('form:has(input[value="hand_off"]) button').click(),
        ])
        await anonymous.goto(caseUrl)
        expect(await anonymous.locator('main').textContent()).toContain(t.privately)
        expect(await anonymous.locator('main').textContent()).not.toContain(t.caseBody)
        await axe(anonymous, `${m.slug}/questions/:id handed off`)
        // The receipt of the private inquiry (composed by a job after the hand-off), not the official answer's mail.
        expect(await mailText(admin, m.slug, alice.email, /modtaget din henvendelse|tagit emot ditt ärende/)).toMatch(
          /\/inquiries\/s\/[A-Za-z0-9_-]+/,
        )

        // The public moderation log shows the decisions.
        await anonymous.goto(`${base}/moderation-log`)
        await axe(anonymous, `${m.slug}/moderation-log`)
        const log = (await anonymous.locator('main').textContent()) ?? ''
        expect(log).toContain(t.questionKind)
        expect(log).toContain(t.handedOffAction)
        for (const context of browser.contexts()) await context.close()
      },
      TIMEOUT,
    )
  }

  it('found no accessibility problems on the way', () => {
    expect(violations, violations.join('\n')).toEqual([])
  })
})
