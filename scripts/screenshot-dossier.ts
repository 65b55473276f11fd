/**
 * Renders the README's dossier picture: the first page of Brno's dossier (and the report's
 * "what the hall agreed on" page) from a demo board built in memory, through pdftoppm.
 *
 *   node --import tsx scripts/screenshot-dossier.ts
 *
 * Needs poppler-utils (pdftoppm). Writes docs/screenshots/dossier-page.png and report-synthesis.png.
 */
import { execFileSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import * as Y from 'yjs';
import { readContent } from '../src/lib/board/content.js';
import { addCard, clusterCards, initBoard, INTEGRATION_EXAMPLES, LOCAL, readBoard, setSettings, toggleVote } from '../src/lib/board/index.js';
import { applyContent } from '../src/lib/board/restore.js';
import { boardSetup } from '../src/lib/board/templates.js';
import type { CardKind } from '../src/lib/board/types.js';
import type { ExportInput } from '../server/outputs/exports/context.js';
import { writeDossierPdf } from '../server/outputs/exports/dossier-pdf.js';
import { writePdf } from '../server/outputs/exports/pdf.js';

const OUT = 'docs/screenshots';
const title = 'Výzvy integrace 2026';
const doc = new Y.Doc();
initBoard(doc, boardSetup('integration', 'cs', title), LOCAL);
setSettings(doc, { voteBudget: null }, LOCAL);
const { orgs, topics } = readBoard(doc);
let at = 1000;
const add = (kind: CardKind, org: number, topic: number, text: string): string =>
  addCard(doc, { kind, text, orgId: orgs[org].id, author: '', authorKey: `k-${at}`, topicId: topics[topic].id }, LOCAL, (at += 10));
const examples = INTEGRATION_EXAMPLES.map(([kind, org, topic, cs]) => add(kind, org % orgs.length, topic % topics.length, cs));
const brno = [
  add('pitfall', 0, 0, 'Kurzy pro rodiče jsou dopoledne, kdy pracují; večerní kurzy chybí.'),
  add('weakness', 0, 1, 'Startovacích bytů pro rodiny s dětmi je ve městě jen několik desítek.'),
  add('good-practice', 0, 3, 'Jedno kontaktní místo na magistrátu: cizinec vyřídí vše u jedné přepážky.'),
  add('question', 0, 3, 'Kdy budou formuláře odboru dopravy i v ukrajinštině?')
];
const plzen = add('weakness', 1, 0, 'Jazykové kurzy v Plzni jsou obsazené na půl roku dopředu.');
const praha14 = add('pitfall', 4, 0, 'Dospělí se na kurz češtiny nedostanou, čekají měsíce.');
const praha4 = add('weakness', 2, 1, 'Rodiny cizinců bydlí v ubytovnách, byty jim nikdo nepronajme.');
clusterCards(doc, [examples[0], plzen, praha14], 'Kapacita kurzů češtiny', LOCAL);
clusterCards(doc, [brno[1], praha4], 'Dostupné bydlení pro rodiny', LOCAL);
[...examples, ...brno, plzen, praha14, praha4].forEach((id, i) => {
  for (let v = 0; v < (i * 5) % 9; v++) toggleVote(doc, id, `voter-${v}`, LOCAL);
});
const comment = (id: string, cardId: string, text: string, org: number) => ({
  id,
  cardId,
  text,
  author: '',
  nameConsent: false,
  orgId: orgs[org].id,
  createdAt: 9000,
  hidden: false
});
applyContent(
  doc,
  {
    ...readContent(doc),
    comments: [comment('c1', examples[0], 'V Plzni pomohly víkendové kurzy s hlídáním dětí.', 1), comment('c2', brno[2], 'Chceme převzít – kolik lidí přepážku obsluhuje?', 2)]
  },
  LOCAL
);

const board = { id: 'demo', kind: 'main' as const, title };
const input: ExportInput = {
  event: { id: 'demo', title, date: '2026-11-27', place: 'Nová radnice, Praha' },
  board,
  boards: [board],
  content: readContent(doc),
  lang: 'cs',
  exportedAt: Date.now(),
  full: false
};

async function render(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

const png = (pdf: Buffer, page: number, name: string): void => {
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', String(page), '-l', String(page), '-singlefile', '-', `${OUT}/${name}`], { input: pdf });
  console.log(`${OUT}/${name}.png`);
};

png(await render((out) => writeDossierPdf(input, orgs[0].id, out)), 1, 'dossier-page');
const report = await render((out) => writePdf(input, out));
const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: report }).toString('utf8').split('\f');
png(report, pages.findIndex((text) => text.includes('Na čem se sál shodl')) + 1, 'report-synthesis');
