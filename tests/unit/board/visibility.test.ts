/** What the public sees (src/lib/board/visibility.ts, V1–V4): the one rule, on plain values and on the document. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  boardSetup,
  initBoard,
  isVisibleCard,
  isVisibleCardEntry,
  isVisibleCardIn,
  isVisibleComment,
  isVisibleCommentEntry,
  LOCAL,
  publicOption,
  readBoard,
  setHidden
} from '../../../src/lib/board/index.js';
import { cardsMap, commentsMap, entryFrom, type YEntry } from '../../../src/lib/board/layout.js';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, boardSetup('integration', 'cs', 'Výzvy integrace'), LOCAL);
  const topicId = readBoard(doc).topics[0].id;
  const add = (text: string) => addCard(doc, { kind: 'pitfall', text, orgId: null, author: '', authorKey: 'k', topicId }, LOCAL);
  return { doc, add };
}

describe('card visibility', () => {
  it('V1: a card is visible when it exists and is not hidden', () => {
    expect(isVisibleCard({ hidden: false })).toBe(true);
    expect(isVisibleCard({ hidden: true })).toBe(false);
    expect(isVisibleCard(undefined)).toBe(false);
    expect(isVisibleCard(null)).toBe(false);
  });

  it('V1 on the document: hiding and restoring a card, an unknown id, and a value that is no card entry', () => {
    const { doc, add } = board();
    const id = add('Čekací lhůty na cizineckém odboru');
    expect(isVisibleCardIn(doc, id)).toBe(true);
    setHidden(doc, id, true, LOCAL);
    expect(isVisibleCardIn(doc, id)).toBe(false);
    setHidden(doc, id, false, LOCAL);
    expect(isVisibleCardIn(doc, id)).toBe(true);
    expect(isVisibleCardIn(doc, 'nope')).toBe(false);
    (cardsMap(doc) as Y.Map<unknown>).set('plain', 'not a map');
    expect(isVisibleCardIn(doc, 'plain')).toBe(false);
    expect(isVisibleCardEntry(undefined)).toBe(false);
  });

  it('V2: a comment is visible when neither it nor its card is hidden', () => {
    const visible = (cardId: string) => cardId === 'shown';
    expect(isVisibleComment({ hidden: false, cardId: 'shown' }, visible)).toBe(true);
    expect(isVisibleComment({ hidden: true, cardId: 'shown' }, visible)).toBe(false);
    expect(isVisibleComment({ hidden: false, cardId: 'hidden' }, visible)).toBe(false);
  });

  it('V2 on the document: a comment entry follows its card, and one naming no card is not visible', () => {
    const { doc, add } = board();
    const id = add('Tlumočníci chybí');
    const comment = (fields: Record<string, unknown>): YEntry => {
      commentsMap(doc).set(String(fields.id), entryFrom(fields));
      return commentsMap(doc).get(String(fields.id)) as YEntry;
    };
    const onCard = comment({ id: 'c1', cardId: id, text: 'Souhlas', hidden: false });
    expect(isVisibleCommentEntry(doc, onCard)).toBe(true);
    expect(isVisibleCommentEntry(doc, comment({ id: 'c2', cardId: id, text: 'Skrytý', hidden: true }))).toBe(false);
    setHidden(doc, id, true, LOCAL);
    expect(isVisibleCommentEntry(doc, onCard)).toBe(false);
    expect(isVisibleCommentEntry(doc, comment({ id: 'c3', cardId: 42, hidden: false }))).toBe(false);
  });

  it('V4: an option taken from a card that is not visible keeps no text; others stay as they are', () => {
    const visible = (cardId: string) => cardId === 'shown';
    const fromShown = { id: 'o1', text: 'Bydlení', cardId: 'shown' };
    const free = { id: 'o2', text: 'Jazyk', cardId: null };
    expect(publicOption(fromShown, visible)).toBe(fromShown);
    expect(publicOption(free, visible)).toBe(free);
    expect(publicOption({ id: 'o3', text: 'Skrytá', cardId: 'hidden' }, visible)).toEqual({ id: 'o3', text: '', cardId: 'hidden' });
    expect(publicOption('odd', visible)).toBe('odd');
  });
});
