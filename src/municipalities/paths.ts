/**
 * Where a footer page is read. The house rules have their own versioned page (the moderation feature's
 * `/{slug}/house-rules`), which shows this page's text as its introduction.
 */
export const municipalityPagePath = (slug: string, kind: string): string =>
  kind === 'house-rules' ? `/${slug}/house-rules` : `/${slug}/about/${kind}`
