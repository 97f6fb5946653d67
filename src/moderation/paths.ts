/** The public paths of moderation, for links from other features' pages and e-mails. */

/** The public page where anyone can report a post. */
export const reportPath = (slug: string, itemId: string) => `/${slug}/report/${itemId}`

/** The public house rules (the version in force; `?version=N` for an older one). */
export const houseRulesPath = (slug: string) => `/${slug}/house-rules`

/** The public moderation log; `source` narrows it to one source's kinds (`board` → `board.*`). */
export const moderationLogPath = (slug: string, source?: string) =>
  `/${slug}/moderation-log${source ? `?source=${encodeURIComponent(source)}` : ''}`
