import { describe, expect, it } from 'vitest'
import { plusAddress, replyToken, tokenOf, verifyReplyToken } from './reply-token.ts'
import { normalizeSubject, subjectTag } from './subject.ts'
import { OURS, SECRET } from './test-mail.ts'

describe('reply tokens (contract §4)', () => {
  it('match the contract: first 8 hex digits of HMAC-SHA256(secret, lower-cased reference)', () => {
    expect(replyToken('H-2025-0107', SECRET)).toBe('h-2025-0107.fc1cea3a')
    expect(replyToken('H-2025-0042', SECRET)).toBe('h-2025-0042.3ac928c7')
    expect(plusAddress('kontakt@raadhus.example', 'H-2025-0107', SECRET)).toBe(
      'kontakt+h-2025-0107.fc1cea3a@raadhus.example',
    )
  })

  it('verify case-insensitively and refuse a wrong check, a wrong secret or garbage', () => {
    expect(verifyReplyToken('H-2025-0042.3AC928C7', SECRET)).toBe('h-2025-0042')
    expect(verifyReplyToken('h-2025-0042.3ac928c8', SECRET)).toBeNull()
    expect(verifyReplyToken('h-2025-0042.3ac928c7', 'other-secret')).toBeNull()
    for (const bad of ['', '.', 'h-2025-0042', 'h-2025-0042.', 'h-2025-0042.3ac928c7ff']) {
      expect(verifyReplyToken(bad, SECRET)).toBeNull()
    }
  })

  it('are found only in plus-addresses of our own addresses', () => {
    expect(tokenOf('Kontakt+H-2025-0042.3ac928c7@Raadhus.Example', OURS)).toBe('h-2025-0042.3ac928c7')
    expect(tokenOf('kontakt+h-2025-0042.3ac928c7@other.example', OURS)).toBeNull()
    expect(tokenOf('kontakt@raadhus.example', OURS)).toBeNull()
  })
})

describe('subjects (contract §3)', () => {
  it.each([
    ['SV: Re: Fwd: Storskrald', 'Storskrald'],
    ['aw: Antw: VB: Vb: VS: FW: Klage [H-2025-0042]', 'Klage'],
    ['Re[2]: Re(3): Byggetilladelse', 'Byggetilladelse'],
    ['Re: Svar på ansøgning [H-2025-0042] ', 'Svar på ansøgning'],
    ['Reply: Remis', 'Reply: Remis'],
    ['Svar på ansøgning', 'Svar på ansøgning'],
    ['[H-2025-0042] først', '[H-2025-0042] først'],
  ])('%s → %s', (subject, normalized) => {
    expect(normalizeSubject(subject)).toBe(normalized)
  })

  it('reads the trailing inquiry tag', () => {
    expect(subjectTag('SV: Storskrald [h-2025-0042]')).toBe('H-2025-0042')
    expect(subjectTag('Storskrald [H-2025-0042] igen')).toBeNull()
  })
})
