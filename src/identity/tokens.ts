/** Random secrets for sessions and API tokens; only their SHA-256 is stored, so a database leak grants nothing. */
import { randomBytes } from 'node:crypto'
import { sha256Hex } from '../journal/hash.ts'

export const API_TOKEN_PREFIX = 'rdh_'

export const newSecret = (): string => randomBytes(32).toString('base64url')
export const newApiToken = (): string => `${API_TOKEN_PREFIX}${newSecret()}`
export const secretHash = (secret: string): string => sha256Hex(secret)
