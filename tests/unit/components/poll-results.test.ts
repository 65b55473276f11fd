import { describe, expect, it } from 'vitest';
import type { Poll } from '../../../src/lib/board/types.js';
import { pollResults } from '../../../src/lib/components/poll-results.js';

const poll = (multiple: boolean): Poll => ({
  id: 'p1',
  question: 'Which first?',
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

  it('a single-choice poll counts only the first valid choice of a ballot', () => {
    const r = pollResults(poll(false), new Map([['v1', ['zz', 'b', 'a']]]));
    expect(r.options.map((o) => o.count)).toEqual([0, 1, 0]);
    expect(r.voters).toBe(1);
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
    expect(pollResults(poll(true), new Map([['v1', ['x']], ['v2', []]])).voters).toBe(0);
    const empty = pollResults(poll(false), undefined);
    expect(empty).toMatchObject({ voters: 0, top: 0 });
    expect(empty.options.every((o) => o.count === 0 && o.percent === 0)).toBe(true);
  });
});
