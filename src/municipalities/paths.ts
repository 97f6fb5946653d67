export const municipalityPagePath = (slug: string, kind: string): string => `/${slug}/about/${kind}`
