/**
 * Keyword matching for routing rules. Text and keywords are cut into words of letters and digits (æ, ø,
 * å, ä, ö and every other letter count as letters), compared in lower case after Unicode normalisation.
 * A keyword matches a word that is the keyword or begins with it: `skrald` finds "skrald" and
 * "skraldespand" but not "storskrald"; a phrase (`gul sæk`) matches its words in a row, each the same way.
 */

/** The words of a text, lower case, in order. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLocaleLowerCase('da')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  )
}

/** The keywords of a rule as typed by staff: one per line or separated by commas. */
export function parseKeywords(input: string): string[] {
  const seen = new Set<string>()
  for (const part of input.split(/[\n,;]+/)) {
    const phrase = words(part).join(' ')
    if (phrase) seen.add(phrase)
  }
  return [...seen]
}

/** Whether one keyword (a word or a phrase) occurs in the text's words. */
function phraseOccurs(textWords: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false
  for (let i = 0; i + phrase.length <= textWords.length; i++) {
    if (phrase.every((p, j) => (textWords[i + j] as string).startsWith(p))) return true
  }
  return false
}

/**
 * The first of `keywords` found in `text`, or undefined.
 * @example matchKeyword('Min skraldespand er væk', ['container', 'skrald']) // 'skrald'
 */
export function matchKeyword(text: string, keywords: readonly string[]): string | undefined {
  const textWords = words(text)
  return keywords.find((k) => phraseOccurs(textWords, k.split(' ')))
}
