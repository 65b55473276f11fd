/**
 * The participation figures in the PDF report (pdfkit), on a page of their own: the totals, a
 * horizontal bar per rejection reason, organization and topic, and the activity over time as
 * columns (votes, question upvotes, reactions and ballots stacked) with its table. Bounded: at most MAX_BUCKETS
 * columns and rows, and as many bars as the board has organizations and topics.
 */
import { bucketTotal, continuousActivity, type ParticipationFigures } from '../../../src/lib/protocol/participation.js';
import type { Label } from './context.js';
import { BAR, countTable, heading, INK, MARGIN, MUTED, room, RULE, width, type Doc } from './pdf-layout.js';
import { figureRows } from './participation-rows.js';

const ROW = 15;
const SERIES = [
  { key: 'votes', color: BAR },
  { key: 'upvotes', color: '#7a4fa3' },
  { key: 'reactions', color: '#c7712b' },
  { key: 'ballots', color: '#4f8f4a' }
] as const;

/** One bar per row: the label, a bar in proportion to the largest, the number. */
export function barChart(doc: Doc, rows: ReadonlyArray<readonly [string, number]>): void {
  const w = width(doc);
  const labelW = w * 0.38;
  const barW = w - labelW - 50;
  const max = Math.max(1, ...rows.map(([, n]) => n));
  for (const [label, n] of rows) {
    room(doc, ROW + 2);
    const y = doc.y;
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(INK)
      .text(label, MARGIN, y + 2, { width: labelW - 6, lineBreak: false, ellipsis: true });
    doc
      .rect(MARGIN + labelW, y + 3, barW, ROW - 6)
      .fillColor('#eeeeee')
      .fill();
    if (n > 0)
      doc
        .rect(MARGIN + labelW, y + 3, Math.max(1, (barW * n) / max), ROW - 6)
        .fillColor(BAR)
        .fill();
    doc
      .font('bold')
      .fontSize(9)
      .fillColor(INK)
      .text(String(n), MARGIN + labelW + barW + 4, y + 2, { width: 46, align: 'right', lineBreak: false });
    doc.y = y + ROW;
  }
  doc.x = MARGIN;
}

/** Stacked columns per bucket, a legend with each series' total, the first and last time under the axis. */
function activityChart(doc: Doc, f: ParticipationFigures, t: Label, first: string, last: string): void {
  const w = width(doc);
  const h = 120;
  room(doc, h + 50);
  const totals = SERIES.map((s) => f.activity.reduce((sum, b) => sum + b[s.key], 0));
  let x = MARGIN;
  const y0 = doc.y;
  SERIES.forEach((s, i) => {
    doc
      .rect(x, y0 + 2, 8, 8)
      .fillColor(s.color)
      .fill();
    const label = `${t(`participation.${s.key}`)}: ${totals[i]}`;
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(INK)
      .text(label, x + 12, y0 + 1, { lineBreak: false });
    x += 12 + doc.widthOfString(label) + 16;
  });
  const top = y0 + 18;
  // Empty buckets between active ones as gaps: the time axis is linear.
  const columns = continuousActivity(f);
  const max = Math.max(1, ...columns.map(bucketTotal));
  const col = w / Math.max(1, columns.length);
  columns.forEach((b, i) => {
    let base = top + h;
    for (const s of SERIES) {
      const bh = (h * b[s.key]) / max;
      if (bh <= 0) continue;
      doc
        .rect(MARGIN + i * col + col * 0.1, base - bh, Math.max(0.5, col * 0.8), bh)
        .fillColor(s.color)
        .fill();
      base -= bh;
    }
  });
  doc
    .moveTo(MARGIN, top + h)
    .lineTo(MARGIN + w, top + h)
    .strokeColor(RULE)
    .stroke();
  doc.font('regular').fontSize(8).fillColor(MUTED);
  doc.text(String(max), MARGIN, top - 2, { lineBreak: false });
  doc.text(first, MARGIN, top + h + 3, { width: w / 2, lineBreak: false });
  doc.text(last, MARGIN + w / 2, top + h + 3, { width: w / 2, align: 'right', lineBreak: false });
  doc.x = MARGIN;
  doc.y = top + h + 18;
}

/** Rows of the activity table: time, then a count per series, right-aligned. */
function activityTable(doc: Doc, head: readonly string[], rows: ReadonlyArray<readonly [string, ...number[]]>): void {
  const w = width(doc);
  const cols = [w * 0.28, ...SERIES.map(() => (w * 0.72) / SERIES.length)];
  // A heading may take two lines in a narrow column ("Hlasování v anketách"); the row is as tall as its tallest cell.
  const line = (cells: readonly string[], font: 'bold' | 'regular'): void => {
    doc.font(font).fontSize(9).fillColor(INK);
    const h = Math.max(12, ...cells.map((c, i) => doc.heightOfString(c, { width: cols[i] - 4 })));
    room(doc, h + 1);
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.text(c, x, y, { width: cols[i] - 4, align: i === 0 ? 'left' : 'right' });
      x += cols[i];
    });
    doc.y = y + h;
  };
  line(head, 'bold');
  for (const r of rows) line(r.map(String), 'regular');
  doc.x = MARGIN;
}

export function participationSection(doc: Doc, f: ParticipationFigures, t: Label): void {
  const r = figureRows(f, t);
  doc.addPage();
  heading(doc, r.title, 18);
  doc
    .font('regular')
    .fontSize(9)
    .fillColor(MUTED)
    .text(t('participation.intro'), MARGIN, doc.y, { width: width(doc) });
  doc.moveDown(0.4);
  countTable(doc, [t('participation.title'), t('participation.count')], r.totals);
  heading(doc, r.rejectedByReason.title, 13);
  barChart(doc, r.rejectedByReason.rows);
  heading(doc, r.activity.title, 13);
  if (r.activity.rows.length === 0) doc.font('regular').fontSize(10).fillColor(INK).text(t('participation.noActivity'));
  else {
    activityChart(doc, f, t, r.activity.rows[0][0], r.activity.rows.at(-1)?.[0] ?? '');
    activityTable(doc, r.activity.head, r.activity.rows);
  }
  heading(doc, r.cardsByOrg.title, 13);
  barChart(doc, r.cardsByOrg.rows);
  heading(doc, r.cardsByTopic.title, 13);
  barChart(doc, r.cardsByTopic.rows);
}
