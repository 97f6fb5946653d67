#!/usr/bin/env node
/**
 * `npm test`: every check a change must pass, in the order that fails fastest. Each step is named;
 * the first failing step stops the run with a non-zero exit. The last lines are one plain summary
 * (`tests: N passed, N failed[, N skipped]`) counted from vitest's JSON reports, then the wall time
 * per step, so CI logs and people read the same verdict.
 * Runs on SQLite alone, or on SQLite and PostgreSQL when TEST_DATABASE_URL is set.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => path.join(root, 'node_modules', '.bin', name)
const reports = path.join(root, '.test-results')

const vitest = (project) => ({
  name: `${project} tests`,
  command: bin('vitest'),
  args: [
    'run',
    '--project',
    project,
    '--passWithNoTests',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${path.join(reports, `${project}.json`)}`,
  ],
  report: path.join(reports, `${project}.json`),
})

const STEPS = [
  { name: 'typecheck', command: bin('tsc'), args: ['--noEmit'] },
  { name: 'lint', command: bin('biome'), args: ['check', '.'] },
  { name: 'xss scan', command: bin('xss-scan'), args: [] },
  vitest('unit'),
  vitest('e2e'),
]

function run(step) {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { cwd: root, stdio: 'inherit', env: process.env })
    child.on('error', (error) => {
      process.stderr.write(`${step.name}: could not start ${step.command}: ${error.message}\n`)
      resolve(1)
    })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

/** Counts from a vitest JSON report; a run that crashed before writing one counts nothing. */
function countTests(report) {
  if (!report || !existsSync(report)) return { passed: 0, failed: 0, skipped: 0 }
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'))
    return {
      passed: json.numPassedTests ?? 0,
      failed: json.numFailedTests ?? 0,
      skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
    }
  } catch {
    return { passed: 0, failed: 0, skipped: 0 }
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`

async function main() {
  rmSync(reports, { recursive: true, force: true })
  mkdirSync(reports, { recursive: true })
  const database = process.env.TEST_DATABASE_URL ? 'SQLite and PostgreSQL' : 'SQLite'
  process.stdout.write(`npm test on ${database}\n`)

  const totals = { passed: 0, failed: 0, skipped: 0 }
  const timings = []
  let failedStep
  for (const step of STEPS) {
    process.stdout.write(`\n=== ${step.name} ===\n`)
    const started = performance.now()
    const code = await run(step)
    timings.push([step.name, performance.now() - started, code === 0 ? 'ok' : 'FAILED'])
    const counts = countTests(step.report)
    totals.passed += counts.passed
    totals.failed += counts.failed
    totals.skipped += counts.skipped
    if (code !== 0) {
      failedStep = step.name
      break
    }
  }

  process.stdout.write('\n')
  for (const [name, ms, verdict] of timings) {
    process.stdout.write(`  ${name.padEnd(12)} ${seconds(ms).padStart(8)}  ${verdict}\n`)
  }
  if (failedStep) process.stdout.write(`stopped: ${failedStep} failed\n`)
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : ''
  process.stdout.write(`tests: ${totals.passed} passed, ${totals.failed} failed${skipped}\n`)
  process.exit(failedStep ? 1 : 0)
}

main()
