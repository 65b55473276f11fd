/** Names only with consent (docs/privacy.md §5): the public reduction of a board keeps a name only where its author agreed. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, editCard, initBoard, LOCAL, readBoard } from '../../../src/lib/board/index.js';
import { addComment } from '../../../src/lib/board/comments.js';
import { publicContent, readContent } from '../../../src/lib/board/content.js';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Panel', topics: ['Bydlení'], orgs: ['Brno'] }, LOCAL);
  const { topics, orgs } = readBoard(doc);
  const card = (author: string, nameConsent?: boolean) =>
    addCard(
      doc,
      { kind: 'weakness', text: `Karta od ${author}`, orgId: orgs[0].id, author, authorKey: 'k', topicId: topics[0].id, ...(nameConsent === undefined ? {} : { nameConsent }) },
      LOCAL
    );
  return { doc, card };
}

describe('names on the public outputs only with consent', () => {
  it('without consent (or with it absent) the public content has no author; the organization stays', () => {
    const { doc, card } = board();
    const quiet = card('Petr Svoboda');
    const open = card('Marie Dvořáková', true);
    addComment(doc, { cardId: open, text: 'Souhlas', author: 'Olena', orgId: null }, LOCAL);
    addComment(doc, { cardId: open, text: 'Také', author: 'Ahmed', nameConsent: true, orgId: null }, LOCAL);
    const pub = publicContent(readContent(doc));
    // By id: two cards made in the same millisecond come in either order.
    expect(Object.fromEntries(pub.cards.map((c) => [c.id, [c.author, c.orgId !== null]]))).toEqual({
      [quiet]: ['', true],
      [open]: ['Marie Dvořáková', true]
    });
    expect(Object.fromEntries(pub.comments?.map((c) => [c.text, c.author]) ?? [])).toEqual({ Souhlas: '', Také: 'Ahmed' });
    // The moderator's full content keeps every name.
    expect(
      readContent(doc)
        .cards.map((c) => c.author)
        .sort()
    ).toEqual(['Marie Dvořáková', 'Petr Svoboda']);
  });

  it('consent given later shows the name; withdrawn, hides it again', () => {
    const { doc, card } = board();
    const id = card('Petr Svoboda');
    editCard(doc, id, { nameConsent: true }, LOCAL);
    expect(publicContent(readContent(doc)).cards[0].author).toBe('Petr Svoboda');
    editCard(doc, id, { nameConsent: false }, LOCAL);
    expect(publicContent(readContent(doc)).cards[0].author).toBe('');
  });
});
