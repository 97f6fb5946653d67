/**
 * The board's listing pages for anonymous readers (the first page above all), rendered once per
 * municipality, language and address and kept in memory: most readers see exactly those pages, and they
 * change only when a post is published, hidden or answered. Every change clears the municipality's entries (`invalidateBoard`, called in the changing
 * transaction); entries also expire after a few seconds, which bounds staleness when another process
 * (PostgreSQL) made the change or a reader rendered between a change and its commit.
 */
const TTL_MS = 3000
const MAX_ENTRIES = 500

interface Entry {
  html: string
  until: number
}

const pages = new Map<string, Entry>()

const key = (municipalityId: string, variant: string) => `${municipalityId}\u0000${variant}`

export function cachedPage(municipalityId: string, variant: string): string | undefined {
  const entry = pages.get(key(municipalityId, variant))
  if (!entry) return undefined
  if (entry.until < Date.now()) {
    pages.delete(key(municipalityId, variant))
    return undefined
  }
  return entry.html
}

export function keepPage(municipalityId: string, variant: string, html: string): void {
  if (pages.size >= MAX_ENTRIES) pages.clear()
  pages.set(key(municipalityId, variant), { html, until: Date.now() + TTL_MS })
}

export function invalidateBoard(municipalityId: string): void {
  const prefix = `${municipalityId}\u0000`
  for (const k of pages.keys()) if (k.startsWith(prefix)) pages.delete(k)
}
