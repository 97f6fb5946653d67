/**
 * Suggested groups for "one answer for many": open inquiries on the same topic whose texts share
 * significant words (stems, after dropping common Danish, Swedish and English words) or much of their
 * letter trigrams. Two inquiries are linked when they share at least two stems or their trigram overlap
 * (Jaccard) is at least 0.35; a group is a connected set of two or more. Each group says why: the words
 * its members share and how much their texts overlap.
 */
import { words } from '../routing/keywords.ts'

export const MIN_SHARED_STEMS = 2
export const MIN_TRIGRAM_OVERLAP = 0.35

const STOPWORDS = new Set(
  // Danish
  (
    'alle andet andre anden at blev blive bliver burde da de dem den denne der deres det dette dig din dine disse du efter eller en end er et for fordi fra har hun hvad hvem hvis hvor hvordan hvornår hvorfor ikke ind jeg jer kan kun kunne man mange med meget men mig min mine mit mod må når nej noget nogen nu og også om op os over på sig sin skal skulle som så til ud under ved vi vil ville vores være været hej tak venlig venlige hilsen mvh ' +
    // Swedish
    'alla andra att av blev bli blir de dem den denna deras dess det detta dig din dina ditt du efter eller ett för från har hade hon hur här inte jag kan kunde man med mig min mina mitt mot måste när nej nu och också om oss på sig sin ska skulle som så till under upp vad var varför vem vi vill vår våra är hej tack vänliga hälsningar ' +
    // English
    'about after all also and are because but can could did does for from had has have hello her his how into its just not now our please should some than thank thanks that the their them then there these they this was were what when where which who why will with would you your regards'
  ).split(' '),
)

const SUFFIXES = [
  'erne',
  'arna',
  'orna',
  'ende',
  'ene',
  'ens',
  'ets',
  'ers',
  'ar',
  'er',
  'en',
  'et',
  'na',
  'or',
  'e',
  's',
]

/** A light stem: a common Nordic or English ending removed while four letters remain, then at most 7 letters. */
export function stem(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length).slice(0, 7)
  }
  return word.slice(0, 7)
}

export interface Profile {
  /** Stem → the word as it was first written. */
  stems: Map<string, string>
  trigrams: Set<string>
}

export function profile(text: string): Profile {
  const all = words(text)
  const stems = new Map<string, string>()
  for (const word of all) {
    if (word.length < 4 || STOPWORDS.has(word) || /^\d+$/.test(word)) continue
    const s = stem(word)
    if (!stems.has(s)) stems.set(s, word)
  }
  const joined = ` ${all.join(' ')} `
  const trigrams = new Set<string>()
  for (let i = 0; i + 3 <= joined.length; i++) trigrams.add(joined.slice(i, i + 3))
  return { stems, trigrams }
}

export function trigramOverlap(a: Profile, b: Profile): number {
  if (a.trigrams.size === 0 || b.trigrams.size === 0) return 0
  let shared = 0
  for (const g of a.trigrams) if (b.trigrams.has(g)) shared++
  return shared / (a.trigrams.size + b.trigrams.size - shared)
}

const sharedStems = (a: Profile, b: Profile) => [...a.stems.keys()].filter((s) => b.stems.has(s))

export interface Groupable {
  id: string
  topicId: string | null
  text: string
}

export interface SuggestedGroup<T extends Groupable> {
  topicId: string | null
  members: T[]
  /** Words at least two members share, most shared first (at most 6). */
  sharedWords: string[]
  /** The highest trigram overlap between two members, 0–1. */
  overlap: number
}

/**
 * Group similar inquiries of the same topic; groups with most members first.
 * @example suggestGroups([{ id: 'a', topicId: 't', text: 'Hvornår henter I storskrald?' }, …])
 */
export function suggestGroups<T extends Groupable>(items: readonly T[]): SuggestedGroup<T>[] {
  const profiles = items.map((item) => profile(item.text))
  const parent = items.map((_, i) => i)
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number
    return i
  }
  const best = new Map<string, number>()
  // Only inquiries of the same topic are compared: bucket first, so many topics do not cost pairs across them.
  const byTopic = new Map<string | null, number[]>()
  for (const [i, item] of items.entries()) {
    const bucket = byTopic.get(item.topicId)
    if (bucket) bucket.push(i)
    else byTopic.set(item.topicId, [i])
  }
  for (const bucket of byTopic.values()) {
    for (let x = 0; x < bucket.length; x++) {
      for (let y = x + 1; y < bucket.length; y++) {
        const i = bucket[x] as number
        const j = bucket[y] as number
        const a = profiles[i] as Profile
        const b = profiles[j] as Profile
        const overlap = trigramOverlap(a, b)
        if (sharedStems(a, b).length >= MIN_SHARED_STEMS || overlap >= MIN_TRIGRAM_OVERLAP) {
          parent[root(j)] = root(i)
          best.set(`${i}:${j}`, overlap)
        }
      }
    }
  }
  const components = new Map<number, number[]>()
  for (let i = 0; i < items.length; i++) {
    const component = components.get(root(i))
    if (component) component.push(i)
    else components.set(root(i), [i])
  }
  const groups: SuggestedGroup<T>[] = []
  for (const indexes of components.values()) {
    if (indexes.length < 2) continue
    const counts = new Map<string, number>()
    for (const i of indexes)
      for (const s of (profiles[i] as Profile).stems.keys()) counts.set(s, (counts.get(s) ?? 0) + 1)
    const written = (s: string) => indexes.map((i) => (profiles[i] as Profile).stems.get(s)).find(Boolean) as string
    const sharedWords = [...counts]
      .filter(([, n]) => n >= 2)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 6)
      .map(([s]) => written(s))
    let overlap = 0
    for (const [key, value] of best) {
      const [i] = key.split(':').map(Number) as [number]
      if (indexes.includes(i)) overlap = Math.max(overlap, value)
    }
    groups.push({
      topicId: (items[indexes[0] as number] as T).topicId,
      members: indexes.map((i) => items[i] as T),
      sharedWords,
      overlap,
    })
  }
  return groups.sort((a, b) => b.members.length - a.members.length)
}
