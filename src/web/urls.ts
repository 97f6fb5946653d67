/** Set query parameters on a same-site path, keeping the others. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const url = new URL(path, 'http://x')
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) url.searchParams.delete(name)
    else url.searchParams.set(name, String(value))
  }
  return `${url.pathname}${url.search}`
}

/** Only same-site paths may be redirect targets after sign-in (no open redirects). */
export function safeNextPath(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback
  return next
}
