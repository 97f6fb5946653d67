import { describe, expect, it, vi } from 'vitest'
import {
  newOrderedSecret,
  newOrderedToken,
  newSecret,
  orderedSecretKey,
  pooledRandomBytes,
  secretHash,
} from './tokens.ts'

describe('time-ordered secrets', () => {
  it('sort by the time they were made, and the keys stored for them too', () => {
    vi.useFakeTimers({ now: new Date('2026-11-24T10:00:00.000Z') })
    try {
      const made = []
      for (let i = 0; i < 50; i++) {
        made.push({ secret: newOrderedSecret(), token: newOrderedToken() })
        vi.advanceTimersByTime(3)
      }
      const secrets = made.map((m) => m.secret)
      expect([...secrets].sort()).toEqual(secrets)
      const keys = secrets.map(orderedSecretKey)
      expect([...keys].sort()).toEqual(keys)
      const tokens = made.map((m) => m.token)
      expect([...tokens].sort()).toEqual(tokens)
    } finally {
      vi.useRealTimers()
    }
  })

  it('keep their random part: no two alike within the same millisecond', () => {
    vi.useFakeTimers({ now: new Date('2026-11-24T10:00:00.000Z') })
    try {
      const secrets = new Set(Array.from({ length: 1000 }, newOrderedSecret))
      const tokens = new Set(Array.from({ length: 1000 }, newOrderedToken))
      expect(secrets.size).toBe(1000)
      expect(tokens.size).toBe(1000)
    } finally {
      vi.useRealTimers()
    }
  })

  it('store the hash of the whole secret behind its clock, and an older plain secret as its plain hash', () => {
    const secret = newOrderedSecret()
    expect(secret).toMatch(/^[0-9a-f]{12}[A-Za-z0-9_-]{43}$/)
    expect(orderedSecretKey(secret)).toBe(`${secret.slice(0, 12)}${secretHash(secret)}`)
    expect(orderedSecretKey(secret)).not.toContain(secret.slice(12))
    const earlier = newSecret()
    expect(orderedSecretKey(earlier)).toBe(secretHash(earlier))
  })

  it('make reply tokens as long as before: 32 lower-case hex digits', () => {
    expect(newOrderedToken()).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe('pooled random bytes', () => {
  it("hand out every byte once, across the pool's refills, each in a buffer of its own", () => {
    // 3,000 draws of 24 bytes: 72,000 bytes, the pool refilled 17 times; 24 random bytes never repeat by chance.
    const drawn = Array.from({ length: 3000 }, () => pooledRandomBytes(24))
    expect(drawn.every((b) => b.length === 24)).toBe(true)
    expect(new Set(drawn.map((b) => b.toString('hex'))).size).toBe(drawn.length)
    const first = drawn[0] as Buffer
    const copy = Buffer.from(first)
    pooledRandomBytes(24).fill(0xff)
    expect(first).toEqual(copy)
  })

  it('refuse more than the pool holds instead of repeating it', () => {
    expect(() => pooledRandomBytes(4097)).toThrow(RangeError)
    expect(pooledRandomBytes(4096)).toHaveLength(4096)
  })
})
