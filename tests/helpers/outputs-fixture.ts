/** A board with Czech text, a hidden card, a cluster and votes, for export and replay tests. */
import * as Y from 'yjs';
import { addCard, clusterCards, initBoard, LOCAL, readBoard, setHidden, toggleVote } from '../../src/lib/board/index.js';
import { readContent } from '../../src/lib/board/content.js';
import { boardSetup } from '../../src/lib/board/templates.js';
import type { ExportInput } from '../../server/exports/context.js';

export const PANGRAM = 'Příliš žluťoučký kůň úpěl ďábelské ódy';
export const HIDDEN_TEXT = 'Skrytá karta – neukazovat, ňuňu';
export const TRICKY = ['=cmd|\' /C calc\'!A0', '+420 123', '-1', '@SUM(A1)', 'a, "quoted"\nsecond line'];

export function fixtureDoc(): { doc: Y.Doc; ids: Record<string, string> } {
  const doc = new Y.Doc();
  initBoard(doc, boardSetup('integration', 'cs', 'Výzvy integrace – Plzeň'), LOCAL);
  const s = readBoard(doc);
  const [brno, plzen] = [s.orgs[0].id, s.orgs[1].id];
  const [lang, housing] = [s.topics[0].id, s.topics[1].id];
  const add = (text: string, kind: 'weakness' | 'good-practice' | 'question', orgId: string | null, topicId: string | null, at: number) =>
    addCard(doc, { kind, text, orgId, author: 'Eva Dvořáková', authorKey: 'k-author', topicId }, LOCAL, at);
  const ids = {
    pangram: add(PANGRAM, 'weakness', brno, lang, 1000),
    budejovice: add('České Budějovice a Ústí nad Labem: ě š č ř ž ý á í é ů ú ň ť ď', 'good-practice', plzen, housing, 2000),
    hidden: add(HIDDEN_TEXT, 'question', brno, housing, 3000),
    unsorted: add('Karta bez tématu', 'question', null, null, 4000),
    ...Object.fromEntries(TRICKY.map((t, i) => [`tricky${i}`, add(t, 'weakness', plzen, lang, 5000 + i)]))
  };
  setHidden(doc, ids.hidden, true, LOCAL);
  clusterCards(doc, [ids.pangram, ids.budejovice], 'Jazyk a bydlení', LOCAL, 6000);
  toggleVote(doc, ids.pangram, 'voter-1', LOCAL, 7000);
  toggleVote(doc, ids.pangram, 'voter-2', LOCAL, 7001);
  toggleVote(doc, ids.budejovice, 'voter-1', LOCAL, 7002);
  return { doc, ids };
}

export function fixtureInput(options: { full: boolean; lang?: 'cs' | 'en' }): ExportInput {
  const { doc } = fixtureDoc();
  const content = readContent(doc);
  const board = { id: 'board1', kind: 'main' as const, title: 'Výzvy integrace – Plzeň' };
  return {
    event: { id: 'event1', title: 'Konference Výzvy integrace', date: '2026-11-27', place: 'Nová radnice, Praha' },
    board,
    boards: [board, { id: 'board2', kind: 'workshop', title: 'Workshop B: Práce' }],
    content: options.full ? content : { ...content, cards: content.cards.filter((c) => !c.hidden) },
    lang: options.lang ?? 'cs',
    exportedAt: Date.UTC(2026, 10, 27, 12),
    full: options.full
  };
}

export const collect = (chunks: Iterable<string>): string => [...chunks].join('');
