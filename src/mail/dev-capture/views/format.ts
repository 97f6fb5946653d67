/** Display helpers for mail views: plain strings, escaped by the `safe` element that shows them. */
import type { HeaderValue } from 'mailparser'

/** ISO time as `YYYY-MM-DD HH:MM:SS` (UTC), as the journal shows it. */
export const displayTime = (iso: string): string => iso.replace('T', ' ').slice(0, 19)

export const recipient = (address: string, name: string | null): string => (name ? `${name} <${address}>` : address)

/** A parsed header as one line of text: addresses as written, dates in ISO, structured values with their parameters. */
export function headerText(value: HeaderValue | undefined): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map((v) => headerText(v as HeaderValue)).join(' ')
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text
    if ('value' in value && typeof value.value === 'string') {
      const params = 'params' in value && value.params ? Object.entries(value.params) : []
      return [value.value, ...params.map(([k, v]) => `${k}=${String(v)}`)].join('; ')
    }
  }
  return String(value)
}
