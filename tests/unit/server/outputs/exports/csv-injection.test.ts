/**
 * Issue 13, finding 12: CSV formula injection. Czech Excel (and every locale whose decimal mark
 * is a comma) splits cells at `;`; other readers split at tabs or ignore quotes. Whatever the
 * split, no cell of the CSV export or of the moderation log may open with a formula starter
 * (= + - @ tab CR, or their full-width forms). The file is read back here as a semicolon-
 * delimited and as a comma-delimited RFC 4180 file, and, for readers that ignore quotes, split
 * naively at every separator.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readContent } from '../../../../../src/lib/board/content.js';
import { addCard, clusterCards, createPoll, LOCAL, readBoard } from '../../../../../src/lib/board/index.js';
import { metaMap, orgsMap, topicsMap } from '../../../../../src/lib/board/layout.js';
import { logArray, submissionsMap } from '../../../../../src/lib/board/queue.js';
import type { ExportInput } from '../../../../../server/outputs/exports/context.js';
import { csvChunks } from '../../../../../server/outputs/exports/csv.js';
import { moderationLogCsv, moderationLogRows } from '../../../../../server/outputs/exports/moderation-log.js';
import { collect, fixtureDoc } from '../../../../helpers/outputs-fixture.js';

const PAYLOADS = [
  'Pozor;=HYPERLINK("http://evil.example";"klik")',
  'a;+1+1',
  'text; -2+3',
  'x;@SUM(A1:A9)',
  'tab\t=1+1',
  'odstavec\n=1+1',
  'řádek\r\n+CMD',
  'čárka,=2*3',
  'plné;＝1+1',
  'plné;＋1',
  'plné;－1',
  'plné;＠A1',
  ';\t;=x',
  '=1+1',
  ' =1+1',
  '\t=x',
  '"=quoted";=x'
];

/** Formula starters, with the full-width and small forms some apps fold to ASCII. */
const STARTER = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B]/;
/** A bare number (a negative one starts with '-', and a spreadsheet reads it as a number, not a formula). */
const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

/** A tiny RFC 4180 reader with a chosen delimiter: quotes group, "" is a quote, CRLF/LF end a row. */
function parseRfc4180(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || (ch === '\r' && src[i + 1] === '\n')) {
      if (ch === '\r') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** A reader that ignores quotes: every separator and line break opens a cell. */
const naiveCells = (text: string): string[] =>
  text
    .replace(/^\uFEFF/, '')
    .split(/[,;\t\r\n]/)
    .map((c) => c.replace(/^"+|"+$/g, ''));

function openingFormulas(cells: string[]): string[] {
  return cells.filter((c) => {
    const t = c.trim();
    return (STARTER.test(c) || STARTER.test(t)) && !NUMBER.test(t);
  });
}

function injectedInput(): ExportInput {
  const { doc } = fixtureDoc();
  const s = readBoard(doc);
  doc.transact(() => {
    metaMap(doc).set('title', PAYLOADS[0]);
    topicsMap(doc).get(s.topics[0].id)!.set('title', PAYLOADS[1]);
    orgsMap(doc).get(s.orgs[0].id)!.set('name', PAYLOADS[2]);
  });
  const ids = PAYLOADS.map((text, i) =>
    addCard(
      doc,
      { kind: 'weakness', text, orgId: s.orgs[0].id, author: PAYLOADS[(i + 3) % PAYLOADS.length], authorKey: PAYLOADS[(i + 5) % PAYLOADS.length], topicId: s.topics[0].id },
      LOCAL,
      9000 + i
    )
  );
  clusterCards(doc, ids.slice(0, 2), PAYLOADS[4], LOCAL, 9500);
  createPoll(
    doc,
    {
      question: PAYLOADS[5],
      multiple: false,
      options: [
        { text: PAYLOADS[6], cardId: null },
        { text: PAYLOADS[7], cardId: null }
      ]
    },
    LOCAL,
    9600
  );
  const board = { id: 'b1', kind: 'main' as const, title: 'Tabule' };
  return {
    event: { id: 'e1', title: 'Akce', date: '2026-11-27', place: 'Praha' },
    board,
    boards: [board],
    content: readContent(doc),
    lang: 'cs',
    exportedAt: Date.UTC(2026, 10, 27),
    full: true
  };
}

function injectedLog(): string {
  const queue = new Y.Doc();
  queue.transact(() => {
    PAYLOADS.forEach((text, i) => {
      const entry = new Y.Map<unknown>();
      entry.set('content', { type: 'card', kind: 'question', text });
      entry.set('createdAt', 1000 + i);
      submissionsMap(queue).set(`s${i}`, entry);
    });
    logArray(queue).push(PAYLOADS.map((by, i) => ({ at: 1_764_000_000_000 + i, action: 'reject', by, submissionId: `s${i}`, cardId: null, reason: 'spam' })) as never[]);
  });
  return [...moderationLogCsv(moderationLogRows(queue))].join('');
}

describe('CSV exports open no cell on a formula starter, however they are split (finding 12)', () => {
  const files = { 'board CSV': () => collect(csvChunks(injectedInput())), 'moderation log CSV': injectedLog };
  for (const [name, make] of Object.entries(files)) {
    it(`${name}: read as a semicolon-delimited (Czech Excel) file`, () => {
      const text = make();
      expect(text).toContain('HYPERLINK');
      expect(openingFormulas(parseRfc4180(text, ';').flat())).toEqual([]);
    });

    it(`${name}: read as a comma-delimited file, every payload comes back (quote-prefixed)`, () => {
      const cells = parseRfc4180(make(), ',').flat();
      expect(openingFormulas(cells)).toEqual([]);
      for (const p of ["'=1+1", "'\t'=x", " '=1+1", `"'=quoted";'=x`]) expect(cells).toContain(p);
      expect(cells).toContain('Pozor;\'=HYPERLINK("http://evil.example";"klik")');
    });

    it(`${name}: read as a tab-delimited file, and by a reader that ignores quotes`, () => {
      const text = make();
      expect(openingFormulas(parseRfc4180(text, '\t').flat())).toEqual([]);
      expect(openingFormulas(naiveCells(text))).toEqual([]);
    });
  }
});
