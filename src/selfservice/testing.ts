/** Test helpers for self-service: the text of a receipt PDF, and a complete set of answers per demo service. */
import { inflateSync } from 'node:zlib'

/**
 * The text drawn in a PDF made by pdfkit with its standard fonts: each content stream inflated, the
 * strings of every TJ array (hex, WinAnsi) joined, one line per text operation.
 */
export function pdfText(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf).toString('latin1')
  const lines: string[] = []
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    let content: string
    try {
      content = inflateSync(Buffer.from(m[1] as string, 'latin1')).toString('latin1')
    } catch {
      content = m[1] as string
    }
    for (const op of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const parts = [...(op[1] as string).matchAll(/<([0-9a-fA-F]*)>/g)].map((h) =>
        Buffer.from(h[1] as string, 'hex').toString('latin1'),
      )
      lines.push(parts.join(''))
    }
  }
  return lines.join('\n')
}

const today = () => new Date()
export const isoDay = (offsetDays: number) =>
  new Date(today().getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10)

/** Answers that pass every rule of the demo EU card in Demo Kommune. */
export const EU_CARD_ANSWERS = {
  name: 'Jens Hansen',
  birth_date: '1985-04-23',
  email: 'jens@example.dk',
  address: 'Birkevej 4',
  postcode: '7100',
  insured: 'yes',
  travel_date: isoDay(30),
}

export const RATS_ANSWERS = {
  address: 'Havnegade 12',
  postcode: '7100',
  where: 'outside',
  description: 'To rotter ved skraldespandene i gården.',
  name: 'Mette Larsen',
  email: 'mette@example.dk',
  phone: '',
}
