/**
 * Configuration from the environment, checked once at start-up.
 * A wrong value stops start-up with one sentence naming the variable (ConfigError),
 * never a stack trace: the operator should be able to fix it without reading code.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export class ConfigError extends Error {}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

export interface Config {
  port: number
  host: string
  dataDir: string
  databaseUrl: string
  baseUrl: string
  smtpUrl: string | undefined
  secret: string
  logLevel: LogLevel
  rateLimits: boolean
  mailDomain: string
  /** The built-in inbound SMTP listener's port; off when undefined. */
  smtpInboundPort: number | undefined
  smtpInboundMaxBytes: number
}

type Env = Record<string, string | undefined>

function parsePort(env: Env): number {
  const raw = env.PORT ?? '3000'
  const port = Number(raw)
  if (!/^\d+$/.test(raw) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${raw}".`)
  }
  return port
}

function parseDatabaseUrl(env: Env, dataDir: string): string {
  const url = env.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'radhus.db')}`
  if (/^sqlite:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url)) return url
  throw new ConfigError(
    `DATABASE_URL must start with "sqlite:" followed by a file path, or with "postgres://"; "${redactUrl(url)}" does neither.`,
  )
}

function parseBaseUrl(env: Env, host: string, port: number): string {
  const fallback = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`
  const raw = env.BASE_URL ?? fallback
  try {
    const url = new URL(raw)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol')
    return raw.replace(/\/+$/, '')
  } catch {
    throw new ConfigError(
      `BASE_URL must be an http:// or https:// address, such as https://radhus.example.dk; "${raw}" is not.`,
    )
  }
}

function parseSmtpUrl(env: Env): string | undefined {
  const raw = env.SMTP_URL
  if (!raw) return undefined
  if (!/^smtps?:\/\/.+/.test(raw)) {
    throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://; "${redactUrl(raw)}" does not.`)
  }
  return raw
}

function parseSmtpInbound(env: Env): { smtpInboundPort: number | undefined; smtpInboundMaxBytes: number } {
  const port = env.SMTP_INBOUND_PORT
  const max = env.SMTP_INBOUND_MAX_BYTES ?? String(30 * 1024 * 1024)
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) > 65535)) {
    throw new ConfigError(`SMTP_INBOUND_PORT must be a whole number from 0 to 65535, not "${port}".`)
  }
  if (!/^\d+$/.test(max) || Number(max) < 1024) {
    throw new ConfigError(`SMTP_INBOUND_MAX_BYTES must be a whole number of bytes, at least 1024, not "${max}".`)
  }
  return { smtpInboundPort: port === undefined ? undefined : Number(port), smtpInboundMaxBytes: Number(max) }
}

function parseLogLevel(env: Env): LogLevel {
  const raw = (env.LOG_LEVEL ?? 'info') as LogLevel
  if (!LOG_LEVELS.includes(raw)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; "${raw}" is not.`)
  }
  return raw
}

function parseRateLimits(env: Env): boolean {
  const raw = env.RATE_LIMITS ?? 'on'
  if (raw !== 'on' && raw !== 'off') throw new ConfigError(`RATE_LIMITS must be "on" or "off"; "${raw}" is neither.`)
  return raw === 'on'
}

/** The secret signs cookies; generated once and kept in the data directory so restarts keep sessions. */
function loadSecret(env: Env, dataDir: string): string {
  if (env.RADHUS_SECRET !== undefined) {
    if (env.RADHUS_SECRET.length < 32) {
      throw new ConfigError('RADHUS_SECRET must be at least 32 characters long; leave it unset to have one generated.')
    }
    return env.RADHUS_SECRET
  }
  const file = path.join(dataDir, 'secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, `${secret}\n`, { mode: 0o600 })
  return secret
}

function ensureDataDir(dir: string): string {
  const resolved = path.resolve(dir)
  try {
    mkdirSync(resolved, { recursive: true })
  } catch {
    throw new ConfigError(`RADHUS_DATA_DIR "${dir}" cannot be created or written to.`)
  }
  return resolved
}

/** Hide a password in a URL before it appears in a message or a log. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')
}

export function loadConfig(env: Env = process.env): Config {
  const port = parsePort(env)
  const host = env.HOST ?? '0.0.0.0'
  const dataDir = ensureDataDir(env.RADHUS_DATA_DIR ?? './data')
  return {
    port,
    host,
    dataDir,
    databaseUrl: parseDatabaseUrl(env, dataDir),
    baseUrl: parseBaseUrl(env, host, port),
    smtpUrl: parseSmtpUrl(env),
    secret: loadSecret(env, dataDir),
    logLevel: parseLogLevel(env),
    rateLimits: parseRateLimits(env),
    mailDomain: env.MAIL_DOMAIN ?? 'radhus.test',
    ...parseSmtpInbound(env),
  }
}
