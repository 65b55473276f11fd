/** Event templates: the organizations and topic columns a new board starts with. */
import type { BoardSetup } from './commands.js';
import type { CardKind } from './types.js';

export type TemplateId = 'integration' | 'blank';
export type TemplateLang = 'cs' | 'en';

interface Template {
  topics: Record<TemplateLang, readonly string[]>;
  orgs: Record<TemplateLang, readonly string[]>;
}

const INTEGRATION: Template = {
  topics: {
    cs: ['Jazyk a vzdělávání', 'Bydlení', 'Práce', 'Úřady a služby', 'Komunitní život a participace', 'Informace a komunikace'],
    en: ['Language and education', 'Housing', 'Work', 'Authorities and services', 'Community life and participation', 'Information and communication']
  },
  orgs: {
    cs: [
      'Brno',
      'Plzeň',
      'Praha 4',
      'Praha 7',
      'Praha 14',
      'Hlavní město Praha',
      'IOM',
      'Integrační centrum Praha',
      'Barcelona (ES)',
      'Helsinki (FI)',
      'Amsterdam (NL)',
      'Montréal (CA)'
    ],
    en: [
      'Brno',
      'Pilsen',
      'Prague 4',
      'Prague 7',
      'Prague 14',
      'Prague City Hall',
      'IOM',
      'Prague Integration Centre',
      'Barcelona (ES)',
      'Helsinki (FI)',
      'Amsterdam (NL)',
      'Montréal (CA)'
    ]
  }
};

const TEMPLATES: Record<TemplateId, Template> = {
  integration: INTEGRATION,
  blank: { topics: { cs: ['Témata'], en: ['Topics'] }, orgs: { cs: [], en: [] } }
};

export function boardSetup(template: TemplateId, lang: TemplateLang, title: string): BoardSetup {
  const t = TEMPLATES[template];
  return { title, topics: t.topics[lang], orgs: t.orgs[lang] };
}

/** Example cards for demos and tests: [kind, org index, topic index, cs, en]. */
export const INTEGRATION_EXAMPLES: ReadonlyArray<readonly [CardKind, number, number, string, string]> = [
  ['weakness', 0, 0, 'Kapacita kurzů češtiny pro dospělé nestačí, čekací lhůty jsou několik měsíců.', 'Czech courses for adults lack capacity; waiting times are several months.'],
  [
    'pitfall',
    4,
    0,
    'Děti cizinců nastupují do škol bez jazykové přípravy; učitelé nemají podporu.',
    'Migrant children start school without language preparation; teachers lack support.'
  ],
  ['weakness', 1, 3, 'Na úřadech chybí tlumočníci a interkulturní pracovníci.', 'Offices lack interpreters and intercultural workers.'],
  ['pitfall', 3, 5, 'Informace městské části jsou jen v češtině; weby nejsou srozumitelné.', 'District information is published only in Czech; websites are hard to understand.'],
  ['weakness', 2, 1, 'Pronajímatelé odmítají cizince; inzeráty „jen pro Čechy“.', 'Landlords refuse foreigners; adverts say "Czechs only".'],
  [
    'pitfall',
    5,
    3,
    'Koordinace mezi městem a městskými částmi je nejasná, každý dělá něco jiného.',
    'Coordination between the city and its districts is unclear; everyone does something different.'
  ],
  ['good-practice', 9, 4, 'Vítací balíček a osobní průvodce pro nově příchozí během prvního roku.', 'A welcome package and a personal guide for newcomers in their first year.'],
  ['good-practice', 10, 2, 'Uznávání kvalifikací na jednom místě, do 8 týdnů.', 'Recognition of qualifications at one desk, within 8 weeks.'],
  ['question', 6, 2, 'Jak zapojit zaměstnavatele do výuky češtiny na pracovišti?', 'How can employers be involved in teaching Czech at the workplace?'],
  ['proposal', 0, 4, 'Poradní výbor cizinců při zastupitelstvu města.', 'An advisory board of foreign residents attached to the city council.'],
  ['weakness', 4, 1, 'Ubytovny jako jediná dostupná forma bydlení pro pracovní migranty.', 'Hostels are the only affordable housing for labour migrants.'],
  [
    'pitfall',
    1,
    2,
    'Agenturní zaměstnávání – lidé neznají svá práva a závisí na agentuře i v bydlení.',
    "Agency employment: people don't know their rights, and depend on the agency for housing too."
  ],
  ['good-practice', 11, 5, 'Jednotná linka 311 s tlumočením do 20 jazyků.', 'A single 311 line with interpreting into 20 languages.'],
  [
    'good-practice',
    8,
    3,
    'Registrace k pobytu (padrón) otevírá přístup ke službám bez ohledu na status.',
    'Registration of residence (padrón) opens access to services regardless of status.'
  ]
];
