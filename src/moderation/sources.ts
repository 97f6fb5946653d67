/**
 * The registry of moderation sources: each feature that publishes citizens' words registers, once per
 * kind, how a decision reaches its public copy (and how a post is handed off to a private inquiry).
 */
import type { Db, Trx } from '../db/index.ts'
import type { Language } from '../db/schema.ts'
import type { Actor } from '../journal/service.ts'
import { publish } from '../web/live.ts'
import type { ModerationState } from './modes.ts'

export type { ModerationState }

/** Tell open moderation queues that something changed; call after the transaction has committed. */
export async function announceModerationChange(db: Db, municipalityId: string, itemId?: string): Promise<void> {
  await publish(db, { municipalityId, topic: 'moderation', ...(itemId ? { id: itemId } : {}), kind: 'changed' })
}

export interface ModeratedItemRef {
  municipalityId: string
  kind: string
  subjectId: string
  itemId: string
}

export interface ModerationSource {
  /** What a post of this kind is called in the queue and the public log ("Question on the Q&A board"). */
  labels?: Partial<Record<Language, string>>
  /** Called inside the decision's transaction; `text` is set when a moderator edited out personal data. */
  applyDecision(trx: Trx, item: ModeratedItemRef, decision: { state: ModerationState; text?: string }): Promise<void>
  /**
   * Moves the post off the public page into a private inquiry (one action for the moderator); the source
   * creates the inquiry through the contact centre's service and e-mails the author the private link.
   * It also sets its own copy's state: `applyDecision` is not called for a hand-off. Without `handOff`,
   * the queue offers no hand-off for the kind.
   */
  handOff?(
    trx: Trx,
    item: ModeratedItemRef,
    context: { actor: Actor; baseUrl: string; mailDomain: string },
  ): Promise<{ inquiryId: string }>
}

const sources = new Map<string, ModerationSource>()

/** A source registers once per kind, when its module loads. */
export function registerModerationSource(kind: string, source: ModerationSource): void {
  sources.set(kind, source)
}

export const moderationSource = (kind: string): ModerationSource | undefined => sources.get(kind)

/**
 * A kind's name for people: the source's label in the language, else that of another source of the same
 * feature prefix (`board` for `board.*`, used by the log's `?source=`), else the kind itself.
 */
export function kindLabel(kind: string, language: Language): string {
  const own = sources.get(kind)?.labels
  if (own) return own[language] ?? own.en ?? kind
  const prefixed = [...sources].find(([k]) => k.startsWith(`${kind}.`))?.[1].labels
  return prefixed?.[language] ?? kind
}
