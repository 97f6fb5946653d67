import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { luhnCheckDigit } from '../web/identity-numbers.ts'
import { checkText, type Finding } from './checks.ts'

const TODAY = new Date('2026-03-15T12:00:00Z')
const check = (text: string, extra: Partial<Parameters<typeof checkText>[1]> = {}) =>
  checkText(text, { language: 'da', today: TODAY, ...extra })
const identity = (text: string) => check(text).filter((f) => f.check === 'identity_number')
const of = (findings: Finding[], code: Finding['check']) => findings.filter((f) => f.check === code)
const pad = (n: number, width = 2) => String(n).padStart(width, '0')

// Sentences a citizen writes, with the number somewhere inside, in both languages.
const CONTEXTS = [
  (n: string) => n,
  (n: string) => `Mit CPR-nummer er ${n}.`,
  (n: string) => `Min søn (${n}) har fået afslag på SFO.`,
  (n: string) => `cpr:${n}, tak`,
  (n: string) => `Mitt personnummer är ${n} och jag väntar på svar`,
  (n: string) => `Hej!\n${n}\nMed vänliga hälsningar`,
  (n: string) => `Ansøgning vedr. ${n}: hvornår?`,
  (n: string) => `"${n}"`,
]

/** Danish CPR numbers: every day ≤ 28 is a real date in any century, so each is valid by construction. */
function cprNumbers(count: number): { date: string; serial: string }[] {
  const out = []
  for (let i = 0; i < count; i++) {
    const day = 1 + ((i * 7) % 28)
    const month = 1 + ((i * 5) % 12)
    const yy = (i * 13) % 100
    const serial = `${i % 10}${pad((i * 37) % 1000, 3)}`
    out.push({ date: `${pad(day)}${pad(month)}${pad(yy)}`, serial })
  }
  return out
}

const CPR_NOTATIONS = [
  (d: string, s: string) => `${d}-${s}`,
  (d: string, s: string) => `${d}${s}`,
  (d: string, s: string) => `${d} ${s}`,
  (d: string, s: string) => `${d} - ${s}`,
  (d: string, s: string) => `${d}\u2013${s}`, // en dash from a word processor
  (d: string, s: string) => `${d}.${s}`,
  (d: string, s: string) => `${d}/${s}`,
  (d: string, s: string) => `${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)}-${s}`,
  (d: string, s: string) => `${d.slice(0, 2)}.${d.slice(2, 4)}.${d.slice(4)}-${s}`,
]

/** Swedish personnummer (and samordningsnummer, day + 60) with a correct Luhn digit, long and short. */
function swedishNumbers(count: number): { year: number; short: string; check: string; samordning: boolean }[] {
  const out = []
  for (let i = 0; i < count; i++) {
    const year = 1930 + ((i * 11) % 95)
    const month = 1 + ((i * 7) % 12)
    const samordning = i % 4 === 3
    const day = 1 + ((i * 3) % 28) + (samordning ? 60 : 0)
    const nine = `${pad(year % 100)}${pad(month)}${pad(day)}${pad((i * 53) % 1000, 3)}`
    out.push({ year, short: nine.slice(0, 6), check: `${nine.slice(6)}${luhnCheckDigit(nine)}`, samordning })
  }
  return out
}

const SWEDISH_NOTATIONS = [
  (n: { year: number; short: string; check: string }) => `${n.short}-${n.check}`,
  (n: { year: number; short: string; check: string }) => `${n.short}${n.check}`,
  (n: { year: number; short: string; check: string }) => `${Math.floor(n.year / 100)}${n.short}-${n.check}`,
  (n: { year: number; short: string; check: string }) => `${Math.floor(n.year / 100)}${n.short}${n.check}`,
  (n: { year: number; short: string; check: string }) => `${Math.floor(n.year / 100)}${n.short} ${n.check}`,
  (n: { year: number; short: string; check: string }) => `${n.short} - ${n.check}`,
]

describe('checkText: identity numbers', () => {
  it('finds Danish CPR numbers in every common notation, inside other text, at their position', () => {
    let examples = 0
    for (const [i, { date, serial }] of cprNumbers(60).entries()) {
      for (const [j, notation] of CPR_NOTATIONS.entries()) {
        const written = notation(date, serial)
        const text = CONTEXTS[(i + j) % CONTEXTS.length]?.(written) ?? written
        const found = identity(text)
        expect(found, text).toHaveLength(1)
        expect(text.slice(found[0]?.index, (found[0]?.index ?? 0) + (found[0]?.length ?? 0)), text).toBe(written)
        expect(found[0]).toMatchObject({ rule: 'no-personal-data', neverPublic: true })
        examples++
      }
    }
    expect(examples).toBeGreaterThanOrEqual(100)
  })

  it('finds CPR numbers that fail the modulus-11 check', () => {
    // 010165-1234: weights 4,3,2,7,6,5,4,3,2,1 give 0+3+0+7+36+25+4+6+6+4 = 91, not divisible by 11.
    expect(identity('CPR 010165-1234')).toHaveLength(1)
  })

  it('finds Swedish personnummer and samordningsnummer, short and long, with and without separator', () => {
    let examples = 0
    for (const [i, n] of swedishNumbers(40).entries()) {
      for (const [j, notation] of SWEDISH_NOTATIONS.entries()) {
        const written = notation(n)
        const text = CONTEXTS[(i + j) % CONTEXTS.length]?.(written) ?? written
        const found = identity(text)
        expect(found, text).toHaveLength(1)
        expect(text.slice(found[0]?.index, (found[0]?.index ?? 0) + (found[0]?.length ?? 0)), text).toBe(written)
        if (written.replace(/\D/g, '').length === 12 && n.samordning) expect(found[0]?.detail).toBe('samordningsnummer')
        examples++
      }
    }
    expect(examples).toBeGreaterThanOrEqual(100)
  })

  it('reads + as 100 years or older', () => {
    for (const n of swedishNumbers(40).filter((x) => x.year < 1926)) {
      expect(identity(`född ${n.short}+${n.check}`), `${n.short}+${n.check}`).toHaveLength(1)
    }
    // 29 February 1900 never existed: with + the short number 000229-… is no date.
    const nine = '000229123'
    expect(identity(`${nine.slice(0, 6)}-${nine.slice(6)}${luhnCheckDigit(nine)}`)).toHaveLength(1)
    expect(identity(`${nine.slice(0, 6)}+${nine.slice(6)}${luhnCheckDigit(nine)}`)).toHaveLength(0)
  })

  it('finds every number in a text with several', () => {
    expect(identity('Far 070761-4285, mor 19640823-3234 og barn 010165 1234').map((f) => f.detail)).toEqual([
      'cpr',
      'personnummer',
      'cpr',
    ])
  })

  it('holds for any CPR date and serial (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 9999 }),
        fc.constantFrom(...CPR_NOTATIONS),
        fc.constantFrom(...CONTEXTS),
        (day, month, yy, serial, notation, context) => {
          const written = notation(`${pad(day)}${pad(month)}${pad(yy)}`, pad(serial, 4))
          expect(identity(context(written))).toHaveLength(1)
        },
      ),
      { numRuns: 300, seed: 5 },
    )
  })
})

/** Things with digits in them that are no identity number. */
function negatives(): string[] {
  const out: string[] = []
  for (let i = 0; i < 12; i++) {
    const day = 1 + ((i * 5) % 28)
    const month = 1 + ((i * 7) % 12)
    const year = 1990 + i * 3
    // Dates and times
    out.push(
      `Mødet er ${year}-${pad(month)}-${pad(day)} kl. 10:30`,
      `den ${pad(day)}-${pad(month)}-${year}`,
      `den ${pad(day)}.${pad(month)}.${year}`,
      `${pad(day)}/${pad(month)}/${year} 14.15`,
      `${year}${pad(month)}${pad(day)}`,
      `d. ${day}/${month}-${year}`,
    )
    // Phone numbers, Danish and Swedish
    const dk = `${2 + (i % 8)}${pad((i * 1234567) % 10_000_000, 7)}`
    const mobile = `07${['2', '3', '6', '9'][i % 4]}${pad((i * 7654321) % 10_000_000, 7)}`
    out.push(
      `ring ${dk}`,
      `tlf. ${dk.slice(0, 2)} ${dk.slice(2, 4)} ${dk.slice(4, 6)} ${dk.slice(6)}`,
      `+45 ${dk}`,
      `+45 ${dk.slice(0, 4)} ${dk.slice(4)}`,
      `ring ${mobile}`,
      `${mobile.slice(0, 3)}-${mobile.slice(3, 6)} ${mobile.slice(6, 8)} ${mobile.slice(8)}`,
      `+46 ${mobile.slice(1, 3)} ${mobile.slice(3, 6)} ${mobile.slice(6, 8)} ${mobile.slice(8)}`,
      `+46${mobile.slice(1)}`,
      `08-${pad(i * 31, 3)} ${pad(i * 7, 3)} ${pad(i, 2)}`,
    )
    // Amounts, postal codes, order and account numbers
    const amount = 1000 + i * 98_765
    out.push(
      `Prisen er ${amount.toLocaleString('da-DK')} kr.`,
      `${amount.toLocaleString('sv-SE')} kr`,
      `kr. ${amount}.000,00`,
      `${1000 + i * 700} København`,
      `SE-${211 + i * 3} ${pad(i * 7 + 10)} Malmö`,
      `Ordre nr. 2024-${pad(i * 137, 6)}`,
      `faktura ${pad(32 + i * 5, 2)}${pad(13 + i * 7, 2)}${pad(i * 91, 6)}`,
      `reg. ${1000 + i} konto ${pad(13 + i, 4)}${pad(i * 733, 6)}`,
      `kontonummer ${pad(i * 3_456_789_012_345, 14)}`,
    )
  }
  return out
}

describe('checkText: what is no identity number', () => {
  it('leaves dates, phone numbers, amounts, postal codes and order numbers alone', () => {
    const examples = negatives()
    expect(examples.length).toBeGreaterThanOrEqual(100)
    for (const text of examples) expect(identity(text), text).toEqual([])
  })

  it('leaves ten-digit runs that are no date in either country alone (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 32, max: 99 }),
        fc.integer({ min: 13, max: 99 }),
        fc.integer({ min: 0, max: 999_999 }),
        (first, second, rest) => {
          expect(identity(`sag ${pad(first)}${pad(second)}${pad(rest, 6)}`)).toEqual([])
        },
      ),
      { numRuns: 200, seed: 7 },
    )
  })
})

describe('checkText: contact details', () => {
  it('finds e-mail addresses at their position, and not as links', () => {
    const text = 'Skriv til søren.ågård@kommune.dk eller anna+svar@example.se.'
    const found = check(text)
    expect(of(found, 'email').map((f) => text.slice(f.index, (f.index ?? 0) + (f.length ?? 0)))).toEqual([
      'søren.ågård@kommune.dk',
      'anna+svar@example.se',
    ])
    expect(of(found, 'link')).toEqual([])
    expect(of(found, 'email')[0]).toMatchObject({ rule: 'no-personal-data', neverPublic: false })
  })

  it('finds Danish and Swedish phone numbers as people write them', () => {
    for (const written of [
      '20304050',
      '20 30 40 50',
      '2030 4050',
      '+45 20 30 40 50',
      '+4520304050',
      '0045 2030 4050',
      '070-123 45 67',
      '070 123 45 67',
      '0731234567',
      '08-123 456 78',
      '08-12 34 56',
      '031-123 45 67',
      '+46 70 123 45 67',
      '+46 (0)70-123 45 67',
      '+46 8 123 456 78',
    ]) {
      const text = `Ring på ${written} i dag`
      const phones = of(check(text), 'phone')
      expect(phones, written).toHaveLength(1)
      expect(text.slice(phones[0]?.index, (phones[0]?.index ?? 0) + (phones[0]?.length ?? 0))).toBe(written)
    }
  })

  it('does not take years, postal codes, amounts or times for phone numbers', () => {
    for (const text of [
      'I 2024 og 2025',
      '2100 København Ø',
      'SE-211 20 Malmö',
      'Det koster 1.250.000 kr.',
      'kl. 08.00-16.00',
      'fra 2020-2024',
      'den 05-03-2024',
      'beløbet 25 000 000 kr',
    ]) {
      expect(of(check(text), 'phone'), text).toEqual([])
    }
  })

  it('names an identity number once, not also as a phone number', () => {
    expect(check('070761-4285').map((f) => f.check)).toEqual(['identity_number'])
  })
})

describe('checkText: links', () => {
  it('finds http(s), www. and bare domains without the sentence punctuation', () => {
    const text = 'Se https://example.com/a?b=1, www.tilbud.dk og billigt.se. Også køb-nu.com/sko!'
    const links = of(check(text), 'link').map((f) => text.slice(f.index, (f.index ?? 0) + (f.length ?? 0)))
    expect(links).toEqual(['https://example.com/a?b=1', 'www.tilbud.dk', 'billigt.se', 'køb-nu.com/sko'])
    expect(of(check(text), 'link')[0]?.rule).toBe('no-commercial')
  })

  it('does not take abbreviations and amounts for links', () => {
    for (const text of ['f.eks. i morgen', 'bl.a. kl.10', 'ca. 1.000 kr.', 'm.v.h. Anna', 'osv. osv.', 'dvs. nej']) {
      expect(of(check(text), 'link'), text).toEqual([])
    }
  })
})

describe('checkText: capitals', () => {
  it('finds a text mostly in capitals', () => {
    const found = of(check('HVORFOR ER DER STADIG IKKE RYDDET SNE PÅ VORES VEJ??'), 'capitals')
    expect(found).toHaveLength(1)
    expect(found[0]?.rule).toBe('no-capitals')
  })

  it('ignores short texts, acronyms and a shouted word or two', () => {
    expect(of(check('HJÆLP!'), 'capitals')).toEqual([])
    expect(of(check('Hvornår svarer SKAT, CPR-kontoret og NATO på mit spørgsmål om EU?'), 'capitals')).toEqual([])
    expect(of(check('Det er VIGTIGT at I svarer, for jeg har ventet meget længe nu'), 'capitals')).toEqual([])
  })
})

describe('checkText: length and blocklist', () => {
  it('marks the part over the length limit', () => {
    expect(of(check('a'.repeat(120), { maxLength: 100 }), 'too_long')).toEqual([
      { check: 'too_long', rule: 'concise', index: 100, length: 20, neverPublic: false },
    ])
    expect(of(check('a'.repeat(100), { maxLength: 100 }), 'too_long')).toEqual([])
  })

  it('matches blocklist words case-insensitively on word boundaries, æøåäö included', () => {
    const blocklist = ['fjols', 'åndssvag', 'dum skid', 'idiot*', { term: 'køb nu', rule: 'no-commercial' as const }]
    const text = 'FJOLS! Åndssvage fjolset, ÅNDSSVAG og dum   skid, idioterne. Køb nu, fjolsø.'
    const found = of(check(text, { blocklist }), 'blocklist')
    expect(found.map((f) => text.slice(f.index, (f.index ?? 0) + (f.length ?? 0)))).toEqual([
      'FJOLS',
      'ÅNDSSVAG',
      'dum   skid',
      'idioterne',
      'Køb nu',
    ])
    expect(found.at(-1)?.rule).toBe('no-commercial')
    expect(found[0]?.rule).toBe('no-hate')
  })

  it('finds nothing in an ordinary question', () => {
    expect(check('Hvornår bliver haveaffaldet hentet i Vesterbro i år? Tak for svar.', { maxLength: 2000 })).toEqual([])
  })
})
