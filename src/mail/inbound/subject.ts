/** Subject normalisation for display and grouping (contract §3). */

// Re:, SV:, VS:, VB:, AW:, Fw:, Fwd:, Antw:, also counted forms such as "Re[2]:" and "Re(2):".
const PREFIX = /^\s*(?:re|sv|vs|vb|aw|fw|fwd|antw)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*/i
const TAG = /\s*\[([a-z]-\d{4}-\d{4,})\]\s*$/i

/** The inquiry reference tagged at the end of a subject, upper-cased: `… [h-2025-0042]` → `H-2025-0042`. */
export function subjectTag(subject: string): string | null {
  const match = TAG.exec(subject)
  return match?.[1] ? match[1].toUpperCase() : null
}

/**
 * Strips any number of leading reply/forward prefixes and a trailing inquiry tag.
 *
 * @example normalizeSubject('SV: Re: Storskrald [H-2025-0042]') // 'Storskrald'
 */
export function normalizeSubject(subject: string): string {
  let rest = subject.replace(/\s+/g, ' ').trim()
  for (let previous = ''; previous !== rest; ) {
    previous = rest
    rest = rest.replace(PREFIX, '').replace(TAG, '').trim()
  }
  return rest
}
