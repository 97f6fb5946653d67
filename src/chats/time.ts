/**
 * A chat is scheduled in the municipality's wall-clock time (`<input type="datetime-local">`) and kept
 * as a UTC instant; these convert between the two and say which phase a chat is in.
 */
import type { ChatSessionRow } from '../db/tables/chats.ts'
import { dateTimeFormat } from '../i18n/intl.ts'

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/

function wallClock(instant: Date, timeZone: string) {
  const parts = dateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') }
}

/** `2026-11-24T19:00` in `Europe/Copenhagen` → the UTC instant; undefined when not a real local time. */
export function localToUtc(local: string, timeZone: string): Date | undefined {
  const m = LOCAL.exec(local.trim())
  if (!m) return undefined
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [number, number, number, number, number]
  const guess = Date.UTC(year, month - 1, day, hour, minute)
  if (Number.isNaN(guess) || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59)
    return undefined
  // Correct the guess by the zone's offset at that moment, twice so a DST change in between settles.
  let instant = guess
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(instant), timeZone)
    const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute)
    instant += guess - shown
  }
  const check = wallClock(new Date(instant), timeZone)
  if (check.day !== day || check.month !== month) return undefined
  return new Date(instant)
}

/** The UTC instant as the value of a `datetime-local` input in the municipality's zone. */
export function utcToLocal(iso: string, timeZone: string): string {
  const w = wallClock(new Date(iso), timeZone)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`
}

export type ChatPhase = 'upcoming' | 'live' | 'ended'

export function phaseOf(chat: Pick<ChatSessionRow, 'starts_at' | 'ends_at'>, now = new Date()): ChatPhase {
  const at = now.toISOString()
  if (at < chat.starts_at) return 'upcoming'
  return at < chat.ends_at ? 'live' : 'ended'
}

/** Questions are taken from the moment a chat is announced until it ends. */
export const acceptsQuestions = (chat: Pick<ChatSessionRow, 'ends_at'>, now = new Date()) =>
  now.toISOString() < chat.ends_at
