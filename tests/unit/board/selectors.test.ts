/** Read-only views (src/lib/board/selectors.ts): snapshots that keep unchanged cards, clusters counted by distinct voters and organizations, rankings, the active poll. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  activePoll,
  addCard,
  boardSetup,
  castVote,
  clusterCards,
  clusterViews,
  createPoll,
  editCard,
  initBoard,
  keepUnchangedCards,
  markAnswered,
  LOCAL,
  rankedEntries,
  rankVotes,
  readBoard,
  setHidden,
  setSettings,
  showPoll,
  topEntries,
  topVoted
} from '../../../src/lib/board/index.js';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, boardSetup('integration', 'cs', 'Výzvy integrace'), LOCAL);
  setSettings(doc, { voteBudget: null }, LOCAL);
  const s = readBoard(doc);
  const org = (i: number) => s.orgs[i].id;
  let at = 1000;
  const add = (text: string, o: number | null = 0) =>
    addCard(doc, { kind: 'pitfall', text, orgId: o === null ? null : org(o), author: '', authorKey: 'author', topicId: s.topics[0].id }, LOCAL, (at += 10));
  const vote = (cardId: string, ...voters: string[]) => voters.forEach((v) => castVote(doc, cardId, v, LOCAL));
  return { doc, org, add, vote };
}

describe('snapshots', () => {
  it('keep the previous object of every unchanged card, and a new one for a changed card', () => {
    const { doc, add } = board();
    const a = add('A');
    add('B');
    const first = readBoard(doc);
    editCard(doc, a, { text: 'A2' }, LOCAL);
    const c = add('C');
    const next = keepUnchangedCards(first, readBoard(doc));
    const byId = (s: typeof first, id: string) => s.cards.find((x) => x.id === id);
    expect(next.cards.map((x) => x.text)).toEqual(['A2', 'B', 'C']);
    expect(next.cards[1]).toBe(first.cards[1]);
    expect(byId(next, a)).not.toBe(byId(first, a));
    expect(byId(next, c)).toBeDefined();
    expect(keepUnchangedCards(null, first)).toBe(first);
  });

  it('take a new object for a card that lost an optional field (a question no longer answered)', () => {
    const { doc } = board();
    const q = addCard(doc, { kind: 'question', text: 'Kdy?', orgId: null, author: '', authorKey: 'k', topicId: null }, LOCAL);
    markAnswered(doc, q, true, LOCAL);
    const answered = readBoard(doc);
    markAnswered(doc, q, false, LOCAL);
    expect(keepUnchangedCards(answered, readBoard(doc)).cards[0]).not.toHaveProperty('answeredAt');
  });
});

describe('clusters', () => {
  it('are raised by the distinct organizations of their visible cards, and keep every card', () => {
    const { doc, org, add } = board();
    const [a, b, c, d, e] = [add('a', 0), add('b', 0), add('c', 1), add('d', null), add('e', 2)];
    const k = clusterCards(doc, [a, b, c, d, e], 'Bydlení', LOCAL);
    setHidden(doc, e, true, LOCAL);
    const [view] = clusterViews(readBoard(doc));
    expect(view.cluster.id).toBe(k);
    expect(view.cards.map((x) => x.id)).toEqual([a, b, c, d]);
    expect(view.orgIds.sort()).toEqual([org(0), org(1)].sort());
  });

  it('count a voter once however many of their cards they voted for', () => {
    const { doc, add, vote } = board();
    const [a, b, c] = [add('a'), add('b'), add('c')];
    clusterCards(doc, [a, b, c], 'Jazyk', LOCAL);
    vote(a, 'v1', 'v2');
    vote(b, 'v1', 'v2');
    vote(c, 'v1', 'v3');
    const s = readBoard(doc);
    expect(clusterViews(s)[0].voters).toBe(3);
    expect(
      rankVotes(
        s,
        s.cards.find((x) => x.id === b)!
      )
    ).toBe(3);
  });
});

describe('rankings', () => {
  it('rank a cluster as one entry by its distinct voters, never the sum of its cards’ votes', () => {
    const { doc, add, vote } = board();
    const [a, b, c] = [add('a', 0), add('b', 1), add('c', 2)];
    const single = add('single');
    clusterCards(doc, [a, b, c], 'Jazyk', LOCAL);
    // The same two people on all three cards: 6 votes summed, 2 distinct voters.
    vote(a, 'v1', 'v2');
    vote(b, 'v1', 'v2');
    vote(c, 'v1', 'v2');
    vote(single, 'v3', 'v4', 'v5');
    const s = readBoard(doc);
    const entries = rankedEntries(s);
    expect(entries.map((e) => [e.card.id, e.votes])).toEqual([
      [single, 3],
      [a, 2]
    ]);
    expect(entries[1]).toMatchObject({ cluster: { title: 'Jazyk' }, votes: 2 });
    expect(entries[1].cards.map((x) => x.id)).toEqual([a, b, c]);
    expect(entries[1].orgIds).toHaveLength(3);
    expect(topVoted(s, 10).map((x) => x.id)).toEqual([single, a]);
    expect(topEntries(s, 1).map((e) => e.card.id)).toEqual([single]);
  });

  it('a cluster of distinct voters outranks its best card; its most voted card stands for it', () => {
    const { doc, add, vote } = board();
    const [a, b] = [add('a'), add('b')];
    const single = add('single');
    clusterCards(doc, [a, b], 'Práce', LOCAL);
    vote(a, 'v1');
    vote(b, 'v2', 'v3');
    vote(single, 'v4', 'v5');
    const s = readBoard(doc);
    expect(topEntries(s, 5).map((e) => [e.card.id, e.votes])).toEqual([
      [b, 3],
      [single, 2]
    ]);
  });

  it('skip hidden cards and break ties by age', () => {
    const { doc, add, vote } = board();
    const [old, young, hidden] = [add('old'), add('young'), add('hidden')];
    vote(hidden, 'v1', 'v2');
    setHidden(doc, hidden, true, LOCAL);
    vote(young, 'v1');
    vote(old, 'v2');
    expect(topVoted(readBoard(doc), 5).map((x) => x.id)).toEqual([old, young]);
  });
});

describe('polls', () => {
  it('the active poll is the one shown', () => {
    const { doc } = board();
    const first = createPoll(doc, { question: 'Q1', multiple: false, options: ['A', 'B'].map((text) => ({ text, cardId: null })) }, LOCAL);
    createPoll(doc, { question: 'Q2', multiple: false, options: ['A', 'B'].map((text) => ({ text, cardId: null })) }, LOCAL);
    expect(activePoll(readBoard(doc))?.question).toBe('Q2');
    showPoll(doc, first, LOCAL);
    expect(activePoll(readBoard(doc))?.question).toBe('Q1');
    showPoll(doc, null, LOCAL);
    expect(activePoll(readBoard(doc))).toBeUndefined();
  });
});
