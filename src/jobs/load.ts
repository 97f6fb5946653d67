/**
 * How busy the process is with everything but the job worker: the worker runs in the web server's thread,
 * so it measures the event loop's utilization (the share of time the loop spent running code rather than
 * waiting for I/O) and steps back while requests keep the loop busy. See `startWorker`.
 */
import { type EventLoopUtilization, performance } from 'node:perf_hooks'

export interface LoadMeter {
  /** The share (0–1) of the last window the event loop spent on other work than the worker's own jobs. */
  utilization(): number
  /** Run one job, noting the loop time that was the job's own. */
  measure<T>(job: () => Promise<T>): Promise<T>
}

/**
 * The event loop's utilization over the last `windowMs` (between one and two windows, never a sliver),
 * minus the time the worker's jobs held the loop. Without that subtraction a worker running jobs back to back
 * on SQLite (whose driver is synchronous) would see the loop busy with its own work and pace itself for
 * nothing. A job is counted as the worker's own only when the loop did not turn while it ran: a job that
 * awaited real I/O (PostgreSQL, SMTP) let requests run meanwhile, and that time is not told apart, so it is
 * left as load (the worker then yields a little more than it must, never less).
 * @example const load = eventLoopLoad(200); await load.measure(() => runOneJob(db, handlers)); load.utilization() // 0.12
 */
export function eventLoopLoad(windowMs = 200): LoadMeter {
  let own = 0
  const mark = (): { at: number; elu: EventLoopUtilization; own: number } => ({
    at: performance.now(),
    elu: performance.eventLoopUtilization(),
    own,
  })
  let older = mark()
  let newer = older
  return {
    utilization() {
      const now = mark()
      if (now.at - newer.at >= windowMs) {
        older = newer
        newer = now
      }
      const elapsed = now.at - older.at
      if (elapsed <= 0) return 0
      const { active } = performance.eventLoopUtilization(now.elu, older.elu)
      return Math.min(1, Math.max(0, active - (now.own - older.own)) / elapsed)
    },
    async measure(job) {
      let turned = false
      const probe = setImmediate(() => {
        turned = true
      })
      const started = performance.now()
      try {
        return await job()
      } finally {
        clearImmediate(probe)
        if (!turned) own += performance.now() - started
      }
    },
  }
}
