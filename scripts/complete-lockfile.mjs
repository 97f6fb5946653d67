#!/usr/bin/env node
/**
 * The registry this project installs from carries only the platform packages it needs (Linux, glibc),
 * so `npm install` leaves the other platforms' optional binaries (biome, rollup) out of
 * package-lock.json, and npm 11's `npm ci` then refuses the lock as "out of sync". This adds the
 * missing entries as what they are: optional packages for another os/cpu, which npm skips without
 * fetching. It never changes a version that is already locked, and does nothing when nothing is missing.
 * Usage: node scripts/complete-lockfile.mjs [package-lock.json]
 */
import { readFileSync, writeFileSync } from 'node:fs'

const file = process.argv[2] ?? 'package-lock.json'
const lock = JSON.parse(readFileSync(file, 'utf8'))
const packages = lock.packages ?? {}
const PLATFORM =
  /(aix|android|darwin|freebsd|linux|netbsd|openbsd|openharmony|sunos|win32)-(arm64|x64|arm|ia32|loong64|mips64el|ppc64|riscv64|s390x)(?:-(gnu|musl|msvc|eabi|gnueabihf|musleabihf))?$/

let added = 0
for (const [where, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${where ? `${where}/` : ''}node_modules/${name}`
    if (packages[nested] || packages[`node_modules/${name}`]) continue
    const platform = name.match(PLATFORM)
    if (!platform) continue
    const [, os, cpu, abi] = platform
    packages[`node_modules/${name}`] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      cpu: [cpu],
      os: [os],
      ...(abi?.startsWith('musl') ? { libc: ['musl'] } : abi?.startsWith('gnu') ? { libc: ['glibc'] } : {}),
    }
    added++
  }
}

if (added) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))),
  )
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
}
process.stdout.write(`complete-lockfile: ${added} optional platform package(s) added\n`)
