/** Random secrets for sessions and API tokens; only their SHA-256 is stored, so a database leak grants nothing. */
import { randomFillSync } from 'node:crypto'
import { sha256Hex } from '../journal/hash.ts'

/*
 * Random bytes from a pool refilled 4 KiB at a time. A call into OpenSSL's generator costs about the same for 10
 * bytes as for 4 KiB; measured on the intake, whose status link and reply address need one each, the two
 * `randomBytes` calls cost about 20 µs under load (Node's own `randomUUID` pools the same way). Every byte is
 * handed out once, in a copy, and wiped from the pool.
 */
const POOL_SIZE = 4096
const pool = Buffer.alloc(POOL_SIZE)
let poolOffset = POOL_SIZE

/** `size` fresh random bytes (at most the pool's size), in a buffer of their own. */
export function pooledRandomBytes(size: number): Buffer {
  if (size > POOL_SIZE) throw new RangeError(`at most ${POOL_SIZE} random bytes at a time`)
  if (poolOffset + size > POOL_SIZE) {
    randomFillSync(pool)
    poolOffset = 0
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + size))
  // Wiped as handed out, so the pool keeps no copy of a secret once it is in use.
  pool.fill(0, poolOffset, poolOffset + size)
  poolOffset += size
  return bytes
}

export const API_TOKEN_PREFIX = 'rdh_'

export const newSecret = (): string => pooledRandomBytes(32).toString('base64url')
export const newApiToken = (): string => `${API_TOKEN_PREFIX}${newSecret()}`
export const secretHash = (secret: string): string => sha256Hex(secret)

/*
 * Secrets looked up through a unique index, made on every intake (the status link, the reply address). Random
 * keys land on a different page of their index each, so every intake dirtied, and its commit wrote, one more
 * page per secret, on an index that grows without end. These start with the clock (milliseconds, 12 hex digits),
 * so the keys of an intake and of its neighbours in time share the index's last pages. The clock part tells only
 * when the link was made, which the page it opens shows anyway; the rest stays random.
 */
const clock = (): string => Date.now().toString(16).padStart(12, '0')
const ORDERED_SECRET = /^[0-9a-f]{12}[A-Za-z0-9_-]{43}$/

/** A secret (256 random bits) behind the clock: for links whose hash is looked up (`orderedSecretKey`). */
export const newOrderedSecret = (): string => `${clock()}${newSecret()}`

/**
 * What is stored, and looked up, for a secret: its SHA-256, behind the clock part when it has one (so stored keys
 * keep the order of time). A secret made by `newSecret` before these existed maps to its plain hash, as it was
 * stored then.
 */
export const orderedSecretKey = (secret: string): string =>
  ORDERED_SECRET.test(secret) ? `${secret.slice(0, 12)}${sha256Hex(secret)}` : sha256Hex(secret)

/**
 * A token stored as it is (a reply address's plus part): 32 lower-case hex digits, the clock and 80 random bits,
 * as long as the fully random tokens before it, so `<slug>+<token>` keeps within an address's 64-character local
 * part. 2^80 guesses, each an e-mail, is out of anyone's reach.
 */
export const newOrderedToken = (): string => `${clock()}${pooledRandomBytes(10).toString('hex')}`
