/** Q&A (src/lib/board/questions.ts Q1–Q4, question-list.ts) and its reach: projection, content, restore, erasure, write policy. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  BoardError,
  boardSetup,
  castVote,
  initBoard,
  LOCAL,
  markAnswered,
  questionList,
  readBoard,
  setHidden,
  setSettings,
  toggleUpvote,
  upvoteCount
} from '../../../src/lib/board/index.js';
import { publicContent, readContent, stateFromContent } from '../../../src/lib/board/content.js';
import { applyContent } from '../../../src/lib/board/restore.js';
import { erase, eraseInState } from '../../../src/lib/board/erasure.js';
import { cardsMap, upvotesMap } from '../../../src/lib/board/layout.js';
import { createProjection } from '../../../server/board/projection.js';
import { checkWriterUpdate } from '../../../server/board/write-policy.js';
import { replayBody } from '../../../server/outputs/history/decode.js';
import { clientUpdate, MODERATOR, PANELIST, setup } from '../../helpers/write-policy.js';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, boardSetup('integration', 'cs', 'Q&A'), LOCAL);
  const s = readBoard(doc);
  let t = 1000;
  const add = (text: string, kind: 'question' | 'pitfall' = 'question') => {
    const id = addCard(doc, { kind, text, orgId: null, author: '', authorKey: 'author', topicId: s.topics[0].id }, LOCAL);
    cardsMap(doc)
      .get(id)
      ?.set('createdAt', (t += 1000));
    return id;
  };
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

describe('upvotes (Q1–Q3)', () => {
  it('Q2/Q3: one upvote per voter and question, toggled back', () => {
    const { doc, add } = board();
    const q = add('Kdy?');
    expect(toggleUpvote(doc, q, 'v1', LOCAL)).toBe(true);
    expect(toggleUpvote(doc, q, 'v2', LOCAL)).toBe(true);
    expect(upvoteCount(readBoard(doc), q)).toBe(2);
    expect(toggleUpvote(doc, q, 'v1', LOCAL)).toBe(false);
    expect(upvoteCount(readBoard(doc), q)).toBe(1);
    expect([...upvotesMap(doc).keys()]).toEqual([`${q}/v2`]);
  });

  it('Q2: upvotes spend no dot of the vote budget, and votes none of the upvotes', () => {
    const { doc, add } = board();
    setSettings(doc, { voteBudget: 1 }, LOCAL);
    const [q1, q2, p] = [add('A?'), add('B?'), add('C', 'pitfall')];
    castVote(doc, p, 'v', LOCAL);
    expect(toggleUpvote(doc, q1, 'v', LOCAL)).toBe(true);
    expect(toggleUpvote(doc, q2, 'v', LOCAL)).toBe(true);
    expect(readBoard(doc).votes.get(q1)).toBeUndefined();
  });

  it('Q1: a card that is no question, hidden or unknown takes no upvote; one cast before it was hidden may be taken back', () => {
    const { doc, add } = board();
    const [q, p] = [add('Kdy?'), add('Úskalí', 'pitfall')];
    expect(reason(() => toggleUpvote(doc, p, 'v', LOCAL))).toBe('invalid');
    expect(reason(() => toggleUpvote(doc, 'nope', 'v', LOCAL))).toBe('not-found');
    toggleUpvote(doc, q, 'v', LOCAL);
    setHidden(doc, q, true, LOCAL);
    expect(reason(() => toggleUpvote(doc, q, 'w', LOCAL))).toBe('not-found');
    expect(toggleUpvote(doc, q, 'v', LOCAL)).toBe(false);
  });
});

describe('answered (Q4) and the question list', () => {
  it('marks and unmarks a question; marking twice keeps the first time; only questions', () => {
    const { doc, add } = board();
    const [q, p] = [add('Kdy?'), add('Úskalí', 'pitfall')];
    markAnswered(doc, q, true, LOCAL, 5);
    markAnswered(doc, q, true, LOCAL, 9);
    expect(readBoard(doc).cards.find((c) => c.id === q)?.answeredAt).toBe(5);
    markAnswered(doc, q, false, LOCAL);
    expect(readBoard(doc).cards.find((c) => c.id === q)).not.toHaveProperty('answeredAt');
    expect(reason(() => markAnswered(doc, p, true, LOCAL))).toBe('invalid');
  });

  it('lists visible questions by upvotes (older first on a tie) or newest first, answered ones apart', () => {
    const { doc, add } = board();
    const [a, b, c, d] = [add('A?'), add('B?'), add('C?'), add('D?')];
    add('Not a question', 'pitfall');
    toggleUpvote(doc, c, 'v1', LOCAL);
    toggleUpvote(doc, c, 'v2', LOCAL);
    toggleUpvote(doc, b, 'v1', LOCAL);
    toggleUpvote(doc, a, 'v1', LOCAL);
    markAnswered(doc, b, true, LOCAL);
    setHidden(doc, d, true, LOCAL);
    const byUpvotes = questionList(readBoard(doc));
    expect(byUpvotes.open.map((e) => [e.card.id, e.upvotes])).toEqual([
      [c, 2],
      [a, 1]
    ]);
    expect(byUpvotes.answered.map((e) => e.card.id)).toEqual([b]);
    expect(questionList(readBoard(doc), 'time').open.map((e) => e.card.id)).toEqual([c, a]);
  });
});

describe('upvotes and answers in the board’s other views', () => {
  it('the projection carries upvotes of visible questions and the answered mark to the public doc', () => {
    const { doc, add } = board();
    const pub = new Y.Doc();
    const projection = createProjection({ full: doc, pub });
    const q = add('Kdy?');
    toggleUpvote(doc, q, 'v1', LOCAL);
    markAnswered(doc, q, true, LOCAL, 7);
    expect(upvoteCount(readBoard(pub), q)).toBe(1);
    expect(readBoard(pub).cards.find((c) => c.id === q)?.answeredAt).toBe(7);
    setHidden(doc, q, true, LOCAL);
    expect(upvotesMap(pub).size).toBe(0);
    setHidden(doc, q, false, LOCAL);
    expect(upvoteCount(readBoard(pub), q)).toBe(1);
    projection.stop();
  });

  it('content keeps upvotes and answers through export, public filtering and restore', () => {
    const { doc, add } = board();
    const [q, hidden] = [add('Kdy?'), add('Skrytá?')];
    toggleUpvote(doc, q, 'v1', LOCAL);
    toggleUpvote(doc, hidden, 'v1', LOCAL);
    markAnswered(doc, q, true, LOCAL, 7);
    setHidden(doc, hidden, true, LOCAL);
    const content = readContent(doc);
    expect(content.upvotes).toHaveLength(2);
    expect(publicContent(content).upvotes).toEqual([{ cardId: q, voterKey: 'v1', at: expect.any(Number) }]);
    const state = stateFromContent(content);
    expect(upvoteCount(state, q)).toBe(1);
    expect(state.cards.find((c) => c.id === q)?.answeredAt).toBe(7);
    const copy = new Y.Doc();
    applyContent(copy, content, LOCAL);
    expect(readContent(copy)).toEqual(content);
    toggleUpvote(doc, q, 'v2', LOCAL);
    markAnswered(doc, q, false, LOCAL);
    applyContent(doc, content, LOCAL);
    expect(readContent(doc)).toEqual(content);
  });

  it('a replay of a checkpoint has the upvotes and answers of that moment, none of a question hidden now', () => {
    const { doc, add } = board();
    const [q, later] = [add('Kdy?'), add('Kdo?')];
    toggleUpvote(doc, q, 'v1', LOCAL);
    toggleUpvote(doc, later, 'v1', LOCAL);
    markAnswered(doc, q, true, LOCAL, 7);
    const checkpoint = Y.encodeStateAsUpdate(doc);
    const body = JSON.parse(replayBody(checkpoint, 1, { cards: [later], comments: [] })) as { content: ReturnType<typeof readContent> };
    expect(body.content.upvotes).toEqual([{ cardId: q, voterKey: 'v1', at: expect.any(Number) }]);
    expect(body.content.cards.find((c) => c.id === q)?.answeredAt).toBe(7);
    expect(upvoteCount(stateFromContent(body.content), q)).toBe(1);
  });

  it('a withdrawn question takes its upvotes with it, live and in a history checkpoint', () => {
    const { doc, add } = board();
    const [q, other] = [add('Kdy?'), add('Kdo?')];
    toggleUpvote(doc, q, 'v1', LOCAL);
    toggleUpvote(doc, other, 'v1', LOCAL);
    const checkpoint = Y.encodeStateAsUpdate(doc);
    erase(doc, { kind: 'withdraw-card', id: q }, LOCAL);
    expect([...upvotesMap(doc).keys()]).toEqual([`${other}/v1`]);
    const rewritten = eraseInState(checkpoint, { kind: 'withdraw-card', id: q }, Date.now());
    const past = new Y.Doc();
    Y.applyUpdate(past, rewritten ?? checkpoint);
    expect([...upvotesMap(past).keys()]).toEqual([`${other}/v1`]);
  });

  it('no Yjs writer may set answeredAt or write upvotes (write policy)', () => {
    const { server, theirs } = setup();
    const mark = clientUpdate(server, (d) => markAnswered(d, theirs, true, LOCAL));
    expect(checkWriterUpdate(server, mark, MODERATOR)).toMatchObject({ kind: 'refuse', rule: 'W2' });
    const upvote = clientUpdate(server, (d) => toggleUpvote(d, theirs, 'someone', LOCAL));
    expect(checkWriterUpdate(server, upvote, PANELIST)).toMatchObject({ kind: 'refuse', rule: 'W1' });
  });
});
