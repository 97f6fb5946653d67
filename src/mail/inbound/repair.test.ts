import { describe, expect, it } from 'vitest'
import { betterCharset, decodeWindows1252 } from './repair.ts'

describe('repair helpers', () => {
  it('decode windows-1252 the WHATWG way, including 0x80-0x9F', () => {
    expect(decodeWindows1252(Buffer.from([0x80, 0x96, 0x93, 0x94, 0x9f, 0x81, 0xe5, 0x41]))).toBe('€–“”Ÿ\u0081åA')
  })

  it('pick a charset only for 8-bit parts labelled us-ascii or not labelled', () => {
    const cp1252 = Buffer.from([0x4b, 0xe4, 0x72, 0x6c])
    expect(betterCharset('us-ascii', cp1252)).toBe('windows-1252')
    expect(betterCharset('us-ascii', Buffer.from('plain'))).toBeNull()
    expect(betterCharset(false, cp1252)).toBe('windows-1252')
    expect(betterCharset(false, Buffer.from('Kärl'))).toBe('utf-8')
    expect(betterCharset('iso-8859-1', cp1252)).toBeNull()
  })
})
