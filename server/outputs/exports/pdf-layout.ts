/**
 * The PDF report's page furniture and building blocks (pdfkit): headings that never sit alone at
 * a page's foot, count tables, the landscape page, and the running header and "Page N of M"
 * footer written over every page but the title page once the page count is known.
 */
export type Doc = PDFKit.PDFDocument;

export const INK = '#1a1a1a';
export const MUTED = '#555555';
export const RULE = '#bbbbbb';
export const BAR = '#3b6ea5';
export const MARGIN = 50;

export const width = (doc: Doc): number => doc.page.width - 2 * MARGIN;
export const bottom = (doc: Doc): number => doc.page.height - MARGIN;

/** Starts a new page shaped like this one (landscape stays landscape) when less than `needed` points are left. */
export function room(doc: Doc, needed: number): void {
  if (doc.y + needed > bottom(doc)) nextPage(doc);
}

/** A card's comments under it, indented, each "– text (by)", moving to a new page where one does not fit. */
export function commentLines(doc: Doc, lines: ReadonlyArray<{ text: string; by: string }>): void {
  const w = width(doc) - 16;
  for (const c of lines) {
    const text = `– ${c.text}${c.by ? ` (${c.by})` : ''}`;
    room(doc, doc.font('regular').fontSize(9).heightOfString(text, { width: w }));
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(INK)
      .text(text, MARGIN + 16, doc.y, { width: w });
  }
}

export function nextPage(doc: Doc): void {
  if (doc.page.width > doc.page.height) landscapePage(doc);
  else doc.addPage();
}

export function heading(doc: Doc, text: string, size: number): void {
  room(doc, 80);
  doc
    .moveDown(0.6)
    .font('bold')
    .fontSize(size)
    .fillColor(INK)
    .text(text, MARGIN, doc.y, { width: width(doc) })
    .moveDown(0.3);
}

/** A landscape A4 page, for what is wider than it is tall (the organizations × topics matrix). */
export function landscapePage(doc: Doc): void {
  doc.addPage({ size: 'A4', layout: 'landscape', margin: MARGIN });
}

const ROW = 10;

/** The height `countTable` takes for `rows` rows in `w` points. */
export function countTableHeight(doc: Doc, w: number, rows: Array<[string, number]>): number {
  doc.font('regular').fontSize(ROW);
  return rows.reduce((h, [a]) => h + doc.heightOfString(a, { width: w - 50 }), 0) + doc.heightOfString('X') + 3;
}

/** A two-column table of label → count, `w` wide at `x`, with a rule under the header. Leaves doc.y under it. */
export function countTable(doc: Doc, head: [string, string], rows: Array<[string, number]>, x = MARGIN, w = width(doc)): void {
  const row = (a: string, b: string, font: 'bold' | 'regular'): void => {
    room(doc, 14);
    const y = doc.y;
    doc
      .font(font)
      .fontSize(ROW)
      .fillColor(INK)
      .text(a, x, y, { width: w - 50 });
    const after = doc.y;
    doc.text(b, x + w - 45, y, { width: 45, align: 'right' });
    doc.y = Math.max(after, doc.y);
  };
  row(head[0], head[1], 'bold');
  doc
    .moveTo(x, doc.y)
    .lineTo(x + w, doc.y)
    .strokeColor(RULE)
    .stroke();
  doc.y += 2;
  for (const [a, n] of rows) row(a, String(n), 'regular');
  doc.x = MARGIN;
}

export interface CountTable {
  title: string;
  head: [string, string];
  rows: Array<[string, number]>;
}

const TITLE_HEIGHT = 22;
const TABLE_GAP = 10;

/** Two columns of count tables, each half the width; doc.y ends under the taller column. */
export function countTableColumns(doc: Doc, left: CountTable[], right: CountTable[]): void {
  const gap = 24;
  const w = (width(doc) - gap) / 2;
  const columnHeight = (tables: CountTable[]): number => tables.reduce((h, t) => h + TITLE_HEIGHT + countTableHeight(doc, w, t.rows) + TABLE_GAP, 0);
  const tallest = Math.max(columnHeight(left), columnHeight(right));
  // Side by side only while both columns fit on one page; else one table under the other.
  if (tallest > bottom(doc) - MARGIN - 40) {
    for (const t of [...left, ...right]) {
      heading(doc, t.title, 13);
      countTable(doc, t.head, t.rows);
    }
    return;
  }
  room(doc, tallest + 16);
  doc.moveDown(0.6);
  const top = doc.y;
  let end = top;
  for (const [i, column] of [left, right].entries()) {
    const x = MARGIN + i * (w + gap);
    doc.y = top;
    for (const t of column) {
      const y = doc.y;
      doc.font('bold').fontSize(13).fillColor(INK).text(t.title, x, y, { width: w });
      doc.y = y + TITLE_HEIGHT;
      countTable(doc, t.head, t.rows, x, w);
      doc.y += TABLE_GAP;
    }
    end = Math.max(end, doc.y);
  }
  doc.x = MARGIN;
  doc.y = end;
}

/**
 * Writes the running header (`header`, left; `right`, right) and the footer `footer(n, total)`
 * on every buffered page but the first (the title page). Needs `bufferPages: true`.
 */
export function pageFurniture(doc: Doc, header: string, right: string, footer: (page: number, pages: number) => string): void {
  const range = doc.bufferedPageRange();
  const pages = range.start + range.count;
  for (let i = range.start + 1; i < pages; i++) {
    doc.switchToPage(i);
    const w = width(doc);
    const margins = doc.page.margins;
    // Written inside the margins: without this pdfkit would take the footer for an overflow and add a page.
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    doc.font('regular').fontSize(8).fillColor(MUTED);
    doc.text(header, MARGIN, 24, { width: w * 0.7, lineBreak: false, ellipsis: true });
    doc.text(right, MARGIN + w * 0.7, 24, { width: w * 0.3, align: 'right', lineBreak: false });
    doc
      .moveTo(MARGIN, 36)
      .lineTo(MARGIN + w, 36)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke()
      .lineWidth(1);
    doc.text(footer(i + 1, pages), MARGIN, doc.page.height - 32, { width: w, align: 'center', lineBreak: false });
    doc.page.margins = margins;
  }
}
