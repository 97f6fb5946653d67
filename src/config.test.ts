import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'radhus-config-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const base = { RADHUS_DATA_DIR: dataDir }

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ ...base, ...env })
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`)
}

describe('loadConfig', () => {
  it('accepts the defaults and good values', () => {
    const config = loadConfig({
      ...base,
      PORT: '8080',
      DATABASE_URL: 'postgres://radhus:secret@db/radhus',
      BASE_URL: 'https://radhus.example.dk/',
      SMTP_URL: 'smtps://mail.example.dk',
      LOG_LEVEL: 'warn',
      RATE_LIMITS: 'off',
      RADHUS_SECRET: 'x'.repeat(32),
    })
    expect(config).toMatchObject({ port: 8080, baseUrl: 'https://radhus.example.dk', logLevel: 'warn' })
    expect(config.rateLimits).toBe(false)
    expect(loadConfig(base).databaseUrl).toBe(`sqlite:${path.join(dataDir, 'radhus.db')}`)
  })

  const BAD: [variable: string, value: string][] = [
    ['PORT', 'eighty'],
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['PORT', ''],
    ['DATABASE_URL', 'mysql://db/radhus'],
    ['DATABASE_URL', 'sqlite:'],
    ['DATABASE_URL', 'postgres://'],
    ['BASE_URL', 'radhus.example.dk'],
    ['BASE_URL', 'ftp://radhus.example.dk'],
    ['BASE_URL', 'javascript:alert(1)'],
    ['SMTP_URL', 'mail.example.dk:25'],
    ['SMTP_URL', 'http://mail.example.dk'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_LEVEL', 'INFO'],
    ['RATE_LIMITS', 'yes'],
    ['RATE_LIMITS', ''],
    ['RADHUS_SECRET', 'short'],
    ['RADHUS_SECRET', 'x'.repeat(31)],
  ]

  for (const [variable, value] of BAD) {
    it(`refuses ${variable}=${JSON.stringify(value)} with one sentence naming it`, () => {
      const error = configError({ [variable]: value })
      expect(error.message).toContain(variable)
      expect(error.message).not.toContain('\n')
      expect(error.message).toMatch(/^[A-Z_]+ .+\.$/)
      // One sentence: a full stop only at the end (ignoring those inside quoted values and addresses).
      expect(error.message.replace(/"[^"]*"/g, '""').replace(/\w\.\w/g, '')).toMatch(/^[^.]*\.$/)
    })
  }

  it('never repeats a database password in its message', () => {
    const error = configError({ DATABASE_URL: 'mysql://radhus:hunter2-secret@db/radhus' })
    expect(error.message).not.toContain('hunter2-secret')
  })
})

describe('npm start with a bad PORT', () => {
  it('exits non-zero printing one line naming the variable, without a stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, PORT: 'not-a-port', RADHUS_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(result.status).not.toBe(0)
    expect(result.status).not.toBeNull()
    const printed = `${result.stdout}${result.stderr}`.trim()
    expect(printed.split('\n')).toHaveLength(1)
    expect(printed).toContain('PORT')
    expect(printed).not.toMatch(/\bat .+:\d+:\d+/)
  })
})
