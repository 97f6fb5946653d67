/**
 * The demo catalogues, after KL's common self-service solutions and ../../../shared/DOMAIN.md: for Demo
 * Kommune (DK) the health card, the EU health insurance card, report rats, bulky-waste pickup, the
 * resident parking permit and access to documents; for Demo Kommun (SE) the preschool application and
 * the street fault report. Every definition is ordinary data an admin can edit in the JSON editor.
 */
import type { Db } from '../db/index.ts'
import { DEMO_MUNICIPALITIES } from '../demo/data.ts'
import type { DemoSeed } from '../demo/features.ts'
import { createTopics } from '../inquiries/service.ts'
import { SYSTEM } from '../journal/service.ts'
import { findMunicipalityBySlug, listDepartments } from '../municipalities/service.ts'
import { createService } from './catalogue/service.ts'
import type { Definition, Field, Text } from './forms/definition.ts'

const tx = (da: string, sv: string, en: string): Text => ({ da, sv, en })

/** The demo municipality's postcodes (invented for the demo). */
export const DEMO_POSTCODES: Record<string, string[]> = {
  'demo-kommune': ['7100', '7120', '7130', '7140'],
  'demo-kommun': ['123 45', '123 46', '123 47'],
}

const nameField: Field = { id: 'name', type: 'text', label: tx('Dit navn', 'Ditt namn', 'Your name'), required: true }
const emailField: Field = {
  id: 'email',
  type: 'email',
  label: tx('Din e-mail', 'Din e-post', 'Your e-mail'),
  help: tx('Kvitteringen sendes hertil.', 'Kvittot skickas hit.', 'The receipt is sent here.'),
  required: true,
}
const birthField: Field = {
  id: 'birth_date',
  type: 'date',
  label: tx('Fødselsdato', 'Födelsedatum', 'Date of birth'),
  help: tx(
    'Skriv som ÅÅÅÅ-MM-DD, fx 1985-04-23.',
    'Skriv som ÅÅÅÅ-MM-DD, t.ex. 1985-04-23.',
    'Write as YYYY-MM-DD, e.g. 1985-04-23.',
  ),
  required: true,
  maxDays: 0,
  minDays: -130 * 366,
}
const addressField: Field = {
  id: 'address',
  type: 'text',
  label: tx('Adresse', 'Adress', 'Address'),
  help: tx('Vej og husnummer', 'Gata och nummer', 'Street and number'),
  required: true,
}
const postcodeField: Field = {
  id: 'postcode',
  type: 'postcode',
  label: tx('Postnummer', 'Postnummer', 'Postcode'),
  required: true,
}
const photoField = (required = false): Field => ({
  id: 'photos',
  type: 'attachments',
  label: tx('Billeder eller dokumenter', 'Bilder eller dokument', 'Photos or documents'),
  help: tx(
    'PDF, JPG, PNG, HEIC, DOCX, XLSX, ODT eller tekst, højst 10 MB pr. fil.',
    'PDF, JPG, PNG, HEIC, DOCX, XLSX, ODT eller text, högst 10 MB per fil.',
    'PDF, JPG, PNG, HEIC, DOCX, XLSX, ODT or text, at most 10 MB each.',
  ),
  required,
  maxFiles: 3,
})
const aboutYou = (fields: Field[] = []): Definition['steps'][number] => ({
  id: 'about_you',
  title: tx('Om dig', 'Om dig', 'About you'),
  fields: [nameField, ...fields, emailField],
})
const addressStep = (extra: Field[] = []): Definition['steps'][number] => ({
  id: 'address',
  title: tx('Adresse', 'Adress', 'Address'),
  fields: [addressField, postcodeField, ...extra],
})
const inMunicipality = (slug: string): Definition['rules'][number] => ({
  id: 'address_in_municipality',
  kind: 'postcode_in',
  field: 'postcode',
  postcodes: DEMO_POSTCODES[slug] ?? [],
  reason: tx(
    'Adressen ligger ikke i kommunen. Du skal søge i den kommune, du bor i (sundhedsloven § 12).',
    'Adressen ligger inte i kommunen. Du ska ansöka i den kommun där du bor.',
    'The address is not in the municipality. Apply to the municipality you live in.',
  ),
})
const insuredField: Field = {
  id: 'insured',
  type: 'checkbox',
  label: tx(
    'Jeg er dækket af den offentlige sygesikring i Danmark (har et gult sundhedskort)',
    'Jag omfattas av den offentliga sjukförsäkringen i Danmark (har ett gult hälsokort)',
    'I am covered by Danish public health insurance (I have a yellow health card)',
  ),
}

function healthCard(slug: string): Definition {
  return {
    title: tx('Bestil sundhedskort', 'Beställ hälsokort (sundhedskort)', 'Order a health card'),
    summary: tx(
      'Det gule sundhedskort (sygesikringsbevis) viser, at du er dækket af sygesikringen. Bestil nyt, hvis du har mistet det eller skal have nyt navn eller adresse på.',
      'Det gula hälsokortet visar att du omfattas av den danska sjukförsäkringen. Beställ ett nytt om du har tappat det eller bytt namn eller adress.',
      'The yellow health card shows that you are covered by Danish health insurance. Order a new one if you lost it or changed name or address.',
    ),
    lifeSituation: 'health',
    topic: tx('Sygesikring', 'Sjukförsäkring', 'Health insurance'),
    keywords: {
      da: [
        'sundhedskort',
        'gult kort',
        'det gule kort',
        'sygesikringsbevis',
        'sygesikring',
        'nyt kort',
        'mistet kort',
        'læge',
      ],
      sv: ['hälsokort', 'gult kort', 'sjukförsäkringsbevis', 'sjukförsäkring'],
      en: ['health card', 'yellow card', 'health insurance card', 'lost card'],
    },
    needs: [
      tx('Din adresse i kommunen', 'Din adress i kommunen', 'Your address in the municipality'),
      tx('Din fødselsdato', 'Ditt födelsedatum', 'Your date of birth'),
    ],
    legalBasis: tx(
      'Sundhedsloven § 12 og bekendtgørelse om sygesikringsbevis',
      'Danska hälsolagen (sundhedsloven) § 12',
      'Danish Health Act (sundhedsloven) section 12',
    ),
    processing: { digitalDays: 0, otherDays: 5 },
    handling: 'instant',
    caseTopic: 'other',
    next: tx(
      'Kortet sendes til din folkeregisteradresse og er fremme inden for 14 dage.',
      'Kortet skickas till din folkbokföringsadress inom 14 dagar.',
      'The card is sent to your registered address within 14 days.',
    ),
    steps: [
      aboutYou([birthField]),
      addressStep([
        {
          id: 'reason',
          type: 'select',
          label: tx(
            'Hvorfor skal du have et nyt kort?',
            'Varför behöver du ett nytt kort?',
            'Why do you need a new card?',
          ),
          required: true,
          options: [
            { value: 'lost', label: tx('Mistet eller stjålet', 'Tappat eller stulet', 'Lost or stolen') },
            { value: 'damaged', label: tx('Ødelagt', 'Förstört', 'Damaged') },
            {
              value: 'changed',
              label: tx('Nyt navn eller ny læge', 'Nytt namn eller ny läkare', 'New name or new doctor'),
            },
          ],
        },
      ]),
    ],
    rules: [
      inMunicipality(slug),
      {
        id: 'age_15',
        kind: 'min_age',
        field: 'birth_date',
        years: 15,
        reason: tx(
          'Børn under 15 år står på en forælders sundhedskort; en forælder bestiller kortet.',
          'Barn under 15 år står på en förälders kort; en förälder beställer kortet.',
          'Children under 15 are on a parent’s card; a parent orders it.',
        ),
      },
    ],
  }
}

function euCard(slug: string): Definition {
  return {
    title: tx(
      'Bestil EU-sygesikringskort (det blå kort)',
      'Beställ EU-kort (det blå kortet)',
      'Order the EU health insurance card (the blue card)',
    ),
    summary: tx(
      'Det blå EU-sygesikringskort giver dig ret til nødvendig lægehjælp på ferie i EU, EØS og Schweiz. Bestil det i god tid før rejsen.',
      'Det blå EU-kortet ger dig rätt till nödvändig vård på resor inom EU, EES och Schweiz. Beställ det i god tid före resan.',
      'The blue European Health Insurance Card (EHIC) gives you necessary care when travelling in the EU, EEA and Switzerland. Order it well before you travel.',
    ),
    lifeSituation: 'health',
    topic: tx('Sygesikring', 'Sjukförsäkring', 'Health insurance'),
    keywords: {
      da: [
        'eu kort',
        'eu-kort',
        'blåt kort',
        'det blå kort',
        'blå sygesikringskort',
        'sygesikring',
        'sygesikringskort',
        'sundhedskort',
        'rejse',
        'ferie',
        'udlandet',
        'ehic',
      ],
      sv: ['eu-kort', 'eu kort', 'blått kort', 'europeiskt sjukförsäkringskort', 'resa', 'semester', 'utlandet'],
      en: ['eu card', 'ehic', 'blue card', 'european health insurance card', 'travel', 'holiday', 'abroad'],
    },
    needs: [
      tx(
        'Dit gule sundhedskort (du skal være dækket af sygesikringen)',
        'Ditt gula hälsokort',
        'Your yellow health card',
      ),
      tx('Din adresse i kommunen', 'Din adress i kommunen', 'Your address in the municipality'),
    ],
    legalBasis: tx(
      'EU-forordning 883/2004 og sundhedsloven § 12',
      'EU-förordning 883/2004 och danska hälsolagen § 12',
      'EU Regulation 883/2004 and the Danish Health Act section 12',
    ),
    processing: { digitalDays: 0, otherDays: 10 },
    handling: 'instant',
    caseTopic: 'other',
    next: tx(
      'Kortet sendes til din adresse inden for 14 dage og gælder i fem år. Husk det på rejsen.',
      'Kortet skickas till din adress inom 14 dagar och gäller i fem år. Ta med det på resan.',
      'The card is sent to your address within 14 days and is valid for five years. Take it when you travel.',
    ),
    steps: [
      aboutYou([birthField]),
      addressStep(),
      {
        id: 'card',
        title: tx('Kortet', 'Kortet', 'The card'),
        fields: [
          insuredField,
          {
            id: 'travel_date',
            type: 'date',
            label: tx('Hvornår rejser du? (valgfrit)', 'När reser du? (valfritt)', 'When do you travel? (optional)'),
            help: tx('ÅÅÅÅ-MM-DD', 'ÅÅÅÅ-MM-DD', 'YYYY-MM-DD'),
            minDays: 0,
            maxDays: 730,
          },
          {
            id: 'documents',
            type: 'attachments',
            label: tx('Dokumentation (valgfrit)', 'Dokumentation (valfritt)', 'Documents (optional)'),
            help: tx(
              'Fx studiebevis ved ophold i udlandet. PDF, JPG eller PNG, højst 10 MB.',
              'T.ex. studieintyg vid vistelse utomlands. PDF, JPG eller PNG, högst 10 MB.',
              'E.g. proof of studies abroad. PDF, JPG or PNG, at most 10 MB.',
            ),
            maxFiles: 2,
          },
        ],
      },
    ],
    rules: [
      inMunicipality(slug),
      {
        id: 'insured',
        kind: 'one_of',
        field: 'insured',
        values: [true],
        reason: tx(
          'Du skal være dækket af den offentlige sygesikring i Danmark for at få det blå kort.',
          'Du måste omfattas av den offentliga sjukförsäkringen i Danmark för att få det blå kortet.',
          'You must be covered by Danish public health insurance to get the blue card.',
        ),
      },
    ],
  }
}

function reportRats(): Definition {
  return {
    title: tx('Anmeld rotter', 'Anmäl råttor', 'Report rats'),
    summary: tx(
      'Har du set rotter eller tegn på rotter, skal du anmelde det. Kommunens rottebekæmper kommer forbi.',
      'Har du sett råttor eller spår av råttor ska du anmäla det. Kommunens skadedjursbekämpare kommer.',
      'If you have seen rats or signs of rats, report it. The municipality’s pest control will come.',
    ),
    lifeSituation: 'home',
    topic: tx('Rotter og skadedyr', 'Råttor och skadedjur', 'Rats and pests'),
    keywords: {
      da: ['rotter', 'rotte', 'rottebekæmpelse', 'skadedyr', 'mus', 'kloak'],
      sv: ['råttor', 'råtta', 'skadedjur', 'möss'],
      en: ['rats', 'rat', 'pest control', 'vermin', 'mice'],
    },
    needs: [
      tx('Adressen, hvor du har set rotterne', 'Adressen där du såg råttorna', 'The address where you saw the rats'),
    ],
    legalBasis: tx(
      'Bekendtgørelse om forebyggelse og bekæmpelse af rotter (rottebekendtgørelsen)',
      'Dansk förordning om bekämpning av råttor (rottebekendtgørelsen)',
      'Danish order on the prevention and control of rats',
    ),
    processing: { digitalDays: 1, otherDays: 3 },
    handling: 'case',
    caseTopic: 'pest-control',
    next: tx(
      'Rottebekæmperen kontakter dig og kommer inden for 1-2 hverdage (samme dag ved rotter indendørs).',
      'Skadedjursbekämparen kontaktar dig och kommer inom 1–2 arbetsdagar.',
      'Pest control contacts you and comes within 1–2 working days (the same day for rats indoors).',
    ),
    steps: [
      addressStep([
        {
          id: 'where',
          type: 'radio',
          label: tx('Hvor har du set rotterne?', 'Var såg du råttorna?', 'Where did you see the rats?'),
          required: true,
          options: [
            { value: 'inside', label: tx('Indendørs', 'Inomhus', 'Indoors') },
            { value: 'outside', label: tx('Udendørs', 'Utomhus', 'Outdoors') },
            { value: 'sewer', label: tx('I kloakken', 'I avloppet', 'In the sewer') },
          ],
        },
      ]),
      {
        id: 'observation',
        title: tx('Hvad har du set?', 'Vad har du sett?', 'What did you see?'),
        fields: [
          {
            id: 'description',
            type: 'textarea',
            label: tx('Beskriv det, du har set', 'Beskriv vad du har sett', 'Describe what you saw'),
            required: true,
            maxLength: 2000,
          },
          {
            // Asked only about rats indoors: the owner must let pest control in and mend the building.
            id: 'owner',
            type: 'text',
            label: tx('Hvem ejer bygningen?', 'Vem äger byggnaden?', 'Who owns the building?'),
            help: tx(
              'Fx dig selv, en udlejer eller en boligforening',
              'T.ex. du själv, en hyresvärd eller en bostadsrättsförening',
              'E.g. yourself, a landlord or a housing association',
            ),
            required: true,
            showIf: { field: 'where', equals: 'inside' },
          },
          photoField(),
        ],
      },
      aboutYou([
        { id: 'phone', type: 'tel', label: tx('Telefon (valgfrit)', 'Telefon (valfritt)', 'Phone (optional)') },
      ]),
    ],
    rules: [],
  }
}

function bulkyWaste(slug: string): Definition {
  return {
    title: tx('Bestil afhentning af storskrald', 'Beställ hämtning av grovavfall', 'Book bulky-waste pickup'),
    summary: tx(
      'Få hentet møbler, hårde hvidevarer og andet storskrald ved din bolig.',
      'Få möbler, vitvaror och annat grovavfall hämtat vid din bostad.',
      'Have furniture, white goods and other bulky waste collected at your home.',
    ),
    lifeSituation: 'home',
    topic: tx('Affald', 'Avfall', 'Waste'),
    keywords: {
      da: ['storskrald', 'stort skrald', 'affald', 'møbler', 'sofa', 'køleskab', 'hvidevarer', 'afhentning'],
      sv: ['grovavfall', 'grovsopor', 'avfall', 'möbler', 'soffa', 'kylskåp'],
      en: ['bulky waste', 'large waste', 'furniture', 'sofa', 'fridge', 'collection', 'pickup'],
    },
    needs: [
      tx('Din adresse i kommunen', 'Din adress i kommunen', 'Your address in the municipality'),
      tx('En liste over tingene', 'En lista över sakerna', 'A list of the items'),
    ],
    legalBasis: tx(
      'Kommunens regulativ for husholdningsaffald',
      'Kommunens avfallsföreskrifter',
      'The municipality’s household waste regulations',
    ),
    processing: { digitalDays: 0, otherDays: 3 },
    handling: 'instant',
    caseTopic: 'bulky-waste',
    next: tx(
      'Stil tingene ud til vejen aftenen før afhentningsdagen.',
      'Ställ ut sakerna vid vägen kvällen före hämtningsdagen.',
      'Put the items by the road the evening before the pickup day.',
    ),
    steps: [
      addressStep(),
      {
        id: 'items',
        title: tx('Det skal hentes', 'Det ska hämtas', 'What to collect'),
        fields: [
          {
            id: 'items',
            type: 'textarea',
            label: tx('Hvad skal hentes?', 'Vad ska hämtas?', 'What should we collect?'),
            required: true,
            maxLength: 1000,
          },
          {
            id: 'pickup_date',
            type: 'date',
            label: tx('Ønsket afhentningsdag', 'Önskad hämtningsdag', 'Preferred pickup day'),
            help: tx(
              'ÅÅÅÅ-MM-DD, tidligst om 2 dage',
              'ÅÅÅÅ-MM-DD, tidigast om 2 dagar',
              'YYYY-MM-DD, at least 2 days from now',
            ),
            required: true,
            minDays: 2,
            maxDays: 60,
          },
        ],
      },
      aboutYou(),
    ],
    rules: [inMunicipality(slug)],
  }
}

function parkingPermit(slug: string): Definition {
  return {
    title: tx('Søg beboerparkeringslicens', 'Ansök om boendeparkering', 'Apply for a resident parking permit'),
    summary: tx(
      'Bor du i en betalingszone, kan du få en licens til at parkere din bil i zonen.',
      'Bor du i en avgiftszon kan du få tillstånd att parkera din bil i zonen.',
      'If you live in a paid parking zone, you can get a permit to park your car in the zone.',
    ),
    lifeSituation: 'transport',
    topic: tx('Parkering', 'Parkering', 'Parking'),
    keywords: {
      da: ['parkering', 'parkeringslicens', 'beboerlicens', 'beboerparkering', 'p-licens', 'bil', 'zone'],
      sv: ['parkering', 'boendeparkering', 'parkeringstillstånd', 'bil'],
      en: ['parking', 'parking permit', 'resident permit', 'car', 'zone'],
    },
    needs: [
      tx('Bilens registreringsnummer', 'Bilens registreringsnummer', 'The car’s registration number'),
      tx('Din adresse i zonen', 'Din adress i zonen', 'Your address in the zone'),
    ],
    legalBasis: tx(
      'Færdselsloven § 92 og kommunens regler for beboerparkering',
      'Danska vägtrafiklagen § 92 och kommunens regler för boendeparkering',
      'Danish Road Traffic Act section 92 and the municipality’s resident parking rules',
    ),
    processing: { digitalDays: 0, otherDays: 5 },
    handling: 'instant',
    caseTopic: 'parking',
    next: tx(
      'Licensen er digital og gælder fra i dag; den er knyttet til bilens nummerplade.',
      'Tillståndet är digitalt och gäller från i dag, knutet till registreringsnumret.',
      'The permit is digital and valid from today, tied to the registration number.',
    ),
    steps: [
      addressStep([
        {
          id: 'zone',
          type: 'select',
          label: tx('Parkeringszone', 'Parkeringszon', 'Parking zone'),
          help: tx(
            'Zonen står på skiltet på din vej.',
            'Zonen står på skylten på din gata.',
            'The zone is on the sign in your street.',
          ),
          required: true,
          options: [
            { value: 'a', label: tx('Zone A (midtbyen)', 'Zon A (centrum)', 'Zone A (centre)') },
            { value: 'b', label: tx('Zone B (brokvartererne)', 'Zon B (stadsdelarna)', 'Zone B (inner districts)') },
            { value: 'none', label: tx('Ingen zone / ved ikke', 'Ingen zon / vet inte', 'No zone / don’t know') },
          ],
        },
      ]),
      {
        id: 'vehicle',
        title: tx('Bilen', 'Bilen', 'The car'),
        fields: [
          {
            id: 'registration',
            type: 'text',
            label: tx('Registreringsnummer', 'Registreringsnummer', 'Registration number'),
            help: tx('Fx AB 12 345', 'T.ex. AB 12 345', 'E.g. AB 12 345'),
            required: true,
            pattern: '[A-Za-z]{2} ?[0-9]{2} ?[0-9]{3}',
          },
          {
            id: 'owner',
            type: 'checkbox',
            label: tx(
              'Jeg ejer eller har brugsret til bilen',
              'Jag äger eller har nyttjanderätt till bilen',
              'I own the car or have the right to use it',
            ),
            required: true,
          },
        ],
      },
      aboutYou(),
    ],
    rules: [
      inMunicipality(slug),
      {
        id: 'in_zone',
        kind: 'one_of',
        field: 'zone',
        values: ['a', 'b'],
        reason: tx(
          'Adressen ligger ikke i en betalingszone, så der kan ikke gives beboerlicens.',
          'Adressen ligger inte i en avgiftszon, så boendeparkering kan inte ges.',
          'The address is not in a paid zone, so a resident permit cannot be given.',
        ),
      },
    ],
  }
}

function accessToDocuments(): Definition {
  return {
    title: tx('Anmod om aktindsigt', 'Begär ut handlingar (aktindsigt)', 'Request access to documents'),
    summary: tx(
      'Du kan bede om at se kommunens dokumenter i en sag. Du får svar inden for 7 arbejdsdage.',
      'Du kan begära att få se kommunens handlingar i ett ärende. Du får svar inom 7 arbetsdagar.',
      'You can ask to see the municipality’s documents in a case. You get an answer within 7 working days.',
    ),
    lifeSituation: 'rights',
    topic: tx('Aktindsigt', 'Allmänna handlingar', 'Access to documents'),
    keywords: {
      da: ['aktindsigt', 'aktindsigtsbegæring', 'dokumenter', 'sagsakter', 'offentlighedsloven', 'indsigt'],
      sv: ['allmän handling', 'allmänna handlingar', 'begära ut', 'offentlighetsprincipen'],
      en: ['access to documents', 'freedom of information', 'foi', 'documents', 'records'],
    },
    needs: [
      tx(
        'Hvad sagen handler om, eller sagsnummeret',
        'Vad ärendet gäller eller ärendenumret',
        'What the case is about, or its number',
      ),
    ],
    legalBasis: tx(
      'Offentlighedsloven §§ 7 og 36',
      'Danska offentlighetslagen (offentlighedsloven) §§ 7 och 36',
      'Danish Access to Public Administration Files Act sections 7 and 36',
    ),
    processing: { digitalDays: 7, otherDays: 7 },
    handling: 'case',
    caseTopic: 'other',
    next: tx(
      'Vi svarer inden for 7 arbejdsdage. Kan vi ikke nå det, får du besked om hvorfor og hvornår.',
      'Vi svarar inom 7 arbetsdagar. Hinner vi inte får du besked om varför och när.',
      'We answer within 7 working days. If we cannot, we tell you why and when.',
    ),
    steps: [
      {
        id: 'request',
        title: tx('Det ønsker du at se', 'Det vill du se', 'What you want to see'),
        fields: [
          {
            id: 'documents',
            type: 'textarea',
            label: tx('Hvilke dokumenter?', 'Vilka handlingar?', 'Which documents?'),
            required: true,
            maxLength: 4000,
          },
          {
            id: 'case_number',
            type: 'text',
            label: tx('Sagsnummer (valgfrit)', 'Ärendenummer (valfritt)', 'Case number (optional)'),
          },
          {
            id: 'format',
            type: 'radio',
            label: tx('Hvordan vil du have dem?', 'Hur vill du få dem?', 'How do you want them?'),
            required: true,
            options: [
              { value: 'email', label: tx('På e-mail', 'Via e-post', 'By e-mail') },
              { value: 'paper', label: tx('På papir', 'På papper', 'On paper') },
            ],
          },
        ],
      },
      aboutYou(),
    ],
    rules: [],
  }
}

function preschool(): Definition {
  return {
    title: tx('Ansøg om plads i førskole', 'Ansök om förskoleplats', 'Apply for a preschool place'),
    summary: tx(
      'Søg plads i kommunens førskoler til dit barn fra 1 år. Søg senest fire måneder før, du har brug for pladsen.',
      'Ansök om plats i kommunens förskolor för ditt barn från 1 år. Ansök senast fyra månader innan du behöver platsen.',
      'Apply for a place in the municipality’s preschools for your child from age 1, at least four months before you need it.',
    ),
    lifeSituation: 'family',
    topic: tx('Førskole', 'Förskola', 'Preschool'),
    keywords: {
      da: ['førskole', 'børnehave', 'vuggestue', 'dagtilbud', 'pasning'],
      sv: ['förskola', 'förskoleplats', 'dagis', 'barnomsorg', 'förskoleansökan'],
      en: ['preschool', 'nursery', 'daycare', 'childcare', 'kindergarten'],
    },
    needs: [
      tx('Barnets fødselsdato', 'Barnets födelsedatum', 'Your child’s date of birth'),
      tx('Ønsket startdato og førskoler', 'Önskat startdatum och förskolor', 'Preferred start date and preschools'),
    ],
    legalBasis: tx(
      'Den svenske skollag 8 kap. 14 §',
      'Skollagen (2010:800) 8 kap. 14 §',
      'Swedish Education Act chapter 8 section 14',
    ),
    processing: { digitalDays: 20, otherDays: 30 },
    handling: 'case',
    caseTopic: 'daycare',
    next: tx(
      'Du får tilbud om plads senest fire måneder efter ansøgningen og svarer på tilbuddet inden for 14 dage.',
      'Du får erbjudande om plats senast fyra månader efter ansökan och svarar inom 14 dagar.',
      'You are offered a place within four months of applying and answer the offer within 14 days.',
    ),
    steps: [
      {
        id: 'child',
        title: tx('Barnet', 'Barnet', 'The child'),
        fields: [
          { id: 'child_name', type: 'text', label: tx('Barnets navn', 'Barnets namn', 'Child’s name'), required: true },
          {
            id: 'child_birth_date',
            type: 'date',
            label: tx('Barnets fødselsdato', 'Barnets födelsedatum', 'Child’s date of birth'),
            help: tx('ÅÅÅÅ-MM-DD', 'ÅÅÅÅ-MM-DD', 'YYYY-MM-DD'),
            required: true,
            minDays: -6 * 366,
            maxDays: 0,
          },
        ],
      },
      {
        id: 'place',
        title: tx('Pladsen', 'Platsen', 'The place'),
        fields: [
          {
            id: 'start_date',
            type: 'date',
            label: tx('Ønsket startdato', 'Önskat startdatum', 'Preferred start date'),
            help: tx('ÅÅÅÅ-MM-DD', 'ÅÅÅÅ-MM-DD', 'YYYY-MM-DD'),
            required: true,
            minDays: 0,
            maxDays: 730,
          },
          {
            id: 'preschool',
            type: 'select',
            label: tx('Første ønske', 'Förstahandsval', 'First choice'),
            required: true,
            options: [
              { value: 'solrosen', label: tx('Solrosens førskole', 'Solrosens förskola', 'Solrosen preschool') },
              { value: 'ekbacken', label: tx('Ekbackens førskole', 'Ekbackens förskola', 'Ekbacken preschool') },
              { value: 'any', label: tx('Hvilken som helst', 'Vilken som helst', 'Any') },
            ],
          },
        ],
      },
      aboutYou([{ id: 'phone', type: 'tel', label: tx('Telefon', 'Telefon', 'Phone'), required: true }]),
    ],
    rules: [],
  }
}

function streetFault(): Definition {
  return {
    title: tx('Fejlmeld gade eller park', 'Felanmälan gata och park', 'Report a street or park fault'),
    summary: tx(
      'Meld huller i vejen, slukkede gadelamper, væltede skilte og andet, der skal ordnes på gader og i parker.',
      'Anmäl hål i gatan, trasig gatubelysning, skyltar och annat som behöver åtgärdas på gator och i parker.',
      'Report potholes, broken streetlights, fallen signs and other faults in streets and parks.',
    ),
    lifeSituation: 'transport',
    topic: tx('Gader og parker', 'Gator och parker', 'Streets and parks'),
    keywords: {
      da: ['fejlmelding', 'hul i vejen', 'gadelys', 'gadelampe', 'vej', 'park', 'skilt'],
      sv: [
        'felanmälan',
        'felanmälning',
        'gatubelysning',
        'gatlykta',
        'hål i gatan',
        'gata',
        'park',
        'skylt',
        'potthål',
      ],
      en: ['fault report', 'pothole', 'streetlight', 'street light', 'street', 'park', 'sign'],
    },
    needs: [tx('Hvor fejlen er', 'Var felet finns', 'Where the fault is')],
    legalBasis: tx(
      'Kommunens ansvar som vejholder (den svenske lov om offentlige gader)',
      'Kommunens ansvar som väghållare (lag om vissa allmänna gators underhåll)',
      'The municipality’s duty as road authority (Swedish public streets act)',
    ),
    processing: { digitalDays: 5, otherDays: 10 },
    handling: 'case',
    caseTopic: 'roads',
    next: tx(
      'Vi vurderer fejlen og udbedrer den; farlige fejl samme dag.',
      'Vi bedömer felet och åtgärdar det; farliga fel samma dag.',
      'We assess the fault and fix it; dangerous faults the same day.',
    ),
    steps: [
      {
        id: 'fault',
        title: tx('Fejlen', 'Felet', 'The fault'),
        fields: [
          {
            id: 'kind',
            type: 'select',
            label: tx('Hvad drejer det sig om?', 'Vad gäller det?', 'What is it about?'),
            required: true,
            options: [
              { value: 'pothole', label: tx('Hul i vejen', 'Hål i gatan', 'Pothole') },
              { value: 'light', label: tx('Gadebelysning', 'Gatubelysning', 'Street lighting') },
              { value: 'sign', label: tx('Skilt', 'Skylt', 'Sign') },
              { value: 'park', label: tx('Park eller legeplads', 'Park eller lekplats', 'Park or playground') },
              { value: 'other', label: tx('Andet', 'Annat', 'Other') },
            ],
          },
          {
            id: 'place',
            type: 'text',
            label: tx('Hvor?', 'Var?', 'Where?'),
            help: tx(
              'Gade og nummer eller et kendt sted',
              'Gata och nummer eller en känd plats',
              'Street and number or a known place',
            ),
            required: true,
          },
          {
            id: 'description',
            type: 'textarea',
            label: tx('Beskrivelse', 'Beskrivning', 'Description'),
            required: true,
            maxLength: 2000,
          },
          photoField(),
        ],
      },
      aboutYou(),
    ],
    rules: [],
  }
}

export const DEMO_SERVICES: Record<string, { slug: string; definition: (slug: string) => Definition }[]> = {
  'demo-kommune': [
    { slug: 'health-card', definition: healthCard },
    { slug: 'eu-health-card', definition: euCard },
    { slug: 'report-rats', definition: reportRats },
    { slug: 'bulky-waste', definition: bulkyWaste },
    { slug: 'parking-permit', definition: parkingPermit },
    { slug: 'access-to-documents', definition: accessToDocuments },
  ],
  'demo-kommun': [
    { slug: 'preschool', definition: preschool },
    { slug: 'street-fault', definition: streetFault },
  ],
}

/** The demo services (and the pest-control topic their rat reports go to), for the demo municipalities. */
export const seedSelfservice: DemoSeed = async (db: Db) => {
  for (const demo of DEMO_MUNICIPALITIES) {
    const municipality = await findMunicipalityBySlug(db, demo.slug)
    if (!municipality) continue
    if (demo.slug === 'demo-kommune') {
      await createTopics(db, SYSTEM, municipality.id, await listDepartments(db, municipality.id), [
        {
          slug: 'pest-control',
          names: { da: 'Rotter og skadedyr', sv: 'Råttor och skadedjur', en: 'Rats and pests' },
          department: 'teknik-og-miljo',
          answerDays: 2,
        },
      ])
    }
    for (const [position, service] of (DEMO_SERVICES[demo.slug] ?? []).entries()) {
      await createService(db, SYSTEM, municipality.id, {
        slug: service.slug,
        definition: service.definition(demo.slug),
        position,
      })
    }
  }
}
