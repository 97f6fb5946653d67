/**
 * A feature's UI strings in the three languages. The key set is inferred from all three, so a key
 * missing in one language is a type error, not a blank on a citizen's screen.
 * Keys are `feature.screen.element`; plurals use `_one` / `_other` suffixes; `{name}` is a placeholder.
 */
export interface FeatureMessages<K extends string> {
  da: Record<K, string>
  sv: Record<K, string>
  en: Record<K, string>
}

export function defineMessages<K extends string>(messages: FeatureMessages<K>): FeatureMessages<K> {
  return messages
}
