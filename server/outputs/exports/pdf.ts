/**
 * PDF report (pdfkit): a title page (event, date, place, boards), a summary (counts by kind,
 * organization and topic, the top voted cards and clusters, the organizations × topics
 * matrix), the polls with their results, then every visible card grouped by topic, each with
 * its comments. DejaVu Sans is embedded: the 14 standard PDF fonts have no
 * ě, ř or ů. Pages are written to the output as they are finished.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { labels, type ExportInput, type Label } from './context.js';
import { buildReport, type CardLine, type PollLine, type Report } from './summary.js';

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = join(FONT_DIR, 'DejaVuSans.ttf');
const BOLD = join(FONT_DIR, 'DejaVuSans-Bold.ttf');

const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#bbbbbb';
const BAR = '#3b6ea5';
const MARGIN = 50;

type Doc = PDFKit.PDFDocument;

const width = (doc: Doc): number => doc.page.width - 2 * MARGIN;

function heading(doc: Doc, text: string, size: number): void {
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.moveDown(0.6).font('bold').fontSize(size).fillColor(INK).text(text, MARGIN, doc.y, { width: width(doc) }).moveDown(0.3);
}

function titlePage(doc: Doc, input: ExportInput, t: Label): void {
  doc.font('bold').fontSize(28).fillColor(INK).text(input.board.title, MARGIN, 160, { width: width(doc) });
  doc.moveDown(0.5).font('regular').fontSize(16).fillColor(MUTED).text(t('export.report'));
  doc.moveDown(2).fontSize(13).fillColor(INK);
  for (const [label, value] of [
    [t('export.event'), input.event.title],
    [t('export.date'), input.event.date],
    [t('export.place'), input.event.place]
  ]) doc.font('bold').text(`${label}: `, { continued: true }).font('regular').text(value);
  doc.moveDown(1).font('bold').text(`${t('export.boards')}:`).font('regular');
  for (const b of input.boards) doc.text(`• ${b.title}`, { indent: 12 });
}

/** A two-column table of label → count, with a rule under the header. */
function countTable(doc: Doc, head: [string, string], rows: Array<[string, number]>): void {
  const w = width(doc);
  const row = (a: string, b: string, font: 'bold' | 'regular'): void => {
    if (doc.y > doc.page.height - MARGIN - 20) doc.addPage();
    const y = doc.y;
    doc.font(font).fontSize(10).fillColor(INK).text(a, MARGIN, y, { width: w - 80 });
    const after = doc.y;
    doc.text(b, MARGIN + w - 70, y, { width: 70, align: 'right' });
    doc.y = Math.max(after, doc.y);
  };
  row(head[0], head[1], 'bold');
  doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + w, doc.y).strokeColor(RULE).stroke();
  for (const [a, n] of rows) row(a, String(n), 'regular');
  doc.x = MARGIN;
}

function matrixTable(doc: Doc, m: Report['matrix'], corner: string): void {
  const w = width(doc);
  const first = Math.min(130, w * 0.3);
  const cell = (w - first) / Math.max(1, m.topics.length);
  const line = (cells: string[], font: 'bold' | 'regular', size: number): void => {
    const heights = cells.map((c, i) => doc.font(font).fontSize(size).heightOfString(c, { width: (i === 0 ? first : cell) - 4 }));
    const h = Math.max(...heights) + 4;
    if (doc.y + h > doc.page.height - MARGIN) doc.addPage();
    const y = doc.y;
    cells.forEach((c, i) => {
      const x = i === 0 ? MARGIN : MARGIN + first + (i - 1) * cell;
      doc.font(font).fontSize(size).fillColor(INK).text(c, x + 2, y + 2, { width: (i === 0 ? first : cell) - 4, align: i === 0 ? 'left' : 'center' });
    });
    doc.moveTo(MARGIN, y + h).lineTo(MARGIN + w, y + h).strokeColor(RULE).stroke();
    doc.y = y + h;
  };
  line([corner, ...m.topics], 'bold', 7);
  m.orgs.forEach((o, i) => line([o, ...m.counts[i].map((n) => (n === 0 ? '·' : String(n)))], 'regular', 8));
  doc.x = MARGIN;
}

function cardBlock(doc: Doc, l: CardLine, t: Label, prefix = ''): void {
  const w = width(doc);
  const meta = [l.kindLabel, l.org, t('export.votesCount', { count: l.votes }), l.cluster ? `${t('export.cluster')}: ${l.cluster}` : '', l.note, l.card.hidden ? t('export.hidden') : '']
    .filter(Boolean)
    .join(' · ');
  const textHeight = doc.font('regular').fontSize(10).heightOfString(prefix + l.card.text, { width: w });
  if (doc.y + textHeight + 16 > doc.page.height - MARGIN) doc.addPage();
  doc.font('regular').fontSize(10).fillColor(INK).text(prefix + l.card.text, MARGIN, doc.y, { width: w });
  doc.font('regular').fontSize(8).fillColor(MUTED).text(meta, { width: w });
  for (const c of l.comments) {
    const text = `– ${c.text}${c.by ? ` (${c.by})` : ''}`;
    if (doc.y + doc.font('regular').fontSize(9).heightOfString(text, { width: w - 16 }) > doc.page.height - MARGIN) doc.addPage();
    doc.font('regular').fontSize(9).fillColor(INK).text(text, MARGIN + 16, doc.y, { width: w - 16 });
  }
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

/** A poll's question, facts and one bar per option (share of voters). */
function pollBlock(doc: Doc, poll: PollLine, t: Label): void {
  const w = width(doc);
  heading(doc, poll.question, 12);
  const facts = [t(poll.open ? 'export.pollOpen' : 'export.pollClosed'), t(poll.multiple ? 'export.pollMultiple' : 'export.pollSingle'), t('export.pollVoters', { count: poll.voters })];
  doc.font('regular').fontSize(8).fillColor(MUTED).text(facts.join(' · '), MARGIN, doc.y, { width: w }).moveDown(0.3);
  for (const o of poll.options) {
    const label = `${o.text || '—'}: ${t('export.votesCount', { count: o.votes })} (${o.share} %)`;
    const h = doc.font('regular').fontSize(10).heightOfString(label, { width: w }) + 12;
    if (doc.y + h > doc.page.height - MARGIN) doc.addPage();
    doc.font('regular').fontSize(10).fillColor(INK).text(label, MARGIN, doc.y, { width: w });
    const y = doc.y + 1;
    doc.rect(MARGIN, y, w, 4).fillColor('#e6e6e6').fill();
    if (o.share > 0) doc.rect(MARGIN, y, (w * Math.min(100, o.share)) / 100, 4).fillColor(BAR).fill();
    doc.y = y + 12;
  }
  doc.x = MARGIN;
}

function clusterTable(doc: Doc, report: Report, t: Label): void {
  countTable(doc, [t('export.cluster'), t('export.votes')], report.clusters.map((c) => [`${c.title} (${t('count.cards', { count: c.cards })}, ${t('export.raisedBy', { count: c.orgs })})`, c.votes]));
}

function summary(doc: Doc, input: ExportInput, report: Report, t: Label): void {
  doc.addPage();
  heading(doc, t('export.summary'), 18);
  const hidden = input.full && report.hidden > 0 ? ` (${t('export.hiddenCount', { count: report.hidden })})` : '';
  doc.font('regular').fontSize(11).fillColor(INK).text(`${t('export.total')}: ${report.total}${hidden}`);
  heading(doc, t('export.byKind'), 13);
  countTable(doc, [t('kind.label'), t('export.count')], report.byKind);
  heading(doc, t('export.byOrg'), 13);
  countTable(doc, [t('export.organization'), t('export.count')], report.byOrg);
  heading(doc, t('export.byTopic'), 13);
  countTable(doc, [t('export.topic'), t('export.count')], report.byTopic);
  heading(doc, t('export.topVoted'), 13);
  if (report.top.length === 0) doc.font('regular').fontSize(11).fillColor(INK).text(t('export.noVotes'));
  report.top.forEach((l, i) => cardBlock(doc, { ...l, comments: [] }, t, `${i + 1}. `));
  if (report.clusters.length > 0) {
    heading(doc, t('export.clusters'), 13);
    clusterTable(doc, report, t);
  }
  if (report.matrix.orgs.length > 0 && report.matrix.topics.length > 0) {
    heading(doc, t('export.matrix'), 13);
    matrixTable(doc, report.matrix, t('export.organization'));
  }
}

/** Cards laid out between two yields to the event loop: a big report neither blocks realtime traffic nor holds its pages back. */
const CARDS_PER_SLICE = 50;
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Writes the report to `out` (left open) and resolves when the last byte is handed over. */
export async function writePdf(input: ExportInput, out: NodeJS.WritableStream): Promise<void> {
  const t = labels(input.lang);
  const report = buildReport(input, t);
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `${input.board.title} – ${input.event.title}`, Creator: 'panel-board' } });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.pipe(out, { end: false });
  titlePage(doc, input, t);
  summary(doc, input, report, t);
  if (report.polls.length > 0) {
    doc.addPage();
    heading(doc, t('export.polls'), 18);
    for (const poll of report.polls) pollBlock(doc, poll, t);
  }
  doc.addPage();
  heading(doc, t('export.cards'), 18);
  let laid = 0;
  for (const section of report.sections) {
    heading(doc, `${section.title} (${section.cards.length})`, 13);
    for (const l of section.cards) {
      cardBlock(doc, l, t);
      if (++laid % CARDS_PER_SLICE === 0) await yieldToLoop();
    }
  }
  doc.end();
  return done;
}
