/**
 * "What the hall agreed on" in the PDF report, on landscape pages: the clusters raised by several
 * organizations, the top 10 by votes, then the organizations × topics matrix with each cell's
 * card headlines (a page the matrix overflows is followed by another landscape one).
 */
import { headline, listNames, type Synthesis } from '../../../src/lib/board/synthesis.js';
import type { Label } from './context.js';
import { bottom, heading, INK, landscapePage, MARGIN, MUTED, nextPage, room, RULE, width, type Doc } from './pdf-layout.js';

const HEAD_SIZE = 9;
const CELL_SIZE = 7.5;

/** The matrix's columns: a first column of row names, then one per topic. */
function columnsOf(doc: Doc, head: string[]): { first: number; cell: number; colWidth: (i: number) => number } {
  const first = Math.min(150, width(doc) * 0.2);
  const cell = (width(doc) - first) / Math.max(1, head.length - 1);
  return { first, cell, colWidth: (i) => (i === 0 ? first : cell) - 4 };
}

const rowHeight = (doc: Doc, cells: string[], size: number, colWidth: (i: number) => number): number =>
  Math.max(
    ...cells.map((c, i) =>
      doc
        .font(i === 0 || size === HEAD_SIZE ? 'bold' : 'regular')
        .fontSize(size)
        .heightOfString(c, { width: colWidth(i) })
    )
  ) + 6;

/** The height of the whole matrix table. */
function matrixHeight(doc: Doc, head: string[], rows: string[][]): number {
  const { colWidth } = columnsOf(doc, head);
  return rows.reduce((h, r) => h + rowHeight(doc, r, CELL_SIZE, colWidth), rowHeight(doc, head, HEAD_SIZE, colWidth));
}

/** A table of text cells: a first column of row names, then one column per topic; rows never split. */
function matrixTable(doc: Doc, head: string[], rows: string[][]): void {
  const w = width(doc);
  const { first, cell, colWidth } = columnsOf(doc, head);
  const line = (cells: string[], font: 'bold' | 'regular', size: number): void => {
    const h = rowHeight(doc, cells, size, colWidth);
    if (doc.y + h > bottom(doc)) {
      // The header row again on every page the matrix continues on.
      nextPage(doc);
      if (cells !== head) line(head, 'bold', HEAD_SIZE);
    }
    const y = doc.y;
    cells.forEach((c, i) => {
      const x = i === 0 ? MARGIN : MARGIN + first + (i - 1) * cell;
      doc
        .font(i === 0 ? 'bold' : font)
        .fontSize(size)
        .fillColor(INK)
        .text(c, x + 2, y + 3, { width: colWidth(i) });
    });
    doc
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + w, y + h)
      .strokeColor(RULE)
      .stroke();
    doc.y = y + h;
  };
  line(head, 'bold', HEAD_SIZE);
  for (const row of rows) line(row, 'regular', CELL_SIZE);
  doc.x = MARGIN;
}

function textLine(doc: Doc, text: string, meta: string): void {
  const w = width(doc);
  room(doc, doc.font('regular').fontSize(10).heightOfString(text, { width: w }) + 14);
  doc.font('regular').fontSize(10).fillColor(INK).text(text, MARGIN, doc.y, { width: w });
  if (meta) doc.font('regular').fontSize(8).fillColor(MUTED).text(meta, { width: w });
  doc.moveDown(0.3);
}

/** Lays the synthesis out from a fresh landscape page. `lang` says how the organization names are listed. */
export function synthesisPages(doc: Doc, s: Synthesis, t: Label, lang: string): void {
  landscapePage(doc);
  heading(doc, t('synthesis.title'), 16);
  heading(doc, t('synthesis.shared'), 12);
  if (s.shared.length === 0) textLine(doc, t('synthesis.noShared'), '');
  for (const c of s.shared)
    textLine(
      doc,
      `${c.cluster.title} — ${t('dossier.raisedBy', { orgs: listNames(lang, c.orgNames) })}`,
      [t('count.cards', { count: c.cards.length }), t('export.votesCount', { count: c.voters })].join(' · ')
    );
  heading(doc, t('synthesis.top'), 12);
  if (s.top.length === 0) textLine(doc, t('export.noVotes'), '');
  const orgName = new Map(s.matrix.orgs.map((o) => [o.id, o.name]));
  s.top.forEach((e, i) => {
    const by = e.cluster ? `${t('export.cluster')}: ${e.cluster.title}, ${t('export.raisedBy', { count: e.orgIds.length })}` : (e.card.orgId && orgName.get(e.card.orgId)) || '';
    textLine(doc, `${i + 1}. ${headline(e.card.text, 160)}`, [t('export.votesCount', { count: e.votes }), by].filter(Boolean).join(' · '));
  });
  const { orgs, topics, cells } = s.matrix;
  if (orgs.length === 0 || topics.length === 0) return;
  const text = (c: (typeof cells)[number][number]): string =>
    c.headlines.length === 0 ? '·' : [...c.headlines.map((h) => `• ${h}`), ...(c.more > 0 ? [t('synthesis.more', { count: c.more })] : [])].join('\n');
  const head = [t('export.organization'), ...topics.map((tp) => tp.title)];
  const rows = orgs.map((o, i) => [o.name, ...cells[i].map(text)]);
  // A matrix that fits a page of its own starts on one rather than being split; a longer one
  // starts on a fresh page unless at least half of this one is left.
  const needed = matrixHeight(doc, head, rows) + 60;
  if (doc.y + needed > bottom(doc) && (needed < bottom(doc) - MARGIN || doc.y > doc.page.height / 2)) nextPage(doc);
  heading(doc, t('export.matrix'), 12);
  matrixTable(doc, head, rows);
}
