/**
 * Accessibility crawl: in each language, as a visitor and as the demo admin, follow every same-origin
 * link by GET (so pages added later are found without listing them here) and run axe with the WCAG 2.1
 * A and AA rules on each page. The other roles crawl in Danish and have only the pages axe has not
 * seen yet checked, since most of what they see is the admin's view minus some links.
 * A failure lists page, rule and element, so it can be fixed without re-running anything.
 */
import { createHash } from 'node:crypto'
import { AxeBuilder } from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_MUNICIPALITIES, demoEmail } from '../../src/demo/data.ts'
import { launchBrowser, type RunningServer, signIn, startServer, WCAG_TAGS } from './harness.ts'

const DK = DEMO_MUNICIPALITIES[0] as (typeof DEMO_MUNICIPALITIES)[number]
const LANGUAGES = ['da', 'sv', 'en'] as const
const MAX_PAGES = 100
/** A full crawl on a busy two-core machine takes a minute or two. */
const CRAWL_TIMEOUT = 600_000
/**
 * Where a crawl starts besides the links it finds: the front door, sign-in, the API reference, a missing
 * page, and the public answers (no page links to them yet).
 */
const SEEDS = ['/', '/login', '/staff', '/api/docs', '/no-such-page', `/${DK.slug}/answers`]
/** Query variants of one path worth checking: filters and journal subjects repeat one page's markup. */
const MAX_VARIANTS = 3
/** Contact-centre pages the admin must reach by links (the demo inbox has inquiries, so its pages are filled). */
const ADMIN_MUST_REACH = [
  'staff/inbox',
  'staff/inquiries/:id',
  'staff/canned-answers',
  'staff/routing',
  'staff/deadlines',
  'staff/inbox/bulk',
  'staff/settings/email',
  'staff/mail',
  'answers',
  'contact',
  'questions',
  'questions/:id',
  'questions/ask',
  'staff/board',
  // Self-service; its form, check, receipt, status, form editor and new-campaign pages are checked by
  // selfservice.test.ts (reached by sending forms, or too deep for the crawl's page limit).
  'services',
  'staff/services',
  'staff/campaigns',
  // Moderation; the queue with items, the log, reports and appeals are checked in da, sv and en by moderation.test.ts.
  'house-rules',
  'moderation-log',
  'staff/moderation',
  'staff/moderation/settings',
  // Dialogs: their forms, receipts and feedback pages are checked in da and sv by dialogs.test.ts.
  'dialogs',
  'dialogs/:id',
  'staff/dialogs',
  'staff/dialogs/:id',
  // Live chats: the consoles (moderator, politician), asking, the late refusal and the transcript are checked
  // in da and sv by live-chat.test.ts.
  'live',
  'live/:id',
  'staff/chats',
].map((p) => `/${DK.slug}/${p}`)

let server: RunningServer
let browser: Browser
/** Pages already checked, by content: a role seeing exactly what another saw needs no second run. */
const checked = new Set<string>()

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Links a crawl must not follow: actions, files, machine-readable documents, and the language switch. */
function crawlable(url: URL, origin: string): boolean {
  if (url.origin !== origin) return false
  if (url.searchParams.has('lang')) return false
  const p = url.pathname
  if (/\.(csv|pdf|json)$/.test(p)) return false
  return !(p === '/logout' || p.startsWith('/assets/') || p === '/api/openapi.json' || p === '/healthz')
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi

/**
 * One key per kind of page: the path and query without the sign-in return address (it varies per
 * page), and with record ids folded, so one person's or one case's page stands for all of them.
 */
function pageKey(url: URL): string {
  const params = new URLSearchParams(url.search)
  params.delete('next')
  params.sort()
  const query = params.toString()
  return `${url.pathname}${query ? `?${query}` : ''}`.replace(UUID, ':id')
}

async function axeViolations(page: Page, label: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
  return result.violations.flatMap((rule) =>
    rule.nodes.map(
      (node) =>
        `${label} — ${rule.id} (${rule.impact}): ${rule.help}\n    at ${node.target.join(' ')}\n    ${node.failureSummary?.replace(/\n/g, '\n    ')}`,
    ),
  )
}

interface CrawlResult {
  visited: string[]
  violations: string[]
}

async function crawl(context: BrowserContext, who: string, language: string, onlyNew: boolean): Promise<CrawlResult> {
  const origin = server.baseUrl
  const page = await context.newPage()
  const queue = SEEDS.map((seed) => new URL(seed, origin))
  const seen = new Set(queue.map(pageKey))
  const variants = new Map<string, number>()
  const visited: string[] = []
  const violations: string[] = []
  while (queue.length && visited.length < MAX_PAGES) {
    const url = queue.shift() as URL
    // A link to a file (a CSV or PDF export) starts a download instead of a page: nothing for axe there.
    const response = await page.goto(url.toString()).catch((error: Error) => {
      if (error.message.includes('Download is starting')) return null
      throw error
    })
    if (!response?.headers()['content-type']?.startsWith('text/html')) continue
    const here = new URL(page.url())
    // A redirect may land on a page this crawl has already checked (sign-in, mostly).
    if (visited.some((v) => v.startsWith(`${pageKey(here)} `))) continue
    visited.push(`${pageKey(here)} ${response.status()}`)

    const html = await page.content()
    const fingerprint = createHash('sha256')
      .update(`${language} ${pageKey(here)} ${await page.locator('main').innerHTML()}`)
      .digest('hex')
    if (!onlyNew || !checked.has(fingerprint)) {
      checked.add(fingerprint)
      violations.push(...(await axeViolations(page, `${pageKey(here)} [${language}, ${who}]`)))
    }
    expect(html, `${pageKey(here)} shows a stack trace`).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/)

    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((links) => links.map((a) => (a as unknown as { href: string }).href))
    for (const href of hrefs) {
      const next = new URL(href)
      next.hash = ''
      const key = pageKey(next)
      if (!crawlable(next, origin) || seen.has(key)) continue
      const path = next.pathname.replace(UUID, ':id')
      if (next.search && (variants.get(path) ?? 0) >= MAX_VARIANTS) continue
      if (next.search) variants.set(path, (variants.get(path) ?? 0) + 1)
      seen.add(key)
      queue.push(next)
    }
  }
  await page.close()
  return { visited, violations }
}

async function contextFor(language: string, email?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'da-DK' })
  const page = await context.newPage()
  if (email) await signIn(page, server.baseUrl, email)
  // ?lang= sets the language cookie for the rest of the crawl.
  await page.goto(`${server.baseUrl}/?lang=${language}`)
  await page.close()
  return context
}

function report({ visited, violations }: CrawlResult, label: string): void {
  console.info(`${label}: ${visited.length} pages\n  ${visited.join('\n  ')}`)
  expect(visited.length, 'pages crawled').toBeGreaterThan(3)
  expect(violations, `axe found problems on ${visited.length} pages crawled:\n${violations.join('\n')}`).toEqual([])
}

// Axe results do not depend on the database: CI runs the crawl in its SQLite pass only (E2E_SKIP_CRAWL=1 in the other).
describe.skipIf(process.env.E2E_SKIP_CRAWL === '1')(
  `accessibility (axe, WCAG 2.1 AA) [${process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'}]`,
  () => {
    for (const language of LANGUAGES) {
      it(
        `every page a visitor reaches in ${language}`,
        async () => {
          const context = await contextFor(language)
          report(await crawl(context, 'visitor', language, false), `visitor ${language}`)
          await context.close()
        },
        CRAWL_TIMEOUT,
      )

      it(
        `every page the admin reaches in ${language}`,
        async () => {
          const context = await contextFor(language, demoEmail(DK, 'admin'))
          const result = await crawl(context, 'admin', language, false)
          const reached = new Set(result.visited.map((v) => v.split(' ')[0]))
          expect(ADMIN_MUST_REACH.filter((p) => !reached.has(p))).toEqual([])
          report(result, `admin ${language}`)
          await context.close()
        },
        CRAWL_TIMEOUT,
      )
    }

    for (const { role } of DK.staff.filter((s) => s.role !== 'admin')) {
      it(
        `the pages only the ${role} sees, in da`,
        async () => {
          const context = await contextFor('da', demoEmail(DK, role))
          const result = await crawl(context, role, 'da', true)
          expect(result.violations, result.violations.join('\n')).toEqual([])
          await context.close()
        },
        CRAWL_TIMEOUT,
      )
    }

    it(
      'the contact form sent once, and its receipt, in every language',
      async () => {
        const violations: string[] = []
        for (const language of LANGUAGES) {
          const context = await contextFor(language)
          const page = await context.newPage()
          await page.goto(`${server.baseUrl}/${DK.slug}/contact`)
          await page.locator('#field-topic').selectOption({ index: 1 })
          await page.locator('#field-message').fill('Hvornår henter I storskrald på Birkevej?')
          await page.locator('#field-name').fill('Jens Hansen')
          await page.locator('#field-email').fill('jens.hansen@borger.test')
          await Promise.all([page.waitForURL(/\/receipt$/), page.locator('main form button[type="submit"]').click()])
          await expect(page.locator('.status-link').count()).resolves.toBe(1)
          violations.push(...(await axeViolations(page, `/${DK.slug}/inquiries/s/:token/receipt [${language}]`)))
          // The citizen's status page, which the receipt links to.
          await page.locator('.status-link').click()
          await page.waitForLoadState('load')
          violations.push(...(await axeViolations(page, `/${DK.slug}/inquiries/s/:token [${language}]`)))
          await context.close()
        }
        expect(violations, violations.join('\n')).toEqual([])
      },
      CRAWL_TIMEOUT,
    )

    it(
      'a form with errors (wrong password) in every language',
      async () => {
        const violations: string[] = []
        for (const language of LANGUAGES) {
          const context = await contextFor(language)
          const page = await context.newPage()
          await signIn(page, server.baseUrl, demoEmail(DK, 'admin'), 'wrong-password')
          await expect(page.locator('.alert-error').count()).resolves.toBe(1)
          await expect(page.locator('#field-email').getAttribute('aria-invalid')).resolves.toBe('true')
          violations.push(...(await axeViolations(page, `/login with errors [${language}]`)))
          await context.close()
        }
        expect(violations, violations.join('\n')).toEqual([])
      },
      CRAWL_TIMEOUT,
    )
  },
)
