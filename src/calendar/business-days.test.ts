import { describe, expect, it } from 'vitest'
import { addBusinessDays, dueAt, isBusinessDay, localDate } from './business-days.ts'

describe('business days', () => {
  it('skips weekends', () => {
    expect(addBusinessDays('2026-11-20', 1, 'DK')).toBe('2026-11-23') // Friday + 1 = Monday
    expect(addBusinessDays('2026-11-21', 2, 'SE')).toBe('2026-11-24') // Saturday counts from Monday
  })

  it('skips Danish public holidays and the days town halls close by custom', () => {
    expect(isBusinessDay('2026-04-02', 'DK')).toBe(false) // Skærtorsdag
    expect(isBusinessDay('2026-06-05', 'DK')).toBe(false) // Grundlovsdag
    expect(addBusinessDays('2026-12-23', 2, 'DK')).toBe('2026-12-29') // 24th–27th closed
    expect(addBusinessDays('2026-12-30', 1, 'DK')).toBe('2027-01-04') // New Year's Eve and Day closed
  })

  it('skips Swedish public holidays and eves, but not Danish ones', () => {
    expect(isBusinessDay('2026-06-19', 'SE')).toBe(false) // Midsommarafton
    expect(isBusinessDay('2026-06-06', 'SE')).toBe(false) // Nationaldagen (a Saturday anyway)
    expect(isBusinessDay('2026-01-06', 'SE')).toBe(false) // Trettondedag jul
    expect(isBusinessDay('2026-01-06', 'DK')).toBe(true)
    expect(isBusinessDay('2026-04-02', 'SE')).toBe(true) // Skärtorsdagen is a working day in Sweden
  })

  it('uses the municipality’s time zone for the arrival date and the end of the due day', () => {
    // 23:30 UTC on a Sunday is already Monday in Copenhagen.
    expect(localDate(new Date('2026-11-22T23:30:00Z'), 'Europe/Copenhagen')).toBe('2026-11-23')
    const due = dueAt(new Date('2026-11-22T23:30:00Z'), 3, 'DK', 'Europe/Copenhagen')
    expect(due.toISOString()).toBe('2026-11-26T23:00:00.000Z') // end of Thursday 26th, CET
    const summer = dueAt(new Date('2026-06-10T08:00:00Z'), 1, 'SE', 'Europe/Stockholm')
    expect(summer.toISOString()).toBe('2026-06-11T22:00:00.000Z') // CEST
  })

  it('gives the same local date from its cache as Intl does, minute by minute, around midnight and offset changes', () => {
    const uncached = (instant: Date, timeZone: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant)
    const around = [
      ['Europe/Copenhagen', '2026-03-28T22:00:00Z'], // the night summer time begins
      ['Europe/Stockholm', '2026-10-24T21:00:00Z'], // the night it ends
      ['Asia/Kolkata', '2026-11-23T17:00:00Z'], // +5:30: midnight on a half hour of UTC
      ['Asia/Kathmandu', '2026-11-23T17:00:00Z'], // +5:45: on a quarter hour
    ] as const
    for (const [timeZone, from] of around) {
      for (let minute = 0; minute < 6 * 60; minute++) {
        const instant = new Date(Date.parse(from) + minute * 60_000)
        // Asked twice: the second answer comes from the cache the first one filled.
        expect([localDate(instant, timeZone), localDate(instant, timeZone)]).toEqual(
          Array(2).fill(uncached(instant, timeZone)),
        )
      }
    }
  })
})
