import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, actionOrigin, BoardError, boardSetup, initBoard, LOCAL, readBoard, setHidden } from '../../../src/lib/board/index.js';
import { addComment, setCommentHidden } from '../../../src/lib/board/comments.js';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, boardSetup('blank', 'en', 'Comments'), LOCAL);
  const cardId = addCard(doc, { kind: 'question', text: 'A card', orgId: null, author: '', authorKey: 'k', topicId: null }, LOCAL);
  return { doc, cardId };
}

const reasonOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof BoardError ? err.reason : 'not a BoardError';
  }
};

describe('comment commands', () => {
  it('adds a comment to a visible card, trimmed, in one transaction with the given origin', () => {
    const { doc, cardId } = board();
    const origin = actionOrigin('submission:create', 'p');
    const seen: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => seen.push(tr.origin));
    const id = addComment(doc, { cardId, text: '  Same in Plzeň  ', author: 'Jan', orgId: null }, origin, 77);
    expect(seen).toEqual([origin]);
    expect(readBoard(doc).comments).toEqual([{ id, cardId, text: 'Same in Plzeň', author: 'Jan', nameConsent: false, orgId: null, createdAt: 77, hidden: false }]);
  });

  it('refuses comments on unknown or hidden cards, empty or over-long text, and a taken id', () => {
    const { doc, cardId } = board();
    expect(reasonOf(() => addComment(doc, { cardId: 'nope', text: 'x', author: '', orgId: null }, LOCAL))).toBe('not-found');
    expect(reasonOf(() => addComment(doc, { cardId, text: '   ', author: '', orgId: null }, LOCAL))).toBe('invalid');
    expect(reasonOf(() => addComment(doc, { cardId, text: 'x'.repeat(301), author: '', orgId: null }, LOCAL))).toBe('too-long');
    addComment(doc, { id: 'fixed', cardId, text: 'first', author: '', orgId: null }, LOCAL);
    expect(reasonOf(() => addComment(doc, { id: 'fixed', cardId, text: 'second', author: '', orgId: null }, LOCAL))).toBe('invalid');
    setHidden(doc, cardId, true, LOCAL);
    expect(reasonOf(() => addComment(doc, { cardId, text: 'on a hidden card', author: '', orgId: null }, LOCAL))).toBe('not-found');
    expect(readBoard(doc).comments.map((c) => c.text)).toEqual(['first']);
  });

  it('hides and restores a comment without removing it; unknown ids are not-found', () => {
    const { doc, cardId } = board();
    const id = addComment(doc, { cardId, text: 'keep me', author: '', orgId: null }, LOCAL);
    expect(setCommentHidden(doc, id, true, LOCAL).hidden).toBe(true);
    expect(readBoard(doc).comments).toEqual([expect.objectContaining({ id, text: 'keep me', hidden: true })]);
    expect(setCommentHidden(doc, id, false, LOCAL).hidden).toBe(false);
    expect(reasonOf(() => setCommentHidden(doc, 'nope', true, LOCAL))).toBe('not-found');
  });
});
