/**
 * Answer deadlines in business days: weekdays that are not public holidays in the municipality's
 * country (date-holidays), in the municipality's time zone. Besides the official public holidays,
 * the days Nordic town halls are closed by custom count as closed (DK: Constitution Day, Christmas
 * Eve, New Year's Eve; SE: the "bank" eves such as Midsummer Eve).
 */
import Holidays from 'date-holidays'
import { LRUCache } from 'lru-cache'
import type { Country } from '../db/schema.ts'
import { dateTimeFormat } from '../i18n/intl.ts'

const CLOSED_TYPES = new Set(['public', 'bank'])
const CUSTOMARY_CLOSED: Record<Country, readonly string[]> = {
  DK: ['06-05', '12-24', '12-31'],
  SE: [],
}

// Asking date-holidays day by day is slow (it re-derives every rule per call); the closed days of a
// country and year are computed once and kept as a set of YYYY-MM-DD strings.
const closedDays = new Map<string, ReadonlySet<string>>()
function closedDaysOf(country: Country, year: number): ReadonlySet<string> {
  const key = `${country}:${year}`
  let days = closedDays.get(key)
  if (!days) {
    const holidays = new Holidays(country).getHolidays(year) || []
    days = new Set([
      ...holidays.filter((h) => CLOSED_TYPES.has(h.type)).map((h) => h.date.slice(0, 10)),
      ...CUSTOMARY_CLOSED[country].map((monthDay) => `${year}-${monthDay}`),
    ])
    closedDays.set(key, days)
  }
  return days
}

/** A calendar date (no time, no zone), as YYYY-MM-DD. */
export type LocalDate = string

/*
 * Formatting with Intl costs several microseconds, and the intake asks twice per inquiry (its year, its due date).
 * The answer is the same for every instant of a quarter of an hour: since the 1970s every time zone's offset from
 * UTC has been a whole number of quarter hours, so a local day (and a change of offset) always begins on a quarter
 * hour of UTC. Instants before 2000 are not cached.
 */
const QUARTER_HOUR = 15 * 60_000
const CACHED_FROM = Date.UTC(2000, 0, 1)
const localDates = new LRUCache<string, LocalDate>({ max: 1000 })

/** The calendar date an instant falls on in a time zone. */
export function localDate(instant: Date, timeZone: string): LocalDate {
  const time = instant.getTime()
  const key = time >= CACHED_FROM ? `${timeZone}|${Math.floor(time / QUARTER_HOUR)}` : undefined
  let date = key === undefined ? undefined : localDates.get(key)
  if (date === undefined) {
    date = dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant)
    if (key !== undefined) localDates.set(key, date)
  }
  return date
}

function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(`${date}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

export function isBusinessDay(date: LocalDate, country: Country): boolean {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay()
  if (weekday === 0 || weekday === 6) return false
  return !closedDaysOf(country, Number(date.slice(0, 4))).has(date)
}

/**
 * The date `days` business days after the day an inquiry arrived. Arrival on a closed day counts
 * from the next business day, so a Saturday inquiry with a 2-day deadline is due on Tuesday.
 * @example addBusinessDays('2026-12-23', 2, 'DK') // '2026-12-29' (24th–27th closed)
 */
export function addBusinessDays(start: LocalDate, days: number, country: Country): LocalDate {
  let date = start
  let remaining = days
  while (remaining > 0) {
    date = addDays(date, 1)
    if (isBusinessDay(date, country)) remaining--
  }
  return date
}

/** Midnight at the end of a local date, as a UTC instant: the moment an answer becomes overdue. */
export function endOfLocalDay(date: LocalDate, timeZone: string): Date {
  const nextMidnightUtcGuess = new Date(`${addDays(date, 1)}T00:00:00Z`)
  // Correct by the zone's offset at that moment (DST-safe within the hour the offset changes).
  const offsetMinutes = zoneOffsetMinutes(nextMidnightUtcGuess, timeZone)
  return new Date(nextMidnightUtcGuess.getTime() - offsetMinutes * 60_000)
}

function zoneOffsetMinutes(instant: Date, timeZone: string): number {
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
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'))
  return Math.round((asUtc - instant.getTime()) / 60_000)
}

// Every intake of a day asks for the same few deadlines (one per answer time): each is worked out once.
const dueTimes = new LRUCache<string, number>({ max: 1000 })

/** When an answer is due: `days` business days after arrival, at the end of that local day. */
export function dueAt(received: Date, days: number, country: Country, timeZone: string): Date {
  const day = localDate(received, timeZone)
  const key = `${day}|${days}|${country}|${timeZone}`
  let due = dueTimes.get(key)
  if (due === undefined) {
    due = endOfLocalDay(addBusinessDays(day, days, country), timeZone).getTime()
    dueTimes.set(key, due)
  }
  return new Date(due)
}
