import { describe, expect, it } from 'vitest'
import {
  cprCentury,
  findIdentityNumbers,
  isCpr,
  luhnCheckDigit,
  maskIdentityNumbers,
  swedishKind,
} from './identity-numbers.ts'

const TODAY = new Date('2026-03-15T12:00:00Z')
const kinds = (text: string) => findIdentityNumbers(text, TODAY).map((m) => m.kind)

describe('Danish CPR numbers', () => {
  it('applies the century rule of the 7th digit', () => {
    expect(cprCentury(61, 0)).toBe(1900)
    expect(cprCentury(61, 3)).toBe(1900)
    expect(cprCentury(36, 4)).toBe(2000)
    expect(cprCentury(37, 4)).toBe(1900)
    expect(cprCentury(36, 9)).toBe(2000)
    expect(cprCentury(37, 9)).toBe(1900)
    expect(cprCentury(57, 5)).toBe(2000)
    expect(cprCentury(58, 8)).toBe(1800)
  })

  it('accepts numbers that pass and numbers that fail modulus 11', () => {
    expect(isCpr('0707614285')).toBe(true) // passes mod-11
    expect(isCpr('0101651234')).toBe(true) // fails mod-11, still a CPR number
  })

  it('requires a real calendar date, 29 February only in leap years of the right century', () => {
    expect(isCpr('3102651234')).toBe(false)
    expect(isCpr('0013651234')).toBe(false)
    expect(isCpr('2902001234')).toBe(false) // 1900 is not a leap year (7th digit 1)
    expect(isCpr('2902004234')).toBe(true) // 2000 is (7th digit 4, year ≤ 36)
    expect(isCpr('2902961234')).toBe(true) // 1996
    expect(isCpr('2902975234')).toBe(false) // 1997
    expect(isCpr('2902605234')).toBe(true) // 7th digit 5, year 60 > 57: 1860, a leap year
  })

  it('finds them with a hyphen, without, and with spaces, dots or slashes', () => {
    for (const text of ['070761-4285', '0707614285', '070761 4285', '070761.4285', '070761/4285']) {
      expect(kinds(`CPR: ${text}.`)).toEqual(['cpr'])
    }
  })
})

describe('Swedish personnummer', () => {
  it('computes the Luhn check digit', () => {
    expect(luhnCheckDigit('640823323')).toBe(4)
    expect(luhnCheckDigit('811218987')).toBe(6)
  })

  it('recognises the short and long forms and refuses a wrong check digit', () => {
    expect(swedishKind('6408233234', false, TODAY)).toBe('personnummer')
    expect(swedishKind('196408233234', false, TODAY)).toBe('personnummer')
    expect(swedishKind('6408233235', false, TODAY)).toBeUndefined()
    expect(kinds('mitt nummer är 19640823-3234')).toEqual(['personnummer'])
    expect(kinds('mitt nummer är 196408233234')).toEqual(['personnummer'])
  })

  it('recognises samordningsnummer (day plus 60)', () => {
    const nine = '640883323' // 23 August + 60
    const number = `${nine}${luhnCheckDigit(nine)}`
    expect(swedishKind(number, false, TODAY)).toBe('samordningsnummer')
    expect(kinds(`samordningsnummer ${number.slice(0, 6)}-${number.slice(6)}`)).toEqual(['samordningsnummer'])
  })

  it('reads + as a person of 100 or more, which decides whether 29 February exists', () => {
    // 29 Feb 1900 never existed; 29 Feb 2000 did. Short form "000229": with "-" it is 2000, with "+" 1900.
    const nine = '000229123'
    const number = `${nine}${luhnCheckDigit(nine)}`
    expect(swedishKind(number, false, TODAY)).toBe('personnummer')
    expect(swedishKind(number, true, TODAY)).toBeUndefined()
    const old = '121212121'
    const plus = `${old.slice(0, 6)}+${old.slice(6)}${luhnCheckDigit(old)}`
    expect(kinds(`född ${plus}`)).toEqual(['personnummer'])
  })

  it('lets most Swedish mobile numbers through thanks to the Luhn check', () => {
    // 0731234567: no CPR (month 31) and the Luhn digit would be 4, not 7.
    expect(kinds('ring 0731234567')).toEqual([])
    expect(kinds('ring 070-123 45 67')).toEqual([])
  })
})

describe('maskIdentityNumbers', () => {
  it('masks every number, keeping separators and the rest of the text', () => {
    expect(maskIdentityNumbers('Mit CPR er 070761-4285 og min søns 0101651234.', TODAY)).toBe(
      'Mit CPR er ••••••-•••• og min søns ••••••••••.',
    )
    expect(maskIdentityNumbers('Personnummer 19640823-3234, tack', TODAY)).toBe('Personnummer ••••••••-••••, tack')
  })

  it('leaves dates, phone numbers, amounts and longer digit runs alone', () => {
    const text = 'Mødet 2026-01-15 kl. 10, tlf. 70 10 20 30, beløb 1.234.567 kr., konto 12345678901234, sag 2026-000123'
    expect(maskIdentityNumbers(text, TODAY)).toBe(text)
  })

  it('does not mask a 10-digit run that is no real date in either country', () => {
    expect(maskIdentityNumbers('ordre 9999991234', TODAY)).toBe('ordre 9999991234')
  })
})
