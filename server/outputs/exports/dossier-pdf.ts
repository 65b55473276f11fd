/**
 * A dossier as PDF (pdfkit, DejaVu Sans like the report): a title block, then the organization's
 * cards by topic with votes and comments, the clusters it shares, the top voted cards of its
 * topics and the questions addressed to it or asked in its topics. Rendered in the heavy-work
 * worker like the report; cards are laid out in slices with a yield in between.
 */
import PDFDocument from 'pdfkit';
import { labels, type ExportInput, type Label } from './context.js';
import { buildDossier, dossierLabel, type DossierCard, type DossierSection } from './dossier.js';
import { commentLines, heading, INK, MARGIN, MUTED, pageFurniture, room, RULE, width, type Doc } from './pdf-layout.js';
import { BOLD, REGULAR } from './pdf-fonts.js';

const CARDS_PER_SLICE = 50;
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function cardBlock(doc: Doc, c: DossierCard, t: Label): void {
  const w = width(doc);
  const meta = [c.kindLabel, c.org, t('export.votesCount', { count: c.votes })].filter(Boolean).join(' · ');
  room(doc, doc.font('regular').fontSize(10).heightOfString(c.text, { width: w }) + 16);
  doc.font('regular').fontSize(10).fillColor(INK).text(c.text, MARGIN, doc.y, { width: w });
  doc.font('regular').fontSize(8).fillColor(MUTED).text(meta, { width: w });
  commentLines(
    doc,
    c.comments.map((m) => ({ text: m.text, by: m.org }))
  );
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

const none = (doc: Doc, t: Label): void => void doc.font('regular').fontSize(10).fillColor(MUTED).text(t('dossier.none'), MARGIN, doc.y).moveDown(0.5);

async function sections(doc: Doc, title: string, list: DossierSection[], t: Label, laid: { n: number }): Promise<void> {
  heading(doc, title, 15);
  if (list.length === 0) none(doc, t);
  for (const s of list) {
    heading(doc, `${s.title} (${s.cards.length})`, 12);
    for (const c of s.cards) {
      cardBlock(doc, c, t);
      if (++laid.n % CARDS_PER_SLICE === 0) await yieldToLoop();
    }
  }
}

/** Writes the dossier of `orgId` to `out` (left open). Throws for an organization the board does not have. */
export async function writeDossierPdf(input: ExportInput, orgId: string, out: NodeJS.WritableStream): Promise<void> {
  const t = labels(input.lang);
  const d = buildDossier(input, orgId, t);
  if (!d) throw new Error(`No organization ${orgId} on this board`);
  const title = dossierLabel(t, d.org.name);
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: title, Subject: input.event.title, Creator: 'panel-board' } });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.pipe(out, { end: false });
  const w = width(doc);
  doc
    .font('bold')
    .fontSize(24)
    .fillColor(INK)
    .text(title, MARGIN, MARGIN + 10, { width: w });
  doc
    .moveDown(0.4)
    .font('regular')
    .fontSize(11)
    .fillColor(MUTED)
    .text(t('dossier.intro', { board: input.board.title }), { width: w });
  doc.moveDown(0.6).fontSize(11).fillColor(INK);
  for (const [label, value] of [
    [t('export.event'), input.event.title],
    [t('export.date'), input.event.date],
    [t('export.place'), input.event.place],
    [t('export.total'), String(d.total)]
  ])
    doc.font('bold').text(`${label}: `, { continued: true }).font('regular').text(value);
  doc
    .moveDown(0.4)
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + w, doc.y)
    .strokeColor(RULE)
    .stroke();
  const laid = { n: 0 };
  await sections(doc, t('dossier.own'), d.own, t, laid);
  heading(doc, t('dossier.shared'), 15);
  if (d.shared.length === 0) none(doc, t);
  for (const c of d.shared) {
    const text = `${c.title} — ${c.raisedBy}`;
    room(doc, doc.font('bold').fontSize(10).heightOfString(text, { width: w }) + 14);
    doc.font('bold').fontSize(10).fillColor(INK).text(text, MARGIN, doc.y, { width: w });
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text([t('count.cards', { count: c.cards }), t('export.votesCount', { count: c.votes })].join(' · '), { width: w })
      .moveDown(0.4);
  }
  await sections(doc, t('dossier.topByTopic'), d.topByTopic, t, laid);
  heading(doc, t('dossier.questions'), 15);
  if (d.questions.length === 0) none(doc, t);
  for (const c of d.questions) {
    cardBlock(doc, c, t);
    if (++laid.n % CARDS_PER_SLICE === 0) await yieldToLoop();
  }
  pageFurniture(doc, `${title} · ${input.event.title}`, input.event.date, (page, pages) => t('export.pageOf', { page, pages }));
  doc.end();
  return done;
}
