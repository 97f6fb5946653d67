/**
 * The contact centre as a new user meets it (issue #4, "Done when"), in a real browser against the real
 * server, in Danish (demo-kommune) and Swedish (demo-kommun): a citizen sends the contact form with an
 * attachment and gets the receipt e-mail; the inquiry appears in an agent's open inbox without a reload;
 * the agent routes it, answers it from a canned answer; the citizen replies by e-mail (SMTP, to the
 * receipt's Reply-To) and the reply threads into the inquiry; five similar inquiries get one answer.
 */
import net from 'node:net'
import nodemailer from 'nodemailer'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_MUNICIPALITIES, demoEmail } from '../../src/demo/data.ts'
import { translator } from '../../src/i18n/index.ts'
import { launchBrowser, type RunningServer, signIn, startServer } from './harness.ts'

const FLOW_TIMEOUT = 180_000
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

let server: RunningServer
let browser: Browser
let smtpPort: number

beforeAll(async () => {
  smtpPort = await freePort()
  server = await startServer({ SMTP_INBOUND_PORT: String(smtpPort) })
  browser = await launchBrowser()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Poll a page until `found` returns something (the worker sends mail within a second or two). */
async function eventually<T>(what: string, attempt: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const value = await attempt()
    if (value !== undefined) return value
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`gave up waiting for ${what}`)
}

const CASES = [
  {
    municipality: DEMO_MUNICIPALITIES[0] as (typeof DEMO_MUNICIPALITIES)[number],
    language: 'da' as const,
    message: 'Der står en gammel sofa på fortovet ved Birkevej 12. Kan I hente den?',
    reply: 'Tak for svaret. Sofaen står der stadig i dag.',
    similar: 'Hvornår henter I storskrald på Østergade? Sofaen står ude.',
  },
  {
    municipality: DEMO_MUNICIPALITIES[1] as (typeof DEMO_MUNICIPALITIES)[number],
    language: 'sv' as const,
    message: 'Det står en gammal soffa på trottoaren vid Björkvägen 12. Kan ni hämta den?',
    reply: 'Tack för svaret. Soffan står kvar i dag.',
    similar: 'När hämtar ni grovavfall på Storgatan? Soffan står ute.',
  },
]

describe(`the contact centre in a browser [${process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite'}]`, () => {
  for (const { municipality, language, message, reply, similar } of CASES) {
    const t = translator(language)
    const slug = municipality.slug

    it(
      `form with attachment, receipt e-mail, live inbox, route, canned answer, e-mail reply, five at once [${language}]`,
      async () => {
        const contexts: BrowserContext[] = []
        const open = async () => {
          const context = await browser.newContext({ locale: language === 'da' ? 'da-DK' : 'sv-SE' })
          contexts.push(context)
          return context.newPage()
        }
        try {
          // An agent has the inbox open before the citizen writes.
          const agent = await open()
          await signIn(agent, server.baseUrl, demoEmail(municipality, 'agent'))
          await agent.goto(`${server.baseUrl}/${slug}/staff/inbox?lang=${language}`)
          await agent.waitForLoadState('load')

          // The citizen: the contact form with a PDF attached, then the receipt page.
          const citizen = await open()
          const email = `borger.${language}@example.test`
          await citizen.goto(`${server.baseUrl}/${slug}/contact?lang=${language}`)
          await citizen.locator('#field-topic').selectOption({ index: 1 })
          await citizen.locator('#field-message').fill(message)
          await citizen.locator('#field-name').fill('Kim Testesen')
          await citizen.locator('#field-email').fill(email)
          await citizen.locator('#field-attachments').setInputFiles({
            name: 'foto.pdf',
            mimeType: 'application/pdf',
            buffer: PDF,
          })
          await Promise.all([
            citizen.waitForURL(/\/receipt$/),
            citizen.locator('main form button[type="submit"]').click(),
          ])
          const receiptText = (await citizen.locator('main').textContent()) ?? ''
          const reference = receiptText.match(/[A-Z]+-\d{4}-\d{6}/)?.[0] as string
          expect(reference, receiptText).toBeTruthy()
          expect(receiptText).toContain('foto.pdf')

          // Live: the reference appears in the agent's inbox without a reload.
          await agent.locator('#inbox-results').getByText(reference).waitFor({ timeout: 20_000 })

          // The receipt e-mail, as the development capture holds it: reference, attachment, Reply-To.
          const admin = await open()
          await signIn(admin, server.baseUrl, demoEmail(municipality, 'admin'))
          const receipt = await eventually('the receipt e-mail', async () => {
            await admin.goto(`${server.baseUrl}/${slug}/staff/mail?lang=${language}`)
            const link = admin.locator('main table a', { hasText: reference }).first()
            return (await link.count()) ? link : undefined
          })
          await Promise.all([admin.waitForLoadState('load'), receipt.click()])
          const mailText = (await admin.locator('main').textContent()) ?? ''
          expect(mailText).toContain(reference)
          expect(mailText).toContain('foto.pdf')
          const replyTo = mailText.match(/[a-z0-9.-]+\+[0-9a-f]{32}@[a-z0-9.-]+/)?.[0] as string
          expect(replyTo, 'the Reply-To plus address').toBeTruthy()

          // The agent opens the inquiry from the inbox and routes it with a reason.
          await Promise.all([
            agent.waitForLoadState('load'),
            agent.locator('#inbox-results').getByText(reference).click(),
          ])
          const inquiryUrl = agent.url().replace(/[?#].*$/, '')
          await agent.locator('#field-department').selectOption({ index: 1 })
          await agent
            .locator('#field-route_reason')
            .fill(language === 'da' ? 'Hører til afdelingen' : 'Hör till avdelningen')
          await Promise.all([
            agent.waitForLoadState('load'),
            agent.locator(`form[action$="/route"] button[type="submit"]`).click(),
          ])
          await expect(agent.locator('main').textContent()).resolves.toContain(t('inquiries.case.done.routed'))

          // Answer from a canned answer: the picker fills the answer box, the agent sends it.
          await agent.locator('#field-canned').selectOption({ index: 1 })
          await agent.locator('form[data-canned-picker] button[type="submit"]').click()
          await expect
            .poll(() => agent.locator('#field-answer').inputValue(), { timeout: 10_000 })
            .toContain('Kim Testesen')
          await Promise.all([
            agent.waitForLoadState('load'),
            agent.locator(`form[action$="/answer"] button[type="submit"]`).click(),
          ])
          await expect(agent.locator('main').textContent()).resolves.toContain(t('inquiries.case.done.answered'))

          // The citizen answers by e-mail, to the receipt's Reply-To; the reply threads into the inquiry.
          await nodemailer
            .createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true })
            .sendMail({ from: email, to: replyTo, subject: `Re: ${reference}`, text: reply })
          await eventually('the e-mail reply in the thread', async () => {
            await agent.goto(`${inquiryUrl}?lang=${language}`)
            return ((await agent.locator('main').textContent()) ?? '').includes(reply) ? true : undefined
          })
          await expect(agent.locator('main').textContent()).resolves.toContain(t('inquiries.status.open'))

          // Five similar inquiries, one answer: accept the suggested group and send.
          const references: string[] = []
          for (let i = 0; i < 5; i++) {
            const res = await fetch(`${server.baseUrl}/api/v1/inquiries`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                municipality: slug,
                topic: 'bulky-waste',
                message: `${similar} (${i + 1})`,
                name: `Nabo ${i + 1}`,
                email: `nabo${i + 1}.${language}@example.test`,
                language,
              }),
            })
            expect(res.status).toBe(201)
            references.push(((await res.json()) as { reference: string }).reference)
          }
          await agent.goto(`${server.baseUrl}/${slug}/staff/inbox/bulk?lang=${language}`)
          const group = agent.locator('li.bulk-group', { hasText: references[0] as string })
          for (const r of references) await expect(group.textContent()).resolves.toContain(r)
          await Promise.all([agent.waitForLoadState('load'), group.locator('a.button').click()])
          // The group ticks all five (and any older alike inquiry of the demo data); the answer goes to exactly those.
          const ticked = await agent.locator('input[name="ids"]:checked').count()
          expect(ticked).toBeGreaterThanOrEqual(5)
          for (const r of references) {
            await expect(agent.locator('label', { hasText: r }).locator('xpath=../input').isChecked()).resolves.toBe(
              true,
            )
          }
          await agent
            .locator(`#field-answer_${language}`)
            .fill(language === 'da' ? 'Vi henter mandag.' : 'Vi hämtar på måndag.')
          await Promise.all([
            agent.waitForLoadState('load'),
            agent.locator(`form:has(#field-answer_${language}) button.button-primary`).click(),
          ])
          const done = (await agent.locator('main').textContent()) ?? ''
          expect(done).toContain(t('bulk.sent.notice', { count: ticked }))
        } finally {
          for (const context of contexts) await context.close()
        }
      },
      FLOW_TIMEOUT,
    )
  }
})
