/** Audience participation commands (src/lib/board/engagement.ts): dot votes, resets, reactions' checks, polls. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  BoardError,
  boardSetup,
  castVote,
  closePoll,
  createPoll,
  initBoard,
  LOCAL,
  reactionTarget,
  readBoard,
  resetVotes,
  setHidden,
  setSettings,
  setSpotlight,
  showPoll,
  toggleVote,
  voteCount,
  votedCardOf,
  voteKey,
  votePoll,
  votesHeld,
  withdrawVote
} from '../../../src/lib/board/index.js';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, boardSetup('integration', 'cs', 'Výzvy integrace'), LOCAL);
  const s = readBoard(doc);
  const add = (text: string, o = 0) => addCard(doc, { kind: 'pitfall', text, orgId: s.orgs[o].id, author: '', authorKey: 'author', topicId: s.topics[0].id }, LOCAL);
  return { doc, add };
}

const reason = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof BoardError) return err.reason;
    throw err;
  }
  return 'none';
};

describe('dot votes within a budget', () => {
  it('the default budget is 5: the sixth vote is refused, taking one back frees a dot', () => {
    const { doc, add } = board();
    const cards = Array.from({ length: 7 }, (_, i) => add(`karta ${i}`));
    for (const id of cards.slice(0, 5)) castVote(doc, id, 'v1', LOCAL);
    expect(reason(() => castVote(doc, cards[5], 'v1', LOCAL))).toBe('budget-exhausted');
    expect(() => castVote(doc, cards[5], 'v1', LOCAL)).toThrow(/5/);
    expect(votesHeld(doc, 'v1')).toBe(5);
    // Casting a vote already cast costs nothing and is not refused.
    castVote(doc, cards[0], 'v1', LOCAL);
    expect(withdrawVote(doc, cards[0], 'v1', LOCAL)).toBe(true);
    expect(withdrawVote(doc, cards[0], 'v1', LOCAL)).toBe(false);
    expect(toggleVote(doc, cards[5], 'v1', LOCAL)).toBe(true);
    expect(reason(() => toggleVote(doc, cards[6], 'v1', LOCAL))).toBe('budget-exhausted');
    // Removing always works, even at the limit; another voter has their own budget.
    expect(toggleVote(doc, cards[5], 'v1', LOCAL)).toBe(false);
    expect(toggleVote(doc, cards[6], 'v2', LOCAL)).toBe(true);
  });

  it('follows the board setting: a budget of 2, then unlimited (null)', () => {
    const { doc, add } = board();
    const cards = Array.from({ length: 8 }, (_, i) => add(`karta ${i}`));
    setSettings(doc, { voteBudget: 2 }, LOCAL);
    castVote(doc, cards[0], 'v', LOCAL);
    castVote(doc, cards[1], 'v', LOCAL);
    expect(reason(() => castVote(doc, cards[2], 'v', LOCAL))).toBe('budget-exhausted');
    setSettings(doc, { voteBudget: null }, LOCAL);
    for (const id of cards) castVote(doc, id, 'v', LOCAL);
    expect(votesHeld(doc, 'v')).toBe(8);
    // Lowering the budget keeps the votes cast; only new ones wait until enough are taken back.
    setSettings(doc, { voteBudget: 3 }, LOCAL);
    expect(votesHeld(doc, 'v')).toBe(8);
    withdrawVote(doc, cards[0], 'v', LOCAL);
    expect(reason(() => castVote(doc, cards[0], 'v', LOCAL))).toBe('budget-exhausted');
  });

  it('votes on hidden cards neither count against the budget nor can be cast; unknown cards are not-found', () => {
    const { doc, add } = board();
    const cards = Array.from({ length: 6 }, (_, i) => add(`karta ${i}`));
    for (const id of cards.slice(0, 5)) castVote(doc, id, 'v', LOCAL);
    setHidden(doc, cards[0], true, LOCAL);
    expect(votesHeld(doc, 'v')).toBe(4);
    castVote(doc, cards[5], 'v', LOCAL);
    expect(reason(() => toggleVote(doc, cards[0], 'v', LOCAL))).toBe('not-found');
    expect(reason(() => castVote(doc, 'no-such-card', 'v', LOCAL))).toBe('not-found');
  });

  it('resets every vote, or one card’s, and says how many it removed', () => {
    const { doc, add } = board();
    const [a, b] = [add('a'), add('b')];
    castVote(doc, a, 'v1', LOCAL);
    castVote(doc, a, 'v2', LOCAL);
    castVote(doc, b, 'v1', LOCAL);
    expect(resetVotes(doc, a, LOCAL)).toBe(2);
    expect(voteCount(readBoard(doc), a)).toBe(0);
    expect(voteCount(readBoard(doc), b)).toBe(1);
    expect(reason(() => resetVotes(doc, 'nope', LOCAL))).toBe('not-found');
    castVote(doc, a, 'v3', LOCAL);
    expect(resetVotes(doc, null, LOCAL)).toBe(2);
    expect(readBoard(doc).votes.size).toBe(0);
    expect(resetVotes(doc, null, LOCAL)).toBe(0);
  });
});

describe('reactions', () => {
  it('only offered emoji pass; the spotlight target is the spotlighted card, and needs one', () => {
    const { doc, add } = board();
    expect(reactionTarget(doc, '👍', 'board')).toBe('board');
    expect(reason(() => reactionTarget(doc, '🎉', 'board'))).toBe('disabled');
    setSettings(doc, { reactions: ['🎉'] }, LOCAL);
    expect(reactionTarget(doc, '🎉', 'board')).toBe('board');
    expect(reason(() => reactionTarget(doc, '👍', 'board'))).toBe('disabled');
    expect(reason(() => reactionTarget(doc, '🎉', 'spotlight'))).toBe('invalid');
    const id = add('ve světle');
    setSpotlight(doc, id, LOCAL);
    expect(reactionTarget(doc, '🎉', 'spotlight')).toBe(id);
  });
});

describe('polls', () => {
  const question = 'Která past je nejnaléhavější?';

  it('creates an open poll with options o1…oN, shows it, and checks the cards it names', () => {
    const { doc, add } = board();
    const card = add('Bydlení pro nově příchozí');
    const hidden = add('skrytá');
    setHidden(doc, hidden, true, LOCAL);
    const id = createPoll(
      doc,
      {
        question: `  ${question} `,
        multiple: false,
        options: [
          { text: 'Bydlení', cardId: card },
          { text: ' Jazyk ', cardId: null }
        ]
      },
      LOCAL,
      1000
    );
    const s = readBoard(doc);
    expect(s.meta.activePoll).toBe(id);
    expect(s.polls).toEqual([
      {
        id,
        question,
        kind: 'choice',
        multiple: false,
        open: true,
        createdAt: 1000,
        closedAt: null,
        options: [
          { id: 'o1', text: 'Bydlení', cardId: card },
          { id: 'o2', text: 'Jazyk', cardId: null }
        ]
      }
    ]);
    const poll = (options: Array<{ text: string; cardId: string | null }>) => () => createPoll(doc, { question, multiple: false, options }, LOCAL);
    expect(
      reason(
        poll([
          { text: 'a', cardId: hidden },
          { text: 'b', cardId: null }
        ])
      )
    ).toBe('not-found');
    expect(
      reason(
        poll([
          { text: 'a', cardId: 'nope' },
          { text: 'b', cardId: null }
        ])
      )
    ).toBe('not-found');
    expect(
      reason(
        poll([
          { text: 'a', cardId: card },
          { text: 'b', cardId: card }
        ])
      )
    ).toBe('invalid');
    expect(reason(poll([{ text: 'a', cardId: null }]))).toBe('invalid');
    expect(
      reason(
        poll([
          { text: '   ', cardId: null },
          { text: 'b', cardId: null }
        ])
      )
    ).toBe('invalid');
    expect(
      reason(
        poll([
          { text: 'x'.repeat(121), cardId: null },
          { text: 'b', cardId: null }
        ])
      )
    ).toBe('too-long');
    expect(readBoard(doc).polls).toHaveLength(1);
  });

  it('single choice takes exactly one known option; re-voting replaces the ballot', () => {
    const { doc } = board();
    const id = createPoll(
      doc,
      {
        question,
        multiple: false,
        options: [
          { text: 'A', cardId: null },
          { text: 'B', cardId: null }
        ]
      },
      LOCAL
    );
    votePoll(doc, id, 'v1', ['o1'], LOCAL);
    votePoll(doc, id, 'v2', ['o1'], LOCAL);
    votePoll(doc, id, 'v1', ['o2'], LOCAL);
    expect(readBoard(doc).pollVotes.get(id)).toEqual(
      new Map([
        ['v1', ['o2']],
        ['v2', ['o1']]
      ])
    );
    expect(reason(() => votePoll(doc, id, 'v3', ['o1', 'o2'], LOCAL))).toBe('invalid');
    expect(reason(() => votePoll(doc, id, 'v3', ['o9'], LOCAL))).toBe('invalid');
    expect(reason(() => votePoll(doc, id, 'v3', [], LOCAL))).toBe('invalid');
    expect(reason(() => votePoll(doc, 'nope', 'v3', ['o1'], LOCAL))).toBe('not-found');
  });

  it('multiple choice takes distinct known options, stored in the poll’s order', () => {
    const { doc } = board();
    const id = createPoll(doc, { question, multiple: true, options: ['A', 'B', 'C'].map((text) => ({ text, cardId: null })) }, LOCAL);
    votePoll(doc, id, 'v1', ['o3', 'o1'], LOCAL);
    expect(readBoard(doc).pollVotes.get(id)?.get('v1')).toEqual(['o1', 'o3']);
    expect(reason(() => votePoll(doc, id, 'v1', ['o1', 'o1'], LOCAL))).toBe('invalid');
    expect(reason(() => votePoll(doc, id, 'v1', ['o1', 'o4'], LOCAL))).toBe('invalid');
  });

  it('a closed poll keeps its results and refuses votes; show sets or clears the active poll', () => {
    const { doc } = board();
    const id = createPoll(
      doc,
      {
        question,
        multiple: false,
        options: [
          { text: 'A', cardId: null },
          { text: 'B', cardId: null }
        ]
      },
      LOCAL
    );
    votePoll(doc, id, 'v1', ['o1'], LOCAL);
    closePoll(doc, id, LOCAL, 5000);
    closePoll(doc, id, LOCAL, 6000);
    const poll = readBoard(doc).polls[0];
    expect(poll).toMatchObject({ open: false, closedAt: 5000 });
    expect(reason(() => votePoll(doc, id, 'v2', ['o1'], LOCAL))).toBe('disabled');
    expect(readBoard(doc).pollVotes.get(id)?.size).toBe(1);
    showPoll(doc, null, LOCAL);
    expect(readBoard(doc).meta.activePoll).toBeNull();
    showPoll(doc, id, LOCAL);
    expect(readBoard(doc).meta.activePoll).toBe(id);
    expect(reason(() => showPoll(doc, 'nope', LOCAL))).toBe('not-found');
    expect(reason(() => closePoll(doc, 'nope', LOCAL))).toBe('not-found');
  });
});

describe('votedCardOf (counting one voter’s votes)', () => {
  it('gives the card of this voter’s vote keys only', () => {
    expect(votedCardOf(voteKey('card-1', 'voter-a'), 'voter-a')).toBe('card-1');
    expect(votedCardOf(voteKey('card-1', 'voter-a'), 'voter-b')).toBeNull();
    expect(votedCardOf(voteKey('card-1', 'xvoter-a'), 'voter-a')).toBeNull();
    expect(votedCardOf('voter-a', 'voter-a')).toBeNull();
    expect(votedCardOf('/voter-a', 'voter-a')).toBeNull();
  });
});
