import { performance } from 'node:perf_hooks'
import { expect, it } from 'vitest'
import { eventLoopLoad } from './load.ts'

// Hold the thread for `ms`, as a synchronous handler (or a request's rendering) does.
const block = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until) {}
}

it('counts other work holding the event loop as load', () => {
  const load = eventLoopLoad(50)
  block(120)
  expect(load.utilization()).toBeGreaterThan(0.5)
})

it('does not count a job that held the loop as load: it is the worker’s own work', async () => {
  const load = eventLoopLoad(50)
  await load.measure(async () => block(120))
  expect(load.utilization()).toBeLessThan(0.5)
})
