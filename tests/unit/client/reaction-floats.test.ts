import { describe, expect, it } from 'vitest';
import { addBurst, burstCounts, prune, type Floater, type FloatLimits } from '../../../src/lib/client/reaction-floats.js';
import type { ReactionBurst } from '../../../src/lib/protocol/events.js';

const limits: FloatLimits = { max: 4, lanes: 3, lifeMs: 1000 };
const ids = () => {
  let n = 0;
  return () => ++n;
};

describe('reaction floaters', () => {
  it('one floater per kind in a burst, with its count, largest first', () => {
    const burst: ReactionBurst = { target: 'board', counts: { '👍': 40, '❤️': 120, '🤔': 3 } };
    const f = addBurst([], burst, 0, ids(), limits);
    expect(f.map((x) => [x.emoji, x.count])).toEqual([
      ['❤️', 120],
      ['👍', 40],
      ['🤔', 3]
    ]);
  });

  it('never more than `max` on screen: the oldest give way', () => {
    const next = ids();
    let f: Floater[] = addBurst([], { target: 'board', counts: { '👍': 1, '❤️': 1, '👏': 1 } }, 0, next, limits);
    f = addBurst(f, { target: 'board', counts: { '🤔': 2, '❓': 1 } }, 100, next, limits);
    expect(f.map((x) => x.emoji)).toEqual(['❤️', '👏', '🤔', '❓']);
  });

  it('floaters leave after their lifetime', () => {
    const f = addBurst([], { target: 'board', counts: { '👍': 5 } }, 0, ids(), limits);
    expect(prune(f, 999, limits.lifeMs)).toHaveLength(1);
    expect(prune(f, 1000, limits.lifeMs)).toHaveLength(0);
    expect(addBurst(f, { target: 'board', counts: { '❤️': 1 } }, 1500, ids(), limits).map((x) => x.emoji)).toEqual(['❤️']);
  });

  it('floaters alive together take different lanes while lanes are free', () => {
    const f = addBurst([], { target: 'board', counts: { '👍': 3, '❤️': 2, '👏': 1 } }, 0, ids(), limits);
    expect(new Set(f.map((x) => x.lane)).size).toBe(3);
  });

  it('ignores unknown emoji and counts that are not positive numbers', () => {
    const burst = { target: 'board', counts: { '👍': 0, '🐍': 9, '❤️': 'many', '👏': 2.7, '❓': -1 } } as unknown as ReactionBurst;
    expect(burstCounts(burst)).toEqual([['👏', 2]]);
  });
});
