/**
 * Issue 13, finding 11: every exporter is total. A writer that gets past the write policy (or a
 * document written before the policy checked ranges) can leave non-finite numbers, dates far
 * outside the Date range, missing fields and wrong types in the Y.Doc. No export may throw on
 * them or stop mid-stream: JSON, CSV, Markdown, PDF, the zip, the report summary, the
 * moderation log and replay. The odd values are written straight into the Y types here,
 * bypassing the commands and the write policy.
 */
import { PassThrough, Writable } from 'node:stream';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { publicContent, readContent } from '../../../../../src/lib/board/content.js';
import { cardsMap, clustersMap, commentsMap, metaMap, orgsMap, pollsMap, pollVotesMap, topicsMap, votesMap } from '../../../../../src/lib/board/layout.js';
import { logArray, submissionsMap } from '../../../../../src/lib/board/queue.js';
import { labels, type ExportInput } from '../../../../../server/outputs/exports/context.js';
import { csvChunks, parseCsv } from '../../../../../server/outputs/exports/csv.js';
import { jsonChunks } from '../../../../../server/outputs/exports/json.js';
import { markdownChunks } from '../../../../../server/outputs/exports/markdown.js';
import { moderationLogCsv, moderationLogJson, moderationLogRows } from '../../../../../server/outputs/exports/moderation-log.js';
import { writePdf } from '../../../../../server/outputs/exports/pdf.js';
import { buildReport } from '../../../../../server/outputs/exports/summary.js';
import { writeBundle } from '../../../../../server/outputs/exports/zip.js';
import { decodeCheckpoint, replayBody } from '../../../../../server/outputs/history/decode.js';
import { collect, fixtureDoc, PANGRAM } from '../../../../helpers/outputs-fixture.js';
import { pdfText } from '../../../../helpers/pdf-text.js';

const ODD_NUMBERS = [1e300, -1e300, Infinity, -Infinity, NaN, 8.64e15 + 1, -0, 2 ** 53 + 1];

/** The fixture board with odd values written straight into its Y types. */
function oddDoc(): Y.Doc {
  const { doc, ids } = fixtureDoc();
  const entry = (fields: Record<string, unknown>): Y.Map<unknown> => {
    const m = new Y.Map<unknown>();
    for (const [k, v] of Object.entries(fields)) m.set(k, v);
    return m;
  };
  doc.transact(() => {
    const pangram = cardsMap(doc).get(ids.pangram)!;
    pangram.set('createdAt', 1e300);
    pangram.set('updatedAt', -Infinity);
    ODD_NUMBERS.forEach((n, i) =>
      cardsMap(doc).set(
        `odd${i}`,
        entry({
          id: `odd${i}`,
          kind: 'weakness',
          text: `odd number ${i}`,
          order: n,
          createdAt: n,
          updatedAt: n,
          redactedAt: n,
          hidden: false,
          orgId: null,
          topicId: null,
          clusterId: null,
          author: '',
          authorKey: ''
        })
      )
    );
    // Wrong types in every field, and missing fields.
    cardsMap(doc).set(
      'types',
      entry({ kind: { a: 1 }, text: 42, orgId: 7, author: null, authorKey: ['x'], topicId: true, order: '3', createdAt: '2026', hidden: 'yes', clusterId: 5 })
    );
    cardsMap(doc).set('empty', entry({}));
    // Entries that are not maps at all.
    (cardsMap(doc) as unknown as Y.Map<unknown>).set('plain', 'just a string');
    (cardsMap(doc) as unknown as Y.Map<unknown>).set('number', 1e300);
    (cardsMap(doc) as unknown as Y.Map<unknown>).set('array', new Y.Array());
    (cardsMap(doc) as unknown as Y.Map<unknown>).set('text', new Y.Text('t'));
    (topicsMap(doc) as unknown as Y.Map<unknown>).set('t-bad', null);
    topicsMap(doc).set('t-odd', entry({ title: { x: 1 }, order: NaN }));
    (orgsMap(doc) as unknown as Y.Map<unknown>).set('o-bad', [1, 2]);
    orgsMap(doc).set('o-odd', entry({ name: 12, order: -Infinity }));
    clustersMap(doc).set('cl-odd', entry({ title: null, createdAt: Infinity }));
    (clustersMap(doc) as unknown as Y.Map<unknown>).set('cl-bad', 3);
    commentsMap(doc).set('cm-odd', entry({ cardId: ids.pangram, text: 5, author: {}, createdAt: 1e300, hidden: 0 }));
    commentsMap(doc).set('cm-orphan', entry({ cardId: 'nope', text: '=1+1', createdAt: -1e300 }));
    (commentsMap(doc) as unknown as Y.Map<unknown>).set('cm-bad', 'x');
    pollsMap(doc).set(
      'p-odd',
      entry({ question: 3, multiple: 'no', options: [{ id: 1 }, null, 'x', { id: 'a', text: 9, cardId: 4 }], open: 1, createdAt: 1e300, closedAt: Infinity })
    );
    pollsMap(doc).set('p-nan', entry({ question: 'NaN poll', options: 'none', createdAt: NaN, closedAt: NaN }));
    (pollsMap(doc) as unknown as Y.Map<unknown>).set('p-bad', false);
    votesMap(doc).set(`${ids.pangram}/odd-voter`, 1e300);
    (votesMap(doc) as unknown as Y.Map<unknown>).set(`${ids.pangram}/str-voter`, 'yesterday');
    (votesMap(doc) as unknown as Y.Map<unknown>).set('no-slash', NaN);
    (votesMap(doc) as unknown as Y.Map<unknown>).set('ghost/voter', { at: 1 });
    (pollVotesMap(doc) as unknown as Y.Map<unknown>).set(`${ids.poll}/odd`, 'o1');
    (pollVotesMap(doc) as unknown as Y.Map<unknown>).set(`${ids.poll}/nums`, [1, null, 'o2']);
    (pollVotesMap(doc) as unknown as Y.Map<unknown>).set('p-odd/x', ['zzz']);
    const meta = metaMap(doc);
    meta.set('title', 1e300);
    meta.set('timer', { label: 5, durationMs: Infinity, startedAt: 1e300, remainingMs: NaN });
    meta.set('projector', { mode: 'top', limit: Infinity });
    meta.set('voteBudget', -Infinity);
    meta.set('spotlight', 42);
    meta.set('queueCounts', 'many');
  });
  return doc;
}

function oddQueue(): Y.Doc {
  const queue = new Y.Doc();
  queue.transact(() => {
    const entry = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ content: { type: 'card', text: '=HYPERLINK("x")' }, createdAt: 1e300, decidedAt: Infinity, status: 'approved' })) entry.set(k, v);
    submissionsMap(queue).set('s1', entry);
    (submissionsMap(queue) as unknown as Y.Map<unknown>).set('s-bad', 'oops');
    logArray(queue).push([
      { at: 1e300, action: 'approve', by: 'Moderátor', submissionId: 's1', cardId: 'c', reason: null },
      { at: Infinity, action: 'reject', by: 5, submissionId: 7, cardId: null, reason: 'spam' },
      { at: NaN, action: 'redact', by: 'x' },
      { at: -1e300, action: 'approve', by: 'y', submissionId: 's-bad' },
      { at: 1_764_000_000_000, action: 'approve', by: 'ok', submissionId: 's1', cardId: null, reason: null }
    ] as never[]);
    (logArray(queue) as unknown as Y.Array<unknown>).push([null, 'string', 3, ['a']]);
  });
  return queue;
}

function oddInput(full: boolean): ExportInput {
  const content = readContent(oddDoc());
  const board = { id: 'b1', kind: 'main' as const, title: 'Tabule' };
  return {
    event: { id: 'e1', title: 'Akce', date: '2026-11-27', place: 'Praha' },
    board,
    boards: [board],
    content: full ? content : publicContent(content),
    lang: 'cs',
    exportedAt: 1e300,
    full
  };
}

async function pdfOf(input: ExportInput): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writePdf(input, out);
  return Buffer.concat(chunks);
}

describe('exporters are total on odd values written straight into the Y.Doc (finding 11)', () => {
  for (const full of [true, false]) {
    const who = full ? 'moderator' : 'public';
    it(`reads the content without throwing, keeping the sound cards (${who})`, () => {
      const content = oddInput(full).content;
      expect(content.cards.some((c) => c.text === PANGRAM)).toBe(true);
      for (const c of content.cards) {
        expect(typeof c.text).toBe('string');
        expect(Number.isFinite(c.createdAt)).toBe(true);
      }
    });

    it(`JSON export is valid JSON with every sound card (${who})`, () => {
      const doc = JSON.parse(collect(jsonChunks(oddInput(full)))) as { cards: Array<{ text: string }> };
      expect(doc.cards.some((c) => c.text === PANGRAM)).toBe(true);
    });

    it(`CSV export finishes with one full row per card (${who})`, () => {
      const input = oddInput(full);
      const rows = parseCsv(collect(csvChunks(input)));
      const texts = rows.map((r) => r[3]);
      expect(texts).toContain(PANGRAM);
      expect(texts).toContain('odd number 0');
      const cards = rows.slice(
        1,
        rows.findIndex((r) => r.length === 1 && r[0] === '')
      );
      for (const r of cards) expect(r).toHaveLength(rows[0].length);
    });

    it(`Markdown export and the report summary finish (${who})`, () => {
      const input = oddInput(full);
      const report = buildReport(input, labels('cs'));
      expect(report.total).toBeGreaterThan(0);
      for (const p of report.polls) for (const o of p.options) expect(Number.isFinite(o.share)).toBe(true);
      expect(collect(markdownChunks(input))).toContain(PANGRAM);
    });

    it(`PDF report renders (${who})`, async () => {
      const pdf = await pdfOf(oddInput(full));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfText(pdf).replace(/\s+/g, ' ')).toContain(PANGRAM);
    });

    it(`zip holds every format of the board (${who})`, async () => {
      const chunks: Buffer[] = [];
      const out = new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c), done()) });
      await writeBundle(
        {
          boards: [oddInput(full)],
          materials: [],
          openMaterial: () => {
            throw new Error('no materials');
          }
        },
        out
      );
      const files = unzipSync(new Uint8Array(Buffer.concat(chunks)));
      expect(Object.keys(files).sort()).toEqual(['01-tabule/tabule.csv', '01-tabule/tabule.json', '01-tabule/tabule.md', '01-tabule/tabule.pdf']);
      expect(Buffer.from(files['01-tabule/tabule.csv']).toString()).toContain(PANGRAM);
    });
  }

  it('moderation log rows, CSV and JSON keep every readable line', () => {
    const rows = moderationLogRows(oddQueue());
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.at(-1)?.time).toBe(new Date(1_764_000_000_000).toISOString());
    const csv = parseCsv([...moderationLogCsv(rows)].join(''));
    expect(csv).toHaveLength(rows.length + 1);
    expect(JSON.parse(moderationLogJson('b1', rows, NaN)).entries).toHaveLength(rows.length);
  });

  it('replay decodes a checkpoint holding the odd values, for the moderator and the public', () => {
    const state = Y.encodeStateAsUpdate(oddDoc());
    expect(decodeCheckpoint(state).cards.some((c) => c.text === PANGRAM)).toBe(true);
    for (const full of [true, false]) {
      const body = JSON.parse(replayBody(state, 1e300, full ? null : { cards: [], comments: [] })) as { content: { cards: Array<{ text: string }> } };
      expect(body.content.cards.some((c) => c.text === PANGRAM)).toBe(true);
    }
  });
});
