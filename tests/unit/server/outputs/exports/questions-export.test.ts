/** Q&A in the exports: upvotes and the answered mark in JSON, CSV, Markdown and PDF; none of a hidden question. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { addCard, LOCAL, markAnswered, readBoard, setHidden, toggleUpvote } from '../../../../../src/lib/board/index.js';
import { publicContent, readContent } from '../../../../../src/lib/board/content.js';
import type { ExportInput } from '../../../../../server/outputs/exports/context.js';
import { csvChunks, CSV_COLUMNS } from '../../../../../server/outputs/exports/csv.js';
import { jsonChunks, type BoardExport } from '../../../../../server/outputs/exports/json.js';
import { parseBoardImport } from '../../../../../server/outputs/exports/json-import.js';
import { markdownChunks } from '../../../../../server/outputs/exports/markdown.js';
import { writePdf } from '../../../../../server/outputs/exports/pdf.js';
import { collect, fixtureDoc } from '../../../../helpers/outputs-fixture.js';
import { pdfText } from '../../../../helpers/pdf-text.js';

const ASKED = 'Kdy otevřete další kurzy češtiny?';
const HIDDEN_Q = 'Skrytá otázka, neukazovat';

function input(full: boolean, lang: 'cs' | 'en' = 'cs'): ExportInput {
  const { doc } = fixtureDoc();
  const s = readBoard(doc);
  const add = (text: string, at: number) => addCard(doc, { kind: 'question', text, orgId: s.orgs[0].id, author: '', authorKey: 'k-q', topicId: s.topics[0].id }, LOCAL, at);
  const [asked, open, hidden] = [add(ASKED, 9000), add('Kdo to zaplatí?', 9001), add(HIDDEN_Q, 9002)];
  for (const v of ['v1', 'v2', 'v3']) toggleUpvote(doc, asked, v, LOCAL, 9100);
  toggleUpvote(doc, open, 'v1', LOCAL, 9101);
  toggleUpvote(doc, hidden, 'v9', LOCAL, 9102);
  markAnswered(doc, asked, true, LOCAL, Date.UTC(2026, 10, 27, 11));
  setHidden(doc, hidden, true, LOCAL);
  const content = readContent(doc);
  const board = { id: 'board1', kind: 'main' as const, title: 'Q&A' };
  return {
    event: { id: 'e1', title: 'Konference', date: '2026-11-27', place: 'Praha' },
    board,
    boards: [board],
    content: full ? content : publicContent(content),
    lang,
    exportedAt: Date.UTC(2026, 10, 27, 12),
    full
  };
}

const cardId = (i: ExportInput, text: string): string => i.content.cards.find((c) => c.text === text)?.id ?? '';

describe('Q&A in the exports', () => {
  it('JSON carries upvotes and answeredAt, the public one none of a hidden question, and import takes them back', () => {
    const full = JSON.parse(collect(jsonChunks(input(true)))) as BoardExport;
    expect(full.upvotes).toHaveLength(5);
    expect(full.cards.find((c) => c.text === ASKED)?.answeredAt).toBe(Date.UTC(2026, 10, 27, 11));
    const pub = input(false);
    const json = JSON.parse(collect(jsonChunks(pub))) as BoardExport;
    expect(json.upvotes).toHaveLength(4);
    expect(json.upvotes.some((u) => u.voterKey === 'v9')).toBe(false);
    const parsed = parseBoardImport(full);
    expect(parsed.ok && parsed.board.content.upvotes).toHaveLength(5);
    expect(parsed.ok && parsed.board.content.cards.find((c) => c.text === ASKED)?.answeredAt).toBe(Date.UTC(2026, 10, 27, 11));
  });

  it('CSV has the upvotes and answered_at of each question, nothing for other kinds', () => {
    const i = input(false);
    const lines = collect(csvChunks(i))
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0].split(',').slice(-2)).toEqual(['"upvotes"', '"answered_at"']);
    expect(CSV_COLUMNS.at(-2)).toBe('upvotes');
    const row = (text: string) => lines.find((l) => l.startsWith(`"${cardId(i, text)}"`)) ?? '';
    expect(row(ASKED).endsWith(',3,"2026-11-27T11:00:00.000Z"')).toBe(true);
    expect(row('Kdo to zaplatí?').endsWith(',1,""')).toBe(true);
    expect(lines.find((l) => l.includes('Příliš žluťoučký'))?.endsWith(',"",""')).toBe(true);
  });

  it('Markdown lists the questions, unanswered first by upvotes, with their upvotes and the answered mark', () => {
    const md = collect(markdownChunks(input(false)));
    const section = md.slice(md.indexOf('## Otázky'), md.indexOf('## Všechny karty'));
    expect(section).toMatch(/1\. Kdo to zaplatí\? — Otázka · .* · 1 podpora\n/);
    expect(section).toMatch(/3\. Kdy otevřete další kurzy češtiny\? — .* · 3 podpory · Zodpovězeno\n/);
    expect(md).not.toContain(HIDDEN_Q);
    expect(collect(markdownChunks(input(false, 'en')))).toContain('3 upvotes · Answered');
  });

  it('PDF lists the questions with their upvotes and the answered mark', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writePdf(input(false), out);
    const text = pdfText(Buffer.concat(chunks)).replace(/\s+/g, ' ');
    expect(text).toContain('Otázky');
    expect(text).toMatch(/Kdy otevřete další kurzy češtiny\? .*3 podpory · Zodpovězeno/);
    expect(text).not.toContain(HIDDEN_Q);
  });
});
