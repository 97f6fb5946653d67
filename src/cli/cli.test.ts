/** The `radhus` command, run as operators run it: a separate process reading the environment. */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { signIn } from '../identity/service.ts'
import { secretHash } from '../identity/tokens.ts'
import { allowJournalRewrites, flipFirstByte } from '../journal/testing.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import { forEachDialect, type TestDatabase } from '../testing/db.ts'

// Each command is a fresh Node process compiling TypeScript on start: seconds each when the machine is busy.
vi.setConfig({ testTimeout: 60_000 })

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'radhus-cli-'))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

async function radhus(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ['bin/radhus.mjs', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      // Vitest puts Vite's BASE_URL ("/") into the environment; the CLI would rightly refuse it.
      BASE_URL: 'http://localhost:3000',
      RADHUS_DATA_DIR: DATA_DIR,
      RADHUS_SECRET: 'cli-test-secret-cli-test-secret-42',
      ...env,
    },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString()
  })
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString()
  })
  const [code] = await once(child, 'close')
  return { code: code as number | null, stdout, stderr }
}

/** The URL the CLI is given: the test database, with its PostgreSQL schema in the connection options. */
function databaseUrl(database: TestDatabase): string {
  if (!database.schema) return database.url
  const url = new URL(database.url)
  url.searchParams.set('options', `-c search_path=${database.schema}`)
  return url.toString()
}

const lines = (text: string) => text.trimEnd().split('\n')

async function journalActorsFor(database: TestDatabase, action: string) {
  return database.db.selectFrom('journal').select(['actor_type', 'actor_id']).where('action', '=', action).execute()
}

describe('radhus (no database needed)', () => {
  it('shows help listing every command, as node bin/radhus.mjs and as npx radhus', async () => {
    const direct = await radhus(['--help'])
    expect(direct.code).toBe(0)
    for (const command of ['migrate', 'seed', 'user', 'token', 'journal']) expect(direct.stdout).toContain(command)
    const child = spawn('npx', ['--no-install', 'radhus', '--help'], { cwd: ROOT })
    let out = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
    })
    const [code] = await once(child, 'close')
    expect(code).toBe(0)
    expect(out).toBe(direct.stdout)
  })

  it('stops on a bad environment value with one sentence and no stack trace', async () => {
    const run = await radhus(['journal', 'verify'], { PORT: 'abc', DATABASE_URL: 'sqlite:/nonexistent/never.db' })
    expect(run.code).toBe(78)
    expect(lines(run.stderr)).toEqual(['radhus: PORT must be a whole number from 0 to 65535, not "abc".'])
  })
})

forEachDialect('radhus commands', (current) => {
  const env = () => ({ DATABASE_URL: databaseUrl(current()) })
  const run = (...args: string[]) => radhus(args, env())

  it('migrate says the database is already up to date', async () => {
    const res = await run('migrate')
    expect(res.code, res.stderr).toBe(0)
    expect(res.stdout).toContain('up to date')
  })

  it('seed demo seeds an empty database once, and says so the second time', async () => {
    const first = await run('seed', 'demo')
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain('admin@demo-kommune.test')
    expect(await findMunicipalityBySlug(current().db, 'demo-kommun')).toBeTruthy()
    const second = await run('seed', 'demo')
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('already has municipalities')
  })

  it('user create makes staff with a generated password that signs in, journaled as the CLI', async () => {
    const res = await run(
      'user',
      'create',
      '--municipality',
      'demo-kommune',
      '--email',
      'Ny.Medarbejder@Kommune.dk',
      '--role',
      'agent',
      '--role',
      'caseworker',
      '--name',
      'Ny Medarbejder',
    )
    expect(res.code, res.stderr).toBe(0)
    const password = res.stdout.match(/Password \(shown only now\): (\S+)/)?.[1] ?? ''
    expect(password.length).toBeGreaterThanOrEqual(24)
    const signedIn = await signIn(current().db, 'ny.medarbejder@kommune.dk', password, '203.0.113.9')
    expect(signedIn?.user.name).toBe('Ny Medarbejder')
    const m = await findMunicipalityBySlug(current().db, 'demo-kommune')
    const roles = await current()
      .db.selectFrom('memberships')
      .select('role')
      .where('user_id', '=', signedIn?.user.id ?? '')
      .where('municipality_id', '=', m?.id ?? '')
      .orderBy('role')
      .execute()
    expect(roles.map((r) => r.role)).toEqual(['agent', 'caseworker'])
    expect(await journalActorsFor(current(), 'identity.staff.added')).toContainEqual({
      actor_type: 'system',
      actor_id: 'cli',
    })
  })

  it('user create refuses an unknown role, an unknown municipality and a short password in one sentence', async () => {
    const cases: [string[], RegExp][] = [
      [['--municipality', 'demo-kommune', '--role', 'boss'], /^radhus: "boss" is not a role; the roles are admin/],
      [
        ['--municipality', 'atlantis', '--role', 'agent'],
        /^radhus: There is no municipality with the slug "atlantis"\.$/,
      ],
      [['--municipality', 'demo-kommune', '--role', 'agent', '--password', 'short'], /at least 12 characters/],
    ]
    for (const [args, message] of cases) {
      const res = await run('user', 'create', '--email', 'refused@kommune.dk', ...args)
      expect(res.code).toBe(1)
      expect(lines(res.stderr)).toHaveLength(1)
      expect(res.stderr.trim()).toMatch(message)
    }
    const user = await current().db.selectFrom('users').select('id').where('email', '=', 'refused@kommune.dk').execute()
    expect(user).toEqual([])
  })

  it('user create refuses someone who is already staff there', async () => {
    const res = await run(
      'user',
      'create',
      '--municipality',
      'demo-kommune',
      '--email',
      'agent@demo-kommune.test',
      '--role',
      'editor',
    )
    expect(res.code).toBe(1)
    expect(res.stderr.trim()).toBe('radhus: This person is already staff in this municipality.')
  })

  it('token create prints the token alone on the last line, stores only its hash, and journals it', async () => {
    const res = await run(
      'token',
      'create',
      '--municipality',
      'demo-kommune',
      '--email',
      'agent@demo-kommune.test',
      '--name',
      'Robot',
    )
    expect(res.code, res.stderr).toBe(0)
    const token = lines(res.stdout).at(-1) ?? ''
    expect(token).toMatch(/^rdh_[A-Za-z0-9_-]{43}$/)
    const row = await current()
      .db.selectFrom('api_tokens')
      .select(['name', 'token_hash'])
      .where('token_hash', '=', secretHash(token))
      .executeTakeFirst()
    expect(row?.name).toBe('Robot')
    expect(await journalActorsFor(current(), 'identity.token.created')).toContainEqual({
      actor_type: 'system',
      actor_id: 'cli',
    })
  })

  it('token create refuses a person with no role in that municipality', async () => {
    const res = await run('token', 'create', '--municipality', 'demo-kommun', '--email', 'agent@demo-kommune.test')
    expect(res.code).toBe(1)
    expect(res.stderr.trim()).toBe(
      'radhus: agent@demo-kommune.test has no role in Demo Kommun, so cannot have a token there.',
    )
  })

  it('journal verify reports each intact municipality and exits 0', async () => {
    const all = await run('journal', 'verify')
    expect(all.code, all.stderr).toBe(0)
    expect(all.stdout).toMatch(/^demo-kommun: intact, \d+ entries and \d+ documents checked/m)
    expect(all.stdout).toMatch(/^demo-kommune: intact, \d+ entries and \d+ documents checked/m)
    const one = await run('journal', 'verify', '--municipality', 'demo-kommun')
    expect(lines(one.stdout)).toHaveLength(1)
  })
})

forEachDialect('radhus journal verify on a tampered journal', (current) => {
  it('exits 1 naming the municipality, the first broken entry and the reason', async () => {
    const database = current()
    const env = { DATABASE_URL: databaseUrl(database) }
    expect((await radhus(['seed', 'demo'], env)).code).toBe(0)
    const m = await findMunicipalityBySlug(database.db, 'demo-kommune')
    const entry = await database.db
      .selectFrom('journal')
      .select('summary')
      .where('municipality_id', '=', m?.id ?? '')
      .where('seq', '=', 3)
      .executeTakeFirstOrThrow()
    await allowJournalRewrites(database.db)
    await database.db
      .updateTable('journal')
      .set({ summary: flipFirstByte(entry.summary) })
      .where('municipality_id', '=', m?.id ?? '')
      .where('seq', '=', 3)
      .execute()

    const res = await radhus(['journal', 'verify'], env)
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/^demo-kommun: intact/m)
    expect(res.stdout).toMatch(/^demo-kommune: BROKEN at entry 3/m)
    expect(res.stderr.trim()).toBe(
      'radhus: The journal of Demo Kommune (demo-kommune) is broken at entry 3: its content does not match its hash.',
    )
  })
})
