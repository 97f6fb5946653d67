/**
 * The shared e-mail contract fixtures (shared/contracts/email) and a `ThreadWorld` over the world state
 * in their expected.json, for tests. The inquiry store implements `ThreadWorld` over the database.
 */
import { readFileSync } from 'node:fs'
import type { ThreadWorld } from './threading.ts'

export const CONTRACT_DIR = new URL('../../../../shared/contracts/email/', import.meta.url)

export interface ExpectedWorld {
  ourAddresses: string[]
  inquiries: Record<string, { citizen: string; sent: string[] }>
}

export interface ExpectedFile {
  replySecret: string
  world: ExpectedWorld
  messages: Array<Record<string, unknown> & { file: string }>
}

export function loadExpected(): ExpectedFile {
  return JSON.parse(readFileSync(new URL('expected.json', CONTRACT_DIR), 'utf8')) as ExpectedFile
}

/** The raw bytes of a fixture, exactly as stored. */
export function fixture(file: string): Buffer {
  return readFileSync(new URL(file, CONTRACT_DIR))
}

export function fixtureWorld(world: ExpectedWorld): ThreadWorld {
  const entries = Object.entries(world.inquiries)
  return {
    async findInquiry(reference) {
      const found = entries.find(([ref]) => ref.toLowerCase() === reference.toLowerCase())
      return found ? { reference: found[0], citizen: found[1].citizen } : null
    },
    async findInquiryByMessageId(messageId) {
      const found = entries.find(([, inquiry]) =>
        inquiry.sent.some((id) => id.toLowerCase() === messageId.toLowerCase()),
      )
      return found ? found[0] : null
    },
  }
}
