/** Demo canned answers in Danish, Swedish and English, the same for both demo municipalities. */
import type { Db } from '../../db/index.ts'
import type { Language } from '../../db/schema.ts'
import type { Actor } from '../../journal/service.ts'
import { type CannedInput, createCannedAnswer } from './canned.ts'

const answers = (language: Language, list: [string, string][]): CannedInput[] =>
  list.map(([title, body]) => ({ language, title, body }))

export const DEMO_CANNED_ANSWERS: CannedInput[] = [
  ...answers('da', [
    [
      'Tak for din henvendelse',
      'Kære {name}\n\nTak for din henvendelse, som vi modtog {received}. Vi vender tilbage senest {due}.\n\nMed venlig hilsen\n{staff}',
    ],
    [
      'Storskrald: afhentning bestilt',
      'Kære {name}\n\nVi har bestilt afhentning af dit storskrald. Stil det ud til vejen aftenen før.\n\nReferencenummer: {reference}\n\nMed venlig hilsen\n{staff}',
    ],
    [
      'Sendt videre til rette afdeling',
      'Kære {name}\n\nDin henvendelse ({reference}) er sendt videre til den afdeling, der kan hjælpe dig. Du hører fra os senest {due}.\n\nMed venlig hilsen\n{staff}',
    ],
  ]),
  ...answers('sv', [
    [
      'Tack för ditt meddelande',
      'Hej {name}\n\nTack för ditt meddelande, som vi tog emot {received}. Vi återkommer senast {due}.\n\nMed vänliga hälsningar\n{staff}',
    ],
    [
      'Grovavfall: hämtning bokad',
      'Hej {name}\n\nVi har bokat hämtning av ditt grovavfall. Ställ ut det vid vägen kvällen innan.\n\nReferensnummer: {reference}\n\nMed vänliga hälsningar\n{staff}',
    ],
  ]),
  ...answers('en', [
    [
      'Thank you for writing',
      'Dear {name}\n\nThank you for your inquiry, which we received on {received}. We will answer by {due}.\n\nKind regards\n{staff}',
    ],
    [
      'Bulky waste: collection booked',
      'Dear {name}\n\nWe have booked a collection of your bulky waste. Please put it by the road the evening before.\n\nReference: {reference}\n\nKind regards\n{staff}',
    ],
  ]),
]

/** Seed the demo canned answers for a municipality, each journaled. */
export async function seedDemoCannedAnswers(db: Db, actor: Actor, municipalityId: string): Promise<void> {
  for (const answer of DEMO_CANNED_ANSWERS) await createCannedAnswer(db, actor, municipalityId, answer)
}
