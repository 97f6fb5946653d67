/**
 * The demo seeds of the features added after the contact centre, so each feature keeps its demo beside
 * its code and this is the only shared line to add.
 *
 * - `STRUCTURE_SEEDS` run in `seedDemo` (also in test apps): what a municipality needs to work, such as
 *   house rules or the service catalogue.
 * - `CONTENT_SEEDS` run only in `seedDemoIfEmpty` (`npm start`, `radhus seed demo`): content that makes the
 *   demo look lived-in, such as questions on the board or a past live chat. Tests start without it.
 *
 * Each seed finds the demo municipalities itself (`DEMO_MUNICIPALITIES`, `findMunicipalityBySlug`).
 */
import { seedDemoBoard } from '../board/demo.ts'
import { seedDemoChats } from '../chats/demo.ts'
import type { Db } from '../db/index.ts'
import { seedDemoDialogs } from '../dialogs/demo.ts'
import { seedDemoModeration } from '../moderation/demo.ts'
import { seedSelfservice } from '../selfservice/demo.ts'

export interface DemoSeedOptions {
  baseUrl: string
  mailDomain: string
}

export type DemoSeed = (db: Db, options: DemoSeedOptions) => Promise<void>

export const STRUCTURE_SEEDS: readonly DemoSeed[] = [seedDemoModeration, seedSelfservice]

export const CONTENT_SEEDS: readonly DemoSeed[] = [seedDemoChats, seedDemoBoard, seedDemoDialogs]
