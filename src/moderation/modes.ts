/** The moderation modes and states, named once (the contract re-exports them from `service.ts`). */

/** pre: every post waits for a moderator; post: shown at once, checked after; flagged: only posts with a finding wait. */
export const MODERATION_MODES = ['pre', 'post', 'flagged'] as const
export type ModerationMode = (typeof MODERATION_MODES)[number]

/** pending: not shown yet; published: shown; hidden: taken down with a rule; handed_off: moved to a private inquiry. */
export type ModerationState = 'pending' | 'published' | 'hidden' | 'handed_off'
