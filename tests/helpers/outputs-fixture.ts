/** A board with Czech text, a hidden card, a cluster, votes, comments and polls, for export and replay tests. */
import * as Y from 'yjs';
import {
  addCard,
  closePoll,
  clusterCards,
  createPoll,
  initBoard,
  INTEGRATION_EXAMPLES,
  LOCAL,
  readBoard,
  setHidden,
  setSettings,
  toggleVote,
  votePoll
} from '../../src/lib/board/index.js';
import { publicContent, readContent } from '../../src/lib/board/content.js';
import { applyContent } from '../../src/lib/board/restore.js';
import { boardSetup } from '../../src/lib/board/templates.js';
import type { ExportInput } from '../../server/outputs/exports/context.js';

export const PANGRAM = 'Příliš žluťoučký kůň úpěl ďábelské ódy';
export const HIDDEN_TEXT = 'Skrytá karta – neukazovat, ňuňu';
export const TRICKY = ["=cmd|' /C calc'!A0", '+420 123', '-1', '@SUM(A1)', 'a, "quoted"\nsecond line'];
export const COMMENT = 'Souhlasím, v Ústí je to stejné – čekací lhůty až půl roku';
export const HIDDEN_COMMENT = 'Skrytý komentář: nevhodný obsah';
export const POLL_QUESTION = 'Která past je nejnaléhavější?';
/** A poll option taken from the card that is later hidden. */
export const HIDDEN_OPTION = 'Možnost ze skryté karty';

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
  const options = [
    { text: 'Bydlení v Budějovicích', cardId: ids.budejovice },
    { text: 'Jazykové kurzy pro dospělé', cardId: null },
    { text: HIDDEN_OPTION, cardId: ids.hidden }
  ];
  const poll = createPoll(doc, { question: POLL_QUESTION, multiple: false, options }, LOCAL, 5500);
  const multi = createPoll(doc, { question: 'Co funguje nejlépe?', multiple: true, options: options.slice(0, 2) }, LOCAL, 5600);
  setHidden(doc, ids.hidden, true, LOCAL);
  clusterCards(doc, [ids.pangram, ids.budejovice], 'Jazyk a bydlení', LOCAL, 6000);
  toggleVote(doc, ids.pangram, 'voter-1', LOCAL, 7000);
  toggleVote(doc, ids.pangram, 'voter-2', LOCAL, 7001);
  toggleVote(doc, ids.budejovice, 'voter-1', LOCAL, 7002);
  votePoll(doc, poll, 'voter-1', ['o1'], LOCAL);
  votePoll(doc, poll, 'voter-2', ['o1'], LOCAL);
  votePoll(doc, poll, 'voter-3', ['o2'], LOCAL);
  votePoll(doc, multi, 'voter-1', ['o1', 'o2'], LOCAL);
  closePoll(doc, multi, LOCAL, 7500);
  // Comments are written through applyContent here (the import command); commands for them come with submissions.
  const comment = (id: string, cardId: string, text: string, author: string, orgId: string | null, createdAt: number, hidden: boolean) => ({
    id,
    cardId,
    text,
    author,
    nameConsent: author !== '',
    orgId,
    createdAt,
    hidden
  });
  applyContent(
    doc,
    {
      ...readContent(doc),
      comments: [
        comment('c1', ids.pangram, COMMENT, 'Olena', plzen, 8000, false),
        comment('c2', ids.pangram, HIDDEN_COMMENT, '', null, 8001, true),
        comment('c3', ids.budejovice, '=SUM(1)', '', null, 8002, false)
      ]
    },
    LOCAL
  );
  return { doc, ids: { ...ids, poll, multi } };
}

export function fixtureInput(options: { full: boolean; lang?: 'cs' | 'en' }): ExportInput {
  const { doc } = fixtureDoc();
  const content = readContent(doc);
  const board = { id: 'board1', kind: 'main' as const, title: 'Výzvy integrace – Plzeň' };
  return {
    event: { id: 'event1', title: 'Konference Výzvy integrace', date: '2026-11-27', place: 'Nová radnice, Praha' },
    board,
    boards: [board, { id: 'board2', kind: 'workshop', title: 'Workshop B: Práce' }],
    content: options.full ? content : publicContent(content),
    lang: options.lang ?? 'cs',
    exportedAt: Date.UTC(2026, 10, 27, 12),
    full: options.full
  };
}

export const collect = (chunks: Iterable<string>): string => [...chunks].join('');

/**
 * The demo board as an organiser makes it (support/demo-board.ts): the main board carries the
 * event's title, the 14 integration examples with votes, and one poll.
 */
export function demoInput(lang: 'cs' | 'en' = 'cs'): ExportInput {
  const doc = new Y.Doc();
  const title = 'Výzvy integrace 2026';
  initBoard(doc, boardSetup('integration', 'cs', title), LOCAL);
  setSettings(doc, { voteBudget: null }, LOCAL);
  const s = readBoard(doc);
  const ids = INTEGRATION_EXAMPLES.map(([kind, org, topic, cs], i) =>
    addCard(
      doc,
      { kind, text: cs, orgId: s.orgs[org % s.orgs.length].id, author: i % 3 ? 'Jana Nováková' : '', authorKey: `k-${i}`, topicId: s.topics[topic % s.topics.length].id },
      LOCAL,
      1000 + i
    )
  );
  ids.forEach((id, i) => {
    for (let v = 0; v < 9; v++) if ((i * 7 + v * 3) % 11 < 11 - (i % 8)) toggleVote(doc, id, `voter-${v}`, LOCAL, 2000 + i * 10 + v);
  });
  const poll = createPoll(
    doc,
    {
      question: 'Co řešit jako první?',
      multiple: false,
      options: [
        { text: 'Jazykové kurzy', cardId: null },
        { text: 'Bydlení', cardId: null },
        { text: 'Tlumočníci na úřadech', cardId: null }
      ]
    },
    LOCAL,
    3000
  );
  for (let v = 0; v < 7; v++) votePoll(doc, poll, `voter-${v}`, [`o${(v % 3) + 1}`], LOCAL);
  const board = { id: 'board1', kind: 'main' as const, title };
  return {
    event: { id: 'event1', title, date: '2026-11-27', place: 'Nová radnice, Praha' },
    board,
    boards: [board],
    content: readContent(doc),
    lang,
    exportedAt: Date.UTC(2026, 10, 27, 12),
    full: true
  };
}
