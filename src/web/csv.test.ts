import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from './csv.ts'

describe('CSV', () => {
  it('quotes what would break a row or a column, and doubles quotes', () => {
    expect(csvCell('Hul i vejen')).toBe('Hul i vejen')
    expect(csvCell('Hul, stort')).toBe('"Hul, stort"')
    expect(csvCell('a;b')).toBe('"a;b"')
    expect(csvCell('sagde "nej"')).toBe('"sagde ""nej"""')
    expect(csvCell('to\r\nlinjer')).toBe('"to\r\nlinjer"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
    expect(csvCell(42)).toBe('42')
  })

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvCell('+45 12 34 56 78')).toBe("'+45 12 34 56 78")
    expect(csvCell('-1')).toBe("'-1")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\tx')).toBe("'\tx")
  })

  it('ends every row with CRLF, and starts with a byte-order mark only when asked', () => {
    expect(
      toCsv([
        ['id', 'title'],
        [1, 'Å, æ'],
      ]),
    ).toBe('id,title\r\n1,"Å, æ"\r\n')
    expect(toCsv([['a']], { bom: true })).toBe('\uFEFFa\r\n')
  })
})
