/**
 * The catalogue's forgiving search: every service indexed with its title, summary, topic and keywords
 * in all three languages (a Swede typing Danish words finds the service too), searched with prefixes
 * ("sygesik") and fuzzy matching (one or two typing errors, "sundhedskrot"). Danish and Swedish letters
 * are folded (æ/ä → ae, ø/ö → oe, å → aa), so "blat kort" and "blåt kort" meet.
 */
import MiniSearch from 'minisearch'
import type { Definition } from '../forms/definition.ts'

export interface Indexed {
  id: string
  definition: Definition
}

const FOLD: Record<string, string> = { æ: 'ae', ä: 'ae', ø: 'oe', ö: 'oe', å: 'aa', é: 'e', ü: 'ue' }

/** Lower case, Nordic letters folded, other accents dropped. */
export function foldTerm(term: string): string {
  return term
    .toLowerCase()
    .replace(/[æäøöåéü]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
}

const join = (text: Record<string, string>) => Object.values(text).join(' ')

function document({ id, definition }: Indexed) {
  return {
    id,
    title: join(definition.title),
    keywords: Object.values(definition.keywords).flat().join(' '),
    topic: join(definition.topic),
    summary: join(definition.summary),
  }
}

export function buildIndex(services: readonly Indexed[]): MiniSearch {
  const index = new MiniSearch({
    fields: ['title', 'keywords', 'topic', 'summary'],
    processTerm: (term) => foldTerm(term) || null,
    searchOptions: {
      boost: { title: 3, keywords: 2, topic: 1.5 },
      prefix: true,
      // Longer words forgive more typing errors: one in five letters, at most two.
      fuzzy: (term) => (term.length < 4 ? false : Math.min(2, Math.floor(term.length / 5) || 1)),
      combineWith: 'OR',
    },
  })
  index.addAll(services.map(document))
  return index
}

/** Service ids that match, best first. */
export function searchIndex(index: MiniSearch, query: string): string[] {
  const q = query.trim().slice(0, 200)
  if (!q) return []
  return index.search(q).map((r) => String(r.id))
}
