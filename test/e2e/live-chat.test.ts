/**
 * The live chat as a new user tries it ("Done when" of the issue), in Danish and in Swedish at once: the
 * editor schedules a chat with a panel, citizens ask before and during it, the moderator assigns with the
 * keyboard and rejects one citing a house rule, two politicians answer, a viewer sees the pairs appear in
 * publish order (announced politely), a question sent after the end is refused, the page becomes the
 * transcript, and the full record (with the rejected question) exports. Every page visited passes axe.
 */
import { AxeBuilder } from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { utcToLocal } from '../../src/chats/time.ts'
import { DEMO_MUNICIPALITIES, type DemoMunicipality, demoEmail } from '../../src/demo/data.ts'
import { type Language, translator } from '../../src/i18n/index.ts'
import { launchBrowser, type RunningServer, signIn, startServer, WCAG_TAGS } from './harness.ts'

const [DK, SE] = DEMO_MUNICIPALITIES as [DemoMunicipality, DemoMunicipality]
/** The second politician on each demo panel (src/chats/demo.ts). */
const SECOND: Record<string, string> = { 'demo-kommune': 'Henrik Holm', 'demo-kommun': 'Lena Lind' }

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

const sleepUntil = async (iso: string) => {
  const ms = new Date(iso).getTime() - Date.now()
  if (ms > 0) await new Promise((r) => setTimeout(r, ms + 1500))
}

async function flow(demo: DemoMunicipality, language: Language): Promise<string[]> {
  const t = translator(language)
  const base = `${server.baseUrl}/${demo.slug}`
  const violations: string[] = []
  const contexts: BrowserContext[] = []
  const open = async (email?: string): Promise<Page> => {
    const context = await browser.newContext({ locale: language === 'da' ? 'da-DK' : 'sv-SE' })
    contexts.push(context)
    const page = await context.newPage()
    if (email) await signIn(page, server.baseUrl, email)
    await page.goto(`${server.baseUrl}/?lang=${language}`)
    return page
  }
  const axe = async (page: Page, label: string) => {
    const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
    for (const rule of result.violations) {
      for (const node of rule.nodes)
        violations.push(`${label} [${language}] — ${rule.id}: ${rule.help} at ${node.target.join(' ')}`)
    }
  }
  try {
    // The editor schedules a chat starting at the next full minute (at least 40 s away), two minutes long.
    const editor = await open(demoEmail(demo, 'editor'))
    await editor.goto(`${base}/staff`)
    await editor.getByRole('link', { name: t('chats.staff.title') }).click()
    await editor.getByRole('link', { name: t('chats.schedule.title') }).click()
    await axe(editor, 'schedule form')
    const start = new Date(Math.ceil((Date.now() + 40_000) / 60_000) * 60_000)
    const end = new Date(start.getTime() + 120_000)
    const title = language === 'da' ? 'Spørg politikerne om havnen' : 'Fråga politikerna om hamnen'
    const pia = demo.staff.find((s) => s.role === 'politician')?.name as string
    const moderatorName = demo.staff.find((s) => s.role === 'moderator')?.name as string
    await editor.locator('#field-title').fill(title)
    await editor.locator('#field-topic').fill(language === 'da' ? 'Den nye havnefront.' : 'Den nya hamnfronten.')
    await editor.locator('#field-startsAt').fill(utcToLocal(start.toISOString(), demo.timeZone))
    await editor.locator('#field-endsAt').fill(utcToLocal(end.toISOString(), demo.timeZone))
    for (const [name, party] of [
      [pia, language === 'da' ? 'Venstre' : 'Moderaterna'],
      [SECOND[demo.slug] as string, language === 'da' ? 'Socialdemokratiet' : 'Socialdemokraterna'],
    ] as const) {
      await editor.getByLabel(name, { exact: true }).check()
      await editor.getByLabel(t('chats.schedule.field_party', { name }), { exact: true }).fill(party)
    }
    await editor.getByLabel(moderatorName, { exact: true }).check()
    await Promise.all([
      editor.waitForURL(/scheduled=1/),
      editor.getByRole('button', { name: t('chats.schedule.submit') }).click(),
    ])
    await expect(editor.locator('.alert-success').textContent()).resolves.toContain(t('chats.schedule.done'))
    await axe(editor, 'staff chat list')
    const href = (await editor.getByRole('link', { name: title, exact: true }).getAttribute('href')) as string
    const chatUrl = `${server.baseUrl}${href}`

    // A citizen finds it from the front page and asks before the start.
    const citizen = await open()
    await citizen.goto(base)
    await citizen.getByRole('link', { name: t('chats.list.title') }).click()
    await citizen.getByRole('link', { name: title }).click()
    await expect(citizen.locator('main').textContent()).resolves.toContain(t('chats.phase.upcoming'))
    await axe(citizen, 'chat page before the start')
    const ask = async (page: Page, name: string, question: string) => {
      await page.locator('#field-name').fill(name)
      await page.locator('#field-question').fill(question)
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: t('chats.ask.submit') }).click(),
      ])
    }
    const q1 = language === 'da' ? 'Hvornår åbner havnebadet?' : 'När öppnar hamnbadet?'
    await ask(citizen, 'Ida', q1)
    await expect(citizen.locator('.alert-success').textContent()).resolves.toContain(t('chats.ask.received'))
    await axe(citizen, 'chat page after asking')

    // A viewer opens the page with JavaScript and waits for answers.
    const viewer = await open()
    await viewer.goto(chatUrl)

    await sleepUntil(start.toISOString())
    const q2 =
      language === 'da' ? 'Kommer der flere p-pladser ved havnen?' : 'Blir det fler parkeringsplatser vid hamnen?'
    const spam =
      language === 'da' ? 'Køb billige både hos mig på havnen i dag' : 'Köp billiga båtar av mig i hamnen i dag'
    await citizen.goto(chatUrl)
    await ask(citizen, 'Ole', q2)
    await citizen.goto(chatUrl)
    await ask(citizen, 'Sælger', spam)

    // The moderator: keys 1 and 2 assign the focused (first) question to politician 1 and 2.
    const moderator = await open(demoEmail(demo, 'moderator'))
    await moderator.goto(`${chatUrl.replace('/live/', '/staff/chats/')}/moderate`)
    await axe(moderator, 'moderator console')
    await expect(moderator.locator('[data-question]').count()).resolves.toBe(3)
    for (const key of ['1', '2']) {
      await moderator.locator('[data-question]').first().focus()
      await Promise.all([moderator.waitForEvent('load'), moderator.keyboard.press(key)])
    }
    // The first two questions went to the panel's politicians 1 and 2 (as the select numbers them); the spam waits.
    const assigned = await moderator.locator('ol[aria-labelledby="queue-assigned"] > li').allTextContents()
    expect(assigned[0]).toContain(q1)
    expect(assigned[1]).toContain(q2)
    // The spam is rejected citing a house rule, with the plain form.
    const card = moderator.locator('[data-question]').first()
    await expect(card.textContent()).resolves.toContain(spam)
    await card.locator('select[name="rule"]').selectOption('no-commercial')
    await Promise.all([
      moderator.waitForLoadState('load'),
      card.getByRole('button', { name: t('chats.moderate.reject') }).click(),
    ])
    await expect(moderator.locator('ol[aria-labelledby="queue-pending"] > li').count()).resolves.toBe(0)

    // The second politician answers first, then the first: the viewer sees them in that order.
    const answer = async (email: string, text: string) => {
      const politician = await open(email)
      await politician.goto(`${chatUrl.replace('/live/', '/staff/chats/')}/answer`)
      await axe(politician, 'politician console')
      const question = (await politician.locator('.chat-card .chat-text').first().textContent())?.trim() ?? ''
      await politician.locator('textarea[name="answer"]').first().fill(text)
      await Promise.all([
        politician.waitForLoadState('load'),
        politician
          .getByRole('button', { name: t('chats.answer.publish') })
          .first()
          .click(),
      ])
      await expect(politician.locator('.alert-success').textContent()).resolves.toContain(t('chats.answer.done'))
      return question
    }
    const a2 = language === 'da' ? 'Vi planlægger 200 nye pladser.' : 'Vi planerar 200 nya platser.'
    const a1 = language === 'da' ? 'Havnebadet åbner 1. juni.' : 'Hamnbadet öppnar den 1 juni.'
    const answeredFirst = await answer(`politician2@${demo.emailDomain}`, a2)
    const answeredSecond = await answer(demoEmail(demo, 'politician'), a1)
    expect([answeredFirst, answeredSecond].sort()).toEqual([q1, q2].sort())
    await viewer.locator('#chat-pairs li').nth(1).waitFor({ timeout: 20_000 })
    const pairs = await viewer.locator('#chat-pairs li').allTextContents()
    expect(pairs[0]).toContain(a2)
    expect(pairs[0]).toContain(SECOND[demo.slug])
    expect(pairs[0]).toContain(answeredFirst)
    expect(pairs[1]).toContain(a1)
    expect(pairs[1]).toContain(answeredSecond)
    expect(pairs[1]).toContain(pia)
    await expect(viewer.locator('#chat-announcer').textContent()).resolves.toContain(pia)
    await axe(viewer, 'chat page with live pairs')
    // Without JavaScript, a reload shows the same pairs in the same order.
    const reloaded = await viewer.context().request.get(chatUrl)
    const html = await reloaded.text()
    expect(html.indexOf(a2)).toBeLessThan(html.indexOf(a1))

    // A question sent after the end is refused with a clear message; the page is now the transcript.
    const late = await open()
    await late.goto(chatUrl)
    await late.locator('#field-name').fill('Sen')
    await late.locator('#field-question').fill(language === 'da' ? 'Er jeg for sent?' : 'Är jag för sen?')
    await sleepUntil(end.toISOString())
    const [response] = await Promise.all([
      late.waitForResponse((r) => r.url().endsWith('/questions')),
      late.getByRole('button', { name: t('chats.ask.submit') }).click(),
    ])
    expect(response.status()).toBe(409)
    await late.waitForLoadState('load')
    await expect(late.locator('main').textContent()).resolves.toContain(t('chats.ask.closed'))
    await axe(late, 'late question refused')
    await late.goto(chatUrl)
    await expect(late.locator('h2#chat-pairs-heading').textContent()).resolves.toBe(t('chats.public.transcript'))
    const transcript = await late.locator('main').textContent()
    expect(transcript).toContain(a1)
    expect(transcript).not.toContain(spam)
    await axe(late, 'transcript')

    // The full record exports, rejected question and rule included.
    await editor.goto(`${base}/staff/chats`)
    const csvHref = (await editor
      .getByRole('link', { name: t('chats.export.csv', { title }) })
      .getAttribute('href')) as string
    const csv = await (await editor.context().request.get(`${server.baseUrl}${csvHref}`)).text()
    for (const expected of [q1, q2, spam, 'no-commercial', a1, a2, t('chats.state.rejected')])
      expect(csv).toContain(expected)
    const pdf = await editor.context().request.get(`${server.baseUrl}${csvHref.replace('.csv', '.pdf')}`)
    expect(pdf.headers()['content-type']).toBe('application/pdf')
  } finally {
    for (const c of contexts) await c.close()
  }
  return violations
}

describe(`live chat in a browser [${process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'}]`, () => {
  it('runs a whole chat in Danish and in Swedish, every page passing axe', { timeout: 600_000 }, async () => {
    const [da, sv] = await Promise.all([flow(DK, 'da'), flow(SE, 'sv')])
    expect([...da, ...sv], [...da, ...sv].join('\n')).toEqual([])
  })
})
