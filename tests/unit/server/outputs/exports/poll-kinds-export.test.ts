/**
 * The poll kinds in the exports: a scale's points and average, a word cloud's counted words, an
 * open-text poll's approved answers, in CSV, Markdown and PDF; a pending or rejected answer in none.
 */
import { PassThrough } from 'node:stream';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { closePoll, createPoll, votePoll } from '../../../../../src/lib/board/engagement.js';
import { LOCAL } from '../../../../../src/lib/board/index.js';
import { decideAnswer, submitAnswer } from '../../../../../src/lib/board/poll-answers.js';
import { publicContent, readContent } from '../../../../../src/lib/board/content.js';
import type { ExportInput } from '../../../../../server/outputs/exports/context.js';
import { csvChunks } from '../../../../../server/outputs/exports/csv.js';
import { markdownChunks } from '../../../../../server/outputs/exports/markdown.js';
import { writePdf } from '../../../../../server/outputs/exports/pdf.js';
import { collect, fixtureDoc } from '../../../../helpers/outputs-fixture.js';
import { pdfText } from '../../../../helpers/pdf-text.js';

const PENDING = 'Čeká na schválení';
const REJECTED = 'Tohle moderátor zamítl';

function input(lang: 'cs' | 'en' = 'cs'): ExportInput {
  const { doc } = fixtureDoc();
  const queue = new Y.Doc();
  const scale = createPoll(doc, { question: 'Jak hodnotíte spolupráci?', kind: 'scale', scaleMax: 5, multiple: false, options: [] }, LOCAL, 1000);
  for (const [voter, point] of [
    ['a', 'o4'],
    ['b', 'o5'],
    ['c', 'o3']
  ])
    votePoll(doc, scale, voter, [point], LOCAL);
  closePoll(doc, scale, LOCAL, 2000);
  const words = createPoll(doc, { question: 'Jedním slovem: co chybí?', kind: 'words', multiple: false, options: [] }, LOCAL, 3000);
  const answer = (poll: string, voter: string, text: string, decision: 'approve' | 'reject' | null, at: number) => {
    const id = submitAnswer(doc, queue, { pollId: poll, voterKey: voter, text, maxQueued: 1000 }, LOCAL, at);
    if (decision) decideAnswer(doc, queue, id, decision, LOCAL, at + 1);
  };
  answer(words, 'a', 'Tlumočníci', 'approve', 3100);
  answer(words, 'b', 'tlumočníci', 'approve', 3200);
  answer(words, 'c', 'Byty', 'approve', 3300);
  answer(words, 'd', PENDING, null, 3400);
  closePoll(doc, words, LOCAL, 4000);
  const open = createPoll(doc, { question: 'Co navrhujete?', kind: 'open', multiple: false, options: [] }, LOCAL, 5000);
  answer(open, 'a', 'Jedno kontaktní místo pro cizince', 'approve', 5100);
  answer(open, 'b', REJECTED, 'approve', 5200);
  answer(open, 'b2', REJECTED, null, 5250);
  const rejectedId = submitAnswer(doc, queue, { pollId: open, voterKey: 'b', text: REJECTED, maxQueued: 1000 }, LOCAL, 5300);
  decideAnswer(doc, queue, rejectedId, 'reject', LOCAL, 5301);
  closePoll(doc, open, LOCAL, 6000);
  const board = { id: 'board1', kind: 'main' as const, title: 'Ankety' };
  return {
    event: { id: 'e1', title: 'Konference', date: '2026-11-27', place: 'Praha' },
    board,
    boards: [board],
    content: publicContent(readContent(doc)),
    lang,
    exportedAt: Date.UTC(2026, 10, 27, 12),
    full: false
  };
}

describe('poll kinds in the exports', () => {
  it('Markdown: the scale with its average, the counted words, the open answers; nothing pending or rejected', () => {
    const md = collect(markdownChunks(input('en')));
    expect(md).toMatch(/### Jak hodnotíte spolupráci\?\n\n_Scale · closed · 3 voters · Average 4_/);
    expect(md).toMatch(/_Word cloud · closed · 3 answers_/);
    expect(md).toMatch(/\| Tlumočníci \| 2 \| 67 % \|/);
    expect(md).toMatch(/\| Byty \| 1 \| 33 % \|/);
    expect(md).toContain('- Jedno kontaktní místo pro cizince\n');
    expect(md).not.toContain(PENDING);
    expect(md).not.toContain(REJECTED);
  });

  it('CSV: one row per approved answer of a free-text poll', () => {
    const csv = collect(csvChunks(input()));
    expect(csv).toContain('"Jedno kontaktní místo pro cizince"');
    expect(csv.match(/"Jedním slovem: co chybí\?"/g)).toHaveLength(3);
    expect(csv).not.toContain(PENDING);
    expect(csv).not.toContain(REJECTED);
  });

  it('PDF: the average, the words and the open answers', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writePdf(input(), out);
    const text = pdfText(Buffer.concat(chunks)).replace(/\s+/g, ' ');
    expect(text).toMatch(/Průměr 4/);
    expect(text).toMatch(/Tlumočníci: 2/);
    expect(text).toContain('Jedno kontaktní místo pro cizince');
    expect(text).not.toContain(PENDING);
    expect(text).not.toContain(REJECTED);
  });
});
