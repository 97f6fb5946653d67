/**
 * End-to-end harness: the real server as a child process (`node --import tsx src/main.ts`) on a free
 * loopback port, over a fresh SQLite file, or over a fresh PostgreSQL database when TEST_DATABASE_URL
 * is set, and a headless Chromium driven by playwright-core.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { AxeBuilder } from '@axe-core/playwright'
import pg from 'pg'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { DEMO_PASSWORD } from '../../src/demo/data.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface RunningServer {
  baseUrl: string
  dialect: 'sqlite' | 'postgres'
  /** Everything the server printed so far. */
  output: () => string
  stop: () => Promise<void>
}

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

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** A database of its own for one server: a SQLite file in the data dir, or a new PostgreSQL database. */
async function freshDatabase(dataDir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL
  if (!admin) return { url: `sqlite:${path.join(dataDir, 'radhus.db')}`, drop: async () => {} }
  const name = `radhus_e2e_${randomBytes(5).toString('hex')}`
  await withAdmin(admin, (c) => c.query(`CREATE DATABASE ${name}`))
  const url = new URL(admin)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: () => withAdmin(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  }
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`)
    try {
      const res = await fetch(`${baseUrl}/healthz`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server did not answer /healthz within 60 s:\n${output()}`)
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'radhus-e2e-'))
  const database = await freshDatabase(dataDir)
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  let printed = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: baseUrl,
      RADHUS_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      // Every test signs in many times from one address.
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk) => {
    printed += chunk
  })
  child.stderr?.on('data', (chunk) => {
    printed += chunk
  })
  const output = () => printed
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await waitForHealth(baseUrl, child, output)
  } catch (error) {
    await stop()
    throw error
  }
  return { baseUrl, dialect: process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite', output, stop }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** The demo logins the server printed at start-up: `role email` pairs for one municipality's domain. */
export function printedLogins(output: string, domain: string): { role: string; email: string }[] {
  const logins: { role: string; email: string }[] = []
  for (const match of output.matchAll(/\s(\w+)\s+(\S+@\S+)\s+(\S+)\s*$/gm)) {
    const [, role, email, password] = match as unknown as [string, string, string, string]
    if (email.endsWith(`@${domain}`) && password === DEMO_PASSWORD) logins.push({ role, email })
  }
  return logins
}

/** Sign in through the login form the way a person does: label, type, press the button. */
export async function signIn(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`)
  await page.locator('#field-email').fill(email)
  await page.locator('#field-password').fill(password)
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type="submit"]').click()])
  await page.waitForLoadState('load')
}

/** The axe rule tags of WCAG 2.1 level A and AA: what every page must pass. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** What axe finds on the page as it is now, one line per element, labelled (page, language) for the report. */
export async function axeViolations(page: Page, label: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
  return result.violations.flatMap((rule) =>
    rule.nodes.map((node) => `${label} — ${rule.id}: ${rule.help} at ${node.target.join(' ')}`),
  )
}

/** A browser context with its own cookies, signed in as a staff member. */
export async function signedInContext(
  browser: Browser,
  baseUrl: string,
  locale: string,
  email: string,
): Promise<BrowserContext> {
  const context = await browser.newContext({ locale })
  await signIn(await context.newPage(), baseUrl, email)
  return context
}

/**
 * The newest mail to `to` whose subject matches, as text, read where a developer reads it: the outbox's
 * development capture (`/:m/staff/mail`), in a context signed in as the administrator. Polls, because the
 * worker sends in the background.
 */
export async function capturedMailText(
  admin: BrowserContext,
  baseUrl: string,
  slug: string,
  to: string,
  subject: RegExp,
): Promise<string> {
  const page = await admin.newPage()
  try {
    for (let attempt = 0; attempt < 60; attempt++) {
      await page.goto(`${baseUrl}/${slug}/staff/mail`)
      const row = page.locator('tbody tr', { hasText: to }).filter({ hasText: subject }).first()
      if (await row.count()) {
        await row.locator('a').first().click()
        await page.waitForLoadState('load')
        return (await page.locator('.mail-text').textContent()) ?? ''
      }
      await page.waitForTimeout(500)
    }
    throw new Error(`no mail to ${to} matching ${subject}`)
  } finally {
    await page.close()
  }
}
