import { expect, it } from 'vitest'
import { forEachDialect } from '../testing/db.ts'
import { backoffMs, enqueue, findJob, type JobHandlers, runDueJobs, runOneJob, startWorker } from './service.ts'

forEachDialect('job queue', (current) => {
  it('runs a due job once and marks it done', async () => {
    const { db } = current()
    const seen: unknown[] = []
    const handlers: JobHandlers = { 'test.echo': async ({ payload }) => void seen.push(payload) }
    const id = await db.transaction().execute((trx) => enqueue(trx, { kind: 'test.echo', payload: { n: 1 } }))
    expect(await runDueJobs(db, handlers)).toBe(1)
    expect(seen).toEqual([{ n: 1 }])
    expect(await findJob(db, id)).toMatchObject({ status: 'done', attempts: 1 })
    expect(await runDueJobs(db, handlers)).toBe(0)
  })

  it('does not run a job before its time, nor one whose transaction rolled back', async () => {
    const { db } = current()
    const handlers: JobHandlers = { 'test.later': async () => {} }
    const later = await enqueue(db, { kind: 'test.later', payload: null, runAt: new Date(Date.now() + 3_600_000) })
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueue(trx, { kind: 'test.later', payload: null, dedupeKey: 'rolled-back' })
        throw new Error('rollback')
      }),
    ).rejects.toThrow('rollback')
    expect(await runDueJobs(db, handlers)).toBe(0)
    expect(await runDueJobs(db, handlers, { now: new Date(Date.now() + 7_200_000) })).toBe(1)
    expect(await findJob(db, later)).toMatchObject({ status: 'done' })
  })

  it('retries a failing job with back-off and gives up after its attempts', async () => {
    const { db } = current()
    let calls = 0
    const handlers: JobHandlers = {
      'test.flaky': async () => {
        calls++
        throw new Error('SMTP is down')
      },
    }
    const id = await enqueue(db, { kind: 'test.flaky', payload: null, maxAttempts: 2 })
    await runOneJob(db, handlers)
    const retried = await findJob(db, id)
    expect(retried).toMatchObject({ status: 'queued', attempts: 1, last_error: 'SMTP is down' })
    expect(new Date(retried?.run_at ?? 0).getTime()).toBeGreaterThan(Date.now() + 20_000)
    await runOneJob(db, handlers, { now: new Date(Date.now() + 3_600_000) })
    expect(await findJob(db, id)).toMatchObject({ status: 'failed', attempts: 2 })
    expect(calls).toBe(2)
  })

  it('takes over a job whose worker died mid-way once its lease runs out', async () => {
    const { db } = current()
    const id = await enqueue(db, { kind: 'test.crash', payload: null })
    // A worker claims the job and "dies": its handler never returns to mark the job.
    void runOneJob(db, { 'test.crash': () => new Promise<void>(() => {}) }, { leaseMs: 1000 })
    for (let i = 0; i < 100 && (await findJob(db, id))?.status !== 'running'; i++)
      await new Promise((r) => setTimeout(r, 10))
    expect(await findJob(db, id)).toMatchObject({ status: 'running' })
    const done: string[] = []
    await runDueJobs(
      db,
      { 'test.crash': async ({ job }) => void done.push(job.id) },
      { now: new Date(Date.now() + 5000) },
    )
    expect(done).toEqual([id])
    expect(await findJob(db, id)).toMatchObject({ status: 'done', attempts: 2 })
  })

  it('takes a job whose lease ran out before queued jobs, even ones that were due earlier', async () => {
    const { db } = current()
    const now = Date.now()
    const crashed = await enqueue(db, { kind: 'test.order', payload: 'crashed', runAt: new Date(now - 1000) })
    void runOneJob(db, { 'test.order': () => new Promise<void>(() => {}) }, { leaseMs: 1000 })
    for (let i = 0; i < 100 && (await findJob(db, crashed))?.status !== 'running'; i++)
      await new Promise((r) => setTimeout(r, 10))
    await enqueue(db, { kind: 'test.order', payload: 'waiting', runAt: new Date(now - 60_000) })
    const order: unknown[] = []
    await runDueJobs(
      db,
      { 'test.order': async ({ payload }) => void order.push(payload) },
      { now: new Date(now + 5000) },
    )
    // A crashed job has waited a whole lease already; it goes first.
    expect(order).toEqual(['crashed', 'waiting'])
  })

  it('ignores a second job with the same dedupe key', async () => {
    const { db } = current()
    await enqueue(db, { kind: 'test.digest', payload: 1, dedupeKey: 'digest:2026-11-23' })
    await enqueue(db, { kind: 'test.digest', payload: 2, dedupeKey: 'digest:2026-11-23' })
    const payloads: unknown[] = []
    await runDueJobs(db, { 'test.digest': async ({ payload }) => void payloads.push(payload) })
    expect(payloads).toEqual([1])
  })

  it('a worker picks up jobs as they come and stops cleanly', async () => {
    const { db } = current()
    const seen: number[] = []
    const worker = startWorker(
      db,
      { 'test.live': async ({ payload }) => void seen.push(payload as number) },
      { pollMs: 20 },
    )
    await enqueue(db, { kind: 'test.live', payload: 7 })
    for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    await worker.stop()
    expect(seen).toEqual([7])
  })

  it('paces itself to one job per interval while the event loop is busy, and runs back to back otherwise', async () => {
    const { db } = current()
    // A fake clock and sleep: the test proves the schedule, not the machine's speed.
    let now = 0
    const sleeps: number[] = []
    const sleep = (ms: number) => {
      sleeps.push(ms)
      now += ms
      // Nothing left to do: the poll's wait lasts until the worker is stopped.
      return ms === 60_000 ? new Promise<void>(() => {}) : Promise.resolve()
    }
    // The loop is busy after each of the first three jobs, then idle.
    const readings = [0.9, 0.9, 0.9, 0.1, 0.1, 0.1]
    const load = { utilization: () => readings.shift() ?? 0, measure: <T>(job: () => Promise<T>) => job() }
    const ranAt: number[] = []
    const handlers: JobHandlers = {
      'test.paced': async () => {
        ranAt.push(now)
        now += 10 // each job takes 10 ms
      },
    }
    for (let i = 0; i < 6; i++) await enqueue(db, { kind: 'test.paced', payload: i })
    const worker = startWorker(db, handlers, {
      pollMs: 60_000,
      busyUtilization: 0.5,
      busyIntervalMs: 100,
      load,
      clock: () => now,
      sleep,
    })
    for (let i = 0; i < 200 && sleeps.at(-1) !== 60_000; i++) await new Promise((r) => setTimeout(r, 10))
    await worker.stop()
    // Busy: a job starts 100 ms after the one before (it took 10, the worker waits 90). Idle: one after the other.
    expect(ranAt).toEqual([0, 100, 200, 300, 310, 320])
    expect(sleeps).toEqual([90, 90, 90, 60_000])
  })

  it('never waits longer than the interval while busy, so jobs keep flowing through a long burst', async () => {
    const { db } = current()
    let now = 0
    const sleeps: number[] = []
    const load = { utilization: () => 1, measure: <T>(job: () => Promise<T>) => job() }
    const handlers: JobHandlers = {
      'test.slow': async () => {
        now += 250 // a job longer than the interval: the next one follows at once
      },
    }
    for (let i = 0; i < 3; i++) await enqueue(db, { kind: 'test.slow', payload: i })
    const worker = startWorker(db, handlers, {
      pollMs: 60_000,
      load,
      clock: () => now,
      sleep: (ms) => {
        sleeps.push(ms)
        return ms === 60_000 ? new Promise<void>(() => {}) : Promise.resolve()
      },
    })
    for (let i = 0; i < 200 && sleeps.at(-1) !== 60_000; i++) await new Promise((r) => setTimeout(r, 10))
    await worker.stop()
    expect(sleeps).toEqual([0, 0, 0, 60_000])
  })
})

it('backs off exponentially up to an hour', () => {
  const fixed = () => 0.5
  expect(backoffMs(1, fixed)).toBe(30_000)
  expect(backoffMs(3, fixed)).toBe(120_000)
  expect(backoffMs(20, fixed)).toBe(3_600_000)
})
