/**
 * PDF report (pdfkit): a title page that carries the summary (counts by kind, topic and
 * organization, the top voted cards and clusters), "what the hall agreed on" on landscape pages
 * (pdf-synthesis.ts: shared clusters, top 10, the organizations × topics matrix with headlines), the polls (none split over two pages), then every visible card grouped by
 * topic, each with its comments. Every page but the title page has a running header (the
 * report's title) and "Page N of M". DejaVu Sans is embedded: the 14 standard PDF fonts have no
 * ě, ř or ů. Pages are held until the last one is laid out (pdfkit's bufferPages), since
 * "of M" needs the count; the report is built in the heavy-work worker, off the event loop.
 */
import PDFDocument from 'pdfkit';
import { labels, type ExportInput, type Label } from './context.js';
import { stateFromContent } from '../../../src/lib/board/content.js';
import { synthesis } from '../../../src/lib/board/synthesis.js';
import { BAR, bottom, commentLines, countTable, countTableColumns, heading, INK, MARGIN, MUTED, pageFurniture, RULE, room, width, type Doc } from './pdf-layout.js';
import { BOLD, REGULAR } from './pdf-fonts.js';
import { synthesisPages } from './pdf-synthesis.js';
import { participationSection } from './participation-pdf.js';
import { buildReport, questionMeta, type CardLine, type PollLine, type Report } from './summary.js';

const same = (a: string, b: string): boolean => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** "Board – Event", said once when one title holds the other (a main board usually carries the event's title). */
export function reportTitle(event: string, board: string): string {
  const [e, b] = [event.trim(), board.trim()];
  if (!e || same(e, b) || b.toLocaleLowerCase().includes(e.toLocaleLowerCase())) return b || e;
  if (!b || e.toLocaleLowerCase().includes(b.toLocaleLowerCase())) return e;
  return `${b} – ${e}`;
}

function titlePage(doc: Doc, input: ExportInput, t: Label): void {
  doc
    .font('bold')
    .fontSize(26)
    .fillColor(INK)
    .text(input.board.title, MARGIN, MARGIN + 20, { width: width(doc) });
  doc.moveDown(0.3).font('regular').fontSize(15).fillColor(MUTED).text(t('export.report'));
  doc.moveDown(1).fontSize(12).fillColor(INK);
  for (const [label, value] of [
    [t('export.event'), input.event.title],
    [t('export.date'), input.event.date],
    [t('export.place'), input.event.place]
  ])
    doc.font('bold').text(`${label}: `, { continued: true }).font('regular').text(value);
  doc
    .moveDown(0.6)
    .font('bold')
    .text(`${t('export.boards')}:`)
    .font('regular');
  for (const b of input.boards) doc.text(`• ${b.title}`, { indent: 12 });
  doc
    .moveDown(0.6)
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + width(doc), doc.y)
    .strokeColor(RULE)
    .stroke();
}

function cardBlock(doc: Doc, l: CardLine, t: Label, prefix = ''): void {
  const w = width(doc);
  const meta = [
    l.kindLabel,
    l.org,
    t('export.votesCount', { count: l.votes }),
    ...questionMeta(l, t),
    l.cluster ? `${t('export.cluster')}: ${l.cluster}` : '',
    l.note,
    l.card.hidden ? t('export.hidden') : ''
  ]
    .filter(Boolean)
    .join(' · ');
  const textHeight = doc
    .font('regular')
    .fontSize(10)
    .heightOfString(prefix + l.card.text, { width: w });
  room(doc, textHeight + 16);
  doc
    .font('regular')
    .fontSize(10)
    .fillColor(INK)
    .text(prefix + l.card.text, MARGIN, doc.y, { width: w });
  doc.font('regular').fontSize(8).fillColor(MUTED).text(meta, { width: w });
  commentLines(doc, l.comments);
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

const optionLabel = (o: PollLine['options'][number], t: Label): string => `${o.text || '—'}: ${t('export.votesCount', { count: o.votes })} (${o.share} %)`;

/** The height of a poll's block, so that a poll short enough for one page is never split. */
function pollHeight(doc: Doc, poll: PollLine, t: Label): number {
  const w = width(doc);
  const question = doc.font('bold').fontSize(12).heightOfString(poll.question, { width: w }) + 24;
  const answers = poll.answers.reduce(
    (h, a) =>
      h +
      doc
        .font('regular')
        .fontSize(10)
        .heightOfString(a, { width: w - 16 }) +
      4,
    0
  );
  return question + 14 + answers + poll.options.reduce((h, o) => h + doc.font('regular').fontSize(10).heightOfString(optionLabel(o, t), { width: w }) + 13, 0);
}

/** A poll's question, facts and one bar per option (share of voters). */
function pollBlock(doc: Doc, poll: PollLine, t: Label): void {
  const w = width(doc);
  const h = pollHeight(doc, poll, t);
  if (h < bottom(doc) - MARGIN) room(doc, h);
  heading(doc, poll.question, 12);
  doc.font('regular').fontSize(8).fillColor(MUTED).text(poll.facts.join(' · '), MARGIN, doc.y, { width: w }).moveDown(0.3);
  // An open-text poll's approved answers, one paragraph each
  for (const answer of poll.answers) {
    room(
      doc,
      doc
        .font('regular')
        .fontSize(10)
        .heightOfString(answer, { width: w - 16 }) + 4
    );
    doc
      .font('regular')
      .fontSize(10)
      .fillColor(INK)
      .text(`– ${answer}`, MARGIN + 8, doc.y, { width: w - 16 });
    doc.moveDown(0.2);
  }
  for (const o of poll.options) {
    const label = optionLabel(o, t);
    room(doc, doc.font('regular').fontSize(10).heightOfString(label, { width: w }) + 12);
    doc.font('regular').fontSize(10).fillColor(INK).text(label, MARGIN, doc.y, { width: w });
    const y = doc.y + 1;
    doc.rect(MARGIN, y, w, 4).fillColor('#e6e6e6').fill();
    if (o.share > 0)
      doc
        .rect(MARGIN, y, (w * Math.min(100, o.share)) / 100, 4)
        .fillColor(BAR)
        .fill();
    doc.y = y + 12;
  }
  doc.x = MARGIN;
}

function clusterTable(doc: Doc, report: Report, t: Label): void {
  countTable(
    doc,
    [t('export.cluster'), t('export.votes')],
    report.clusters.map((c) => [`${c.title} (${t('count.cards', { count: c.cards })}, ${t('export.raisedBy', { count: c.orgs })})`, c.votes])
  );
}

/** The summary, under the title on the first page. */
function summary(doc: Doc, input: ExportInput, report: Report, t: Label): void {
  heading(doc, t('export.summary'), 18);
  const hidden = input.full && report.hidden > 0 ? ` (${t('export.hiddenCount', { count: report.hidden })})` : '';
  doc
    .font('regular')
    .fontSize(11)
    .fillColor(INK)
    .text(`${t('export.total')}: ${report.total}${hidden}`);
  countTableColumns(
    doc,
    [
      { title: t('export.byKind'), head: [t('kind.label'), t('export.count')], rows: report.byKind },
      { title: t('export.byTopic'), head: [t('export.topic'), t('export.count')], rows: report.byTopic }
    ],
    [{ title: t('export.byOrg'), head: [t('export.organization'), t('export.count')], rows: report.byOrg }]
  );
  heading(doc, t('export.topVoted'), 13);
  if (report.top.length === 0) doc.font('regular').fontSize(11).fillColor(INK).text(t('export.noVotes'));
  report.top.forEach((l, i) => cardBlock(doc, { ...l, comments: [] }, t, `${i + 1}. `));
  if (report.clusters.length > 0) {
    heading(doc, t('export.clusters'), 13);
    clusterTable(doc, report, t);
  }
}

/** Cards laid out between two yields to the event loop: a big report neither blocks realtime traffic nor holds its pages back. */
const CARDS_PER_SLICE = 50;
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Writes the report to `out` (left open) and resolves when the last byte is handed over. */
export async function writePdf(input: ExportInput, out: NodeJS.WritableStream): Promise<void> {
  const t = labels(input.lang);
  const report = buildReport(input, t);
  const title = reportTitle(input.event.title, input.board.title);
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: title, Subject: t('export.report'), Creator: 'panel-board' } });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.pipe(out, { end: false });
  titlePage(doc, input, t);
  summary(doc, input, report, t);
  synthesisPages(doc, synthesis(stateFromContent(input.content)), t, input.lang);
  if (input.participation) participationSection(doc, input.participation, t);
  doc.addPage();
  if (report.polls.length > 0) {
    heading(doc, t('export.polls'), 18);
    for (const poll of report.polls) pollBlock(doc, poll, t);
  }
  if (report.questions.length > 0) {
    heading(doc, t('qa.title'), 18);
    report.questions.forEach((l, i) => cardBlock(doc, { ...l, comments: [] }, t, `${i + 1}. `));
  }
  heading(doc, t('export.cards'), 18);
  let laid = 0;
  for (const section of report.sections) {
    heading(doc, `${section.title} (${section.cards.length})`, 13);
    for (const l of section.cards) {
      cardBlock(doc, l, t);
      if (++laid % CARDS_PER_SLICE === 0) await yieldToLoop();
    }
  }
  pageFurniture(doc, title, input.event.date, (page, pages) => t('export.pageOf', { page, pages }));
  doc.end();
  return done;
}
