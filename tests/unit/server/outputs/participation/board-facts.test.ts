/** What the figures read of a board (board-facts.ts): question upvotes by their times only, on visible cards only. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, LOCAL, setHidden, toggleUpvote } from '../../../../../src/lib/board/index.js';
import { boardFacts } from '../../../../../server/outputs/participation/board-facts.js';

describe('boardFacts', () => {
  it('reads the question upvotes’ times on visible cards, apart from the votes; nothing of who gave them', () => {
    const doc = new Y.Doc();
    const card = (text: string) => addCard(doc, { kind: 'question', text, orgId: null, author: '', authorKey: 'author', topicId: null }, LOCAL);
    const [shown, hidden] = [card('Kdy?'), card('Proč?')];
    toggleUpvote(doc, shown, 'voter-a', LOCAL, 1000);
    toggleUpvote(doc, shown, 'voter-b', LOCAL, 2000);
    toggleUpvote(doc, hidden, 'voter-a', LOCAL, 3000);
    setHidden(doc, hidden, true, LOCAL);
    const facts = boardFacts(doc, new Y.Doc());
    expect(facts.upvoteTimes.sort()).toEqual([1000, 2000]);
    expect(facts.voteTimes).toEqual([]);
    expect(JSON.stringify(facts)).not.toMatch(/voter-/);
  });
});
