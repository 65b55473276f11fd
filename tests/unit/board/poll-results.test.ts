/** Poll results (src/lib/board/poll-results.ts): the one count the console, the projector, the audience and the exports show. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardPollResults, boardSetup, createPoll, initBoard, LOCAL, pollResults, readBoard, scaleAverage, votePoll, type Poll } from '../../../src/lib/board/index.js';

const poll = (multiple: boolean): Poll => ({
  id: 'p1',
  question: 'Which first?',
  kind: 'choice',
  multiple,
  options: [
    { id: 'a', text: 'Housing', cardId: 'c1' },
    { id: 'b', text: 'Language courses', cardId: null },
    { id: 'c', text: 'Interpreters', cardId: null }
  ],
  open: true,
  createdAt: 1,
  closedAt: null
});

const counts = (r: ReturnType<typeof pollResults>) => r.options.map((o) => o.count);

describe('poll results', () => {
  it('counts each voter once and gives whole percentages of the voters', () => {
    const ballots = new Map([
      ['v1', ['a']],
      ['v2', ['a']],
      ['v3', ['b']]
    ]);
    const r = pollResults(poll(false), ballots);
    expect(r.voters).toBe(3);
    expect(r.options.map((o) => [o.id, o.count, o.percent])).toEqual([
      ['a', 2, 67],
      ['b', 1, 33],
      ['c', 0, 0]
    ]);
    expect(r.top).toBe(2);
  });

  it('a ballot with several options in a single-choice poll is spoiled: no option and no voter counts it', () => {
    const r = pollResults(
      poll(false),
      new Map([
        ['v1', ['b', 'a']],
        ['v2', ['a', 'b']],
        ['v3', ['c']]
      ])
    );
    expect(counts(r)).toEqual([0, 0, 1]);
    expect(r.voters).toBe(1);
    expect(r.options.map((o) => o.percent)).toEqual([0, 0, 100]);
  });

  it('choices naming no option are ignored and a choice named twice counts once, before the single-choice check', () => {
    const r = pollResults(
      poll(false),
      new Map([
        ['v1', ['zz', 'b']],
        ['v2', ['a', 'a']],
        ['v3', ['zz']]
      ])
    );
    expect(counts(r)).toEqual([1, 1, 0]);
    expect(r.voters).toBe(2);
  });

  it('several answers: every choice counts, shares may pass 100 % in total', () => {
    const ballots = new Map([
      ['v1', ['a', 'b']],
      ['v2', ['a', 'a', 'c']]
    ]);
    const r = pollResults(poll(true), ballots);
    expect(r.voters).toBe(2);
    expect(r.options.map((o) => [o.count, o.percent])).toEqual([
      [2, 100],
      [1, 50],
      [1, 50]
    ]);
  });

  it('ballots that name no option, and a poll nobody voted in, count no voter', () => {
    expect(
      pollResults(
        poll(true),
        new Map([
          ['v1', ['x']],
          ['v2', []]
        ])
      ).voters
    ).toBe(0);
    const empty = pollResults(poll(false), undefined);
    expect(empty).toMatchObject({ voters: 0, top: 0 });
    expect(empty.options.every((o) => o.count === 0 && o.percent === 0)).toBe(true);
  });

  it('on the board document: a re-vote moves the count, an unknown poll has no results', () => {
    const doc = new Y.Doc();
    initBoard(doc, boardSetup('integration', 'cs', 'Výzvy integrace'), LOCAL);
    const id = createPoll(
      doc,
      { question: 'Která past je nejnaléhavější?', multiple: false, options: ['Bydlení', 'Jazyk', 'Práce'].map((text) => ({ text, cardId: null })) },
      LOCAL
    );
    votePoll(doc, id, 'v1', ['o1'], LOCAL);
    votePoll(doc, id, 'v2', ['o1'], LOCAL);
    votePoll(doc, id, 'v3', ['o2'], LOCAL);
    votePoll(doc, id, 'v3', ['o1'], LOCAL);
    const found = boardPollResults(readBoard(doc), id);
    expect(found?.poll.question).toBe('Která past je nejnaléhavější?');
    expect(found?.results.options.map((o) => [o.text, o.count])).toEqual([
      ['Bydlení', 3],
      ['Jazyk', 0],
      ['Práce', 0]
    ]);
    expect(found?.results.voters).toBe(3);
    expect(boardPollResults(readBoard(doc), 'nope')).toBeNull();
    expect(boardPollResults(readBoard(doc), null)).toBeNull();
  });
});

describe('scaleAverage', () => {
  it('is the mean point of a scale poll, to one decimal, and null with no ballot', () => {
    const doc = new Y.Doc();
    initBoard(doc, boardSetup('integration', 'cs', 'Scale'), LOCAL);
    const pollId = createPoll(doc, { question: 'Jak?', kind: 'scale', scaleMax: 5, multiple: false, options: [] }, LOCAL);
    expect(scaleAverage(boardPollResults(readBoard(doc), pollId)!.results)).toBeNull();
    votePoll(doc, pollId, 'v1', ['o5'], LOCAL);
    votePoll(doc, pollId, 'v2', ['o4'], LOCAL);
    votePoll(doc, pollId, 'v3', ['o4'], LOCAL);
    expect(scaleAverage(boardPollResults(readBoard(doc), pollId)!.results)).toBe(4.3);
  });
});
