/**
 * A lived-in inbox for the demo: about a dozen inquiries per demo municipality in its language (a few
 * in English), over every channel and several topics, received days ago. Some are answered, one is
 * closed, two are overdue, one carries a PDF, one an identity number (to show masking), and five ask
 * the same thing about bulky waste, so "one answer for many" has a group to suggest.
 *
 * Everything goes through the intake and the case service, so the journal, the receipts and answers in
 * the outbox are the real thing. Only `npm start` and `radhus seed demo` call this (via
 * `seedDemoIfEmpty`); the test apps (`seededApp`) start with an empty inbox.
 */
import type { Db } from '../db/index.ts'
import type { InquiryChannel, Language } from '../db/schema.ts'
import { findUserByEmail } from '../identity/service.ts'
import { checkFiles } from '../inquiries/attachments.ts'
import { answerInquiry, type CaseContext, closeInquiry, takeInquiry } from '../inquiries/case/service.ts'
import { receiveInquiry } from '../inquiries/service.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import { DEMO_MUNICIPALITIES, demoEmail } from './data.ts'

export interface DemoInquiry {
  topic: string
  channel: InquiryChannel
  language: Language
  name: string
  email?: string
  phone?: string
  /** Received this many hours ago. */
  hoursAgo: number
  message: string
  /** A one-page PDF with this text attached. */
  pdf?: { fileName: string; text: string }
  /** What the demo agent has done with it. */
  handled?: { taken: true } | { answer: string; close?: true }
}

const DAY = 24

export const DEMO_INQUIRIES: Record<string, DemoInquiry[]> = {
  'demo-kommune': [
    // Five citizens asking the same thing: the suggested group on the bulk answer page.
    {
      topic: 'bulky-waste',
      channel: 'web',
      language: 'da',
      name: 'Jens Hansen',
      email: 'jens.hansen@borger.test',
      hoursAgo: 2 * DAY + 3,
      message:
        'Hvornår er der næste afhentning af storskrald på Birkevej? Jeg har en gammel sofa og et sofabord, der skal væk.',
    },
    {
      topic: 'bulky-waste',
      channel: 'web',
      language: 'da',
      name: 'Mette Larsen',
      email: 'mette.larsen@borger.test',
      hoursAgo: 2 * DAY - 4,
      message: 'Hej. Hvilken dato er der afhentning af storskrald i Nørrebyen? Vi har et køleskab og en madras.',
    },
    {
      topic: 'bulky-waste',
      channel: 'email',
      language: 'da',
      name: 'Lars Nielsen',
      email: 'lars.nielsen@borger.test',
      hoursAgo: DAY + 6,
      message:
        'Kære kommune\n\nHvornår kommer afhentning af storskrald på Skolevej næste gang? Der står en gammel seng i carporten.\n\nMvh Lars',
    },
    {
      topic: 'bulky-waste',
      channel: 'phone',
      language: 'da',
      name: 'Birthe Poulsen',
      phone: '+45 21 43 65 87',
      hoursAgo: 20,
      message:
        'Borgeren ringer og spørger, hvornår der er afhentning af storskrald på Engvej. Har en reol og to stole.',
    },
    {
      topic: 'bulky-waste',
      channel: 'web',
      language: 'da',
      name: 'Ahmad Khalil',
      email: 'ahmad.khalil@borger.test',
      hoursAgo: 5,
      message: 'Hvornår er der afhentning af storskrald i Vestbyen? Jeg flytter og skal af med et klædeskab.',
    },
    {
      topic: 'roads',
      channel: 'web',
      language: 'da',
      name: 'Susanne Holm',
      email: 'susanne.holm@borger.test',
      hoursAgo: 4 * DAY,
      message:
        'Der er et stort hul i asfalten på Kirkegade ud for nr. 12. Cyklister må svinge ud midt på kørebanen for at undgå det.',
      handled: {
        answer:
          'Kære Susanne Holm\n\nTak for din besked. Vores vejhold lapper hullet på Kirkegade i denne uge.\n\nMed venlig hilsen\nKaren Kontaktcenter',
      },
    },
    {
      topic: 'parking',
      channel: 'phone',
      language: 'da',
      name: 'Erik Mortensen',
      phone: '+45 40 11 22 33',
      hoursAgo: 2 * DAY + 1,
      message: 'Ringer om beboerlicens til parkering i bymidten. Vil gerne vide, hvad den koster om året.',
      handled: { answer: 'Ringet tilbage: beboerlicensen koster 600 kr. om året og søges på kommunens hjemmeside.' },
    },
    {
      topic: 'daycare',
      channel: 'email',
      language: 'da',
      name: 'Camilla Skov',
      email: 'camilla.skov@borger.test',
      hoursAgo: DAY + 2,
      message:
        'Hej\n\nJeg vil gerne skrive min søn op til vuggestue fra 1. april. Hans CPR-nummer er 150624-4123. Kan han komme i Solsikken?\n\nVenlig hilsen\nCamilla Skov',
      handled: { taken: true },
    },
    {
      topic: 'building',
      channel: 'web',
      language: 'da',
      name: 'Peter Frandsen',
      email: 'peter.frandsen@borger.test',
      hoursAgo: 3 * DAY + 5,
      message:
        'Jeg overvejer at bygge en carport på 30 m² ved mit hus. Skal jeg søge byggetilladelse? Tegning vedhæftet.',
      pdf: { fileName: 'carport-tegning.pdf', text: 'Carport 5 x 6 m, Lindevej 4 - skitse' },
    },
    {
      topic: 'other',
      channel: 'desk',
      language: 'en',
      name: 'Anna Schmidt',
      email: 'anna.schmidt@resident.test',
      hoursAgo: 6 * DAY,
      message:
        'I have just moved here from Germany. Where do I register my address, and how do I get a health insurance card?',
      handled: {
        answer:
          'Dear Anna Schmidt\n\nWelcome! You register your address online at borger.dk with MitID, or at Citizen Service with your passport and residence document. The health insurance card is sent to you by post afterwards.\n\nKind regards\nKaren Kontaktcenter',
      },
    },
    {
      topic: 'parking',
      channel: 'web',
      language: 'da',
      name: 'Henrik Berg',
      email: 'henrik.berg@borger.test',
      hoursAgo: 8 * DAY,
      message: 'Jeg har fået en parkeringsafgift på Torvet, selvom min p-skive var stillet rigtigt. Kan jeg klage?',
      handled: {
        answer:
          'Kære Henrik Berg\n\nDu kan klage over afgiften på kommunens hjemmeside inden 6 uger. Vedhæft gerne et billede af p-skiven.\n\nMed venlig hilsen\nKaren Kontaktcenter',
        close: true,
      },
    },
    // Two overdue: received long enough ago that their answer deadline has passed.
    {
      topic: 'roads',
      channel: 'web',
      language: 'da',
      name: 'Lone Jakobsen',
      email: 'lone.jakobsen@borger.test',
      hoursAgo: 24 * DAY,
      message:
        'Gadelyset på stien ved Søparken har været slukket i tre uger. Det er meget mørkt, når børnene går hjem.',
    },
    {
      topic: 'other',
      channel: 'email',
      language: 'en',
      name: 'Tom Walker',
      email: 'tom.walker@resident.test',
      hoursAgo: 30 * DAY,
      message:
        'Hello\n\nWe run a small café on Torvegade and would like to put two tables on the pavement outside. Which permission do we need?\n\nBest regards\nTom Walker',
    },
  ],
  'demo-kommun': [
    {
      topic: 'bulky-waste',
      channel: 'web',
      language: 'sv',
      name: 'Erik Johansson',
      email: 'erik.johansson@invanare.test',
      hoursAgo: 2 * DAY + 3,
      message: 'När är nästa hämtning av grovsopor på Björkvägen? Jag har en gammal soffa och ett soffbord.',
    },
    {
      topic: 'bulky-waste',
      channel: 'web',
      language: 'sv',
      name: 'Maria Andersson',
      email: 'maria.andersson@invanare.test',
      hoursAgo: 2 * DAY - 4,
      message: 'Hej! Vilket datum blir det hämtning av grovsopor i Norrstaden? Vi har ett kylskåp och en madrass.',
    },
    {
      topic: 'bulky-waste',
      channel: 'email',
      language: 'sv',
      name: 'Lars Karlsson',
      email: 'lars.karlsson@invanare.test',
      hoursAgo: DAY + 6,
      message:
        'Hej kommunen\n\nNär kommer nästa hämtning av grovsopor på Skolgatan? Det står en gammal säng i carporten.\n\nMvh Lars',
    },
    {
      topic: 'bulky-waste',
      channel: 'phone',
      language: 'sv',
      name: 'Birgitta Nilsson',
      phone: '070-123 45 67',
      hoursAgo: 20,
      message:
        'Invånaren ringer och undrar när det är hämtning av grovsopor på Ängsvägen. Har en bokhylla och två stolar.',
    },
    {
      topic: 'bulky-waste',
      channel: 'web',
      language: 'sv',
      name: 'Ali Hassan',
      email: 'ali.hassan@invanare.test',
      hoursAgo: 5,
      message: 'När blir det hämtning av grovsopor i Västerby? Jag flyttar och måste bli av med en garderob.',
    },
    {
      topic: 'roads',
      channel: 'web',
      language: 'sv',
      name: 'Susanne Lindqvist',
      email: 'susanne.lindqvist@invanare.test',
      hoursAgo: 4 * DAY,
      message: 'Det finns ett stort hål i asfalten på Storgatan vid nummer 12. Cyklister måste svänga ut i körbanan.',
      handled: {
        answer:
          'Hej Susanne Lindqvist\n\nTack för ditt meddelande. Gatuenheten lagar hålet på Storgatan den här veckan.\n\nMed vänliga hälsningar\nKarin Kontaktcenter',
      },
    },
    {
      topic: 'parking',
      channel: 'phone',
      language: 'sv',
      name: 'Göran Berg',
      phone: '073-987 65 43',
      hoursAgo: 2 * DAY + 1,
      message: 'Ringer om boendeparkering på Kvarngatan. Vill veta vad tillståndet kostar per år.',
      handled: { answer: 'Ringt tillbaka: boendeparkering kostar 1 200 kr per år och söks i e-tjänsten.' },
    },
    {
      topic: 'daycare',
      channel: 'email',
      language: 'sv',
      name: 'Emma Lund',
      email: 'emma.lund@invanare.test',
      hoursAgo: DAY + 2,
      message:
        'Hej\n\nJag vill ställa min dotter i kö till förskola från augusti. Hennes personnummer är 20240615-3128. Finns det plats på Solrosen?\n\nVänliga hälsningar\nEmma Lund',
      handled: { taken: true },
    },
    {
      topic: 'building',
      channel: 'web',
      language: 'sv',
      name: 'Peter Ek',
      email: 'peter.ek@invanare.test',
      hoursAgo: 3 * DAY + 5,
      message: 'Jag funderar på att bygga ett attefallshus på 30 m² på tomten. Behöver jag bygglov? Ritning bifogad.',
      pdf: { fileName: 'attefallshus-ritning.pdf', text: 'Attefallshus 5 x 6 m, Lindvagen 4 - skiss' },
    },
    {
      topic: 'other',
      channel: 'desk',
      language: 'en',
      name: 'Anna Kowalska',
      email: 'anna.kowalska@resident.test',
      hoursAgo: 6 * DAY,
      message: 'I have just moved here from Poland. Where do I sign up for Swedish for immigrants (SFI)?',
      handled: {
        answer:
          'Dear Anna Kowalska\n\nWelcome! Once you are registered with the Swedish Tax Agency, you apply for SFI through our adult education e-service. Courses start every month.\n\nKind regards\nKarin Kontaktcenter',
      },
    },
    {
      topic: 'parking',
      channel: 'web',
      language: 'sv',
      name: 'Henrik Sjöberg',
      email: 'henrik.sjoberg@invanare.test',
      hoursAgo: 8 * DAY,
      message: 'Jag har fått en parkeringsbot på Stortorget fast min p-skiva var rätt inställd. Kan jag överklaga?',
      handled: {
        answer:
          'Hej Henrik Sjöberg\n\nDu kan bestrida boten i vår e-tjänst inom sex veckor. Bifoga gärna en bild på p-skivan.\n\nMed vänliga hälsningar\nKarin Kontaktcenter',
        close: true,
      },
    },
    {
      topic: 'roads',
      channel: 'web',
      language: 'sv',
      name: 'Lena Holm',
      email: 'lena.holm@invanare.test',
      hoursAgo: 24 * DAY,
      message:
        'Gatubelysningen på gång- och cykelvägen vid Sjöparken har varit släckt i tre veckor. Det är mycket mörkt.',
    },
    {
      topic: 'other',
      channel: 'email',
      language: 'en',
      name: 'Tom Walker',
      email: 'tom.walker@resident.test',
      hoursAgo: 30 * DAY,
      message:
        'Hello\n\nWe run a small café on Storgatan and would like to put two tables on the pavement outside. Which permit do we need?\n\nBest regards\nTom Walker',
    },
  ],
}

/** A one-page PDF showing `text` (ASCII), with a correct cross-reference table. */
export function tinyPdf(text: string): Uint8Array {
  // Offsets below count characters as bytes, so anything beyond ASCII becomes '?'.
  const escaped = text.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`)
  const content = `BT /F1 18 Tf 72 760 Td (${escaped}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let pdf = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(pdf.length)
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = pdf.length
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new TextEncoder().encode(pdf)
}

/**
 * Seed the demo inquiries of the demo municipalities that exist, oldest first (so references count up
 * with time), as the citizens and the demo agent would have made them.
 */
export async function seedDemoInquiries(db: Db, options: { baseUrl: string; mailDomain: string }): Promise<number> {
  const now = Date.now()
  let count = 0
  for (const demo of DEMO_MUNICIPALITIES) {
    const municipality = await findMunicipalityBySlug(db, demo.slug)
    const agent = await findUserByEmail(db, demoEmail(demo, 'agent'))
    const list = DEMO_INQUIRIES[demo.slug]
    if (!municipality || !agent || !list) continue
    const caseContext: CaseContext = { municipality, userId: agent.id, ...options }
    for (const item of [...list].sort((a, b) => b.hoursAgo - a.hoursAgo)) {
      const byStaff = item.channel === 'phone' || item.channel === 'desk'
      const files = item.pdf
        ? await checkFiles(
            [],
            [{ fileName: item.pdf.fileName, bytes: tinyPdf(item.pdf.text), truncated: false, skipped: false }],
          )
        : undefined
      const { inquiry } = await receiveInquiry(
        db,
        {
          municipality,
          actor: byStaff ? { type: 'user', id: agent.id } : { type: 'citizen' },
          registeredBy: byStaff ? agent.id : null,
          receivedAt: new Date(now - item.hoursAgo * 3_600_000),
          ...options,
        },
        {
          topic: item.topic,
          message: item.message,
          name: item.name,
          email: item.email,
          phone: item.phone,
          language: item.language,
          channel: item.channel,
        },
        files ? { accepted: files.accepted } : {},
      )
      const handled = item.handled
      if (handled && 'taken' in handled) await takeInquiry(db, caseContext, inquiry.id)
      if (handled && 'answer' in handled) {
        await answerInquiry(db, caseContext, inquiry.id, handled.answer)
        if (handled.close) await closeInquiry(db, caseContext, inquiry.id, { resolution: 'answered', reason: '' })
      }
      count++
    }
  }
  return count
}
