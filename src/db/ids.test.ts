import { expect, it } from 'vitest'
import { newId } from './index.ts'

it('gives time-ordered UUIDs, so rows created together sit together in an index by id', async () => {
  const earlier = Array.from({ length: 50 }, newId)
  await new Promise((r) => setTimeout(r, 2))
  const later = newId()
  const all = [...earlier, later]
  expect(all.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true)
  expect([...all].sort()).toEqual(all)
  expect(new Set(all).size).toBe(all.length)
})
