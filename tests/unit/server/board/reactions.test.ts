/** Reaction bursts (server/board/reactions.ts): taps summed per board and target, one burst per window. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReactionBurst } from '../../../../src/lib/protocol/events.js';
import { createReactionAggregator } from '../../../../server/board/reactions.js';

describe('reaction aggregator', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  const setup = () => {
    const sent: Array<[string, ReactionBurst]> = [];
    const agg = createReactionAggregator({ windowMs: 400, emit: (board, burst) => sent.push([board, burst]) });
    return { sent, agg };
  };

  it('sums the taps of one window into one burst per board and target', () => {
    const { sent, agg } = setup();
    for (let i = 0; i < 300; i++) agg.add('b1', { target: 'board', counts: { [i % 3 === 0 ? '👏' : '👍']: 1 } });
    agg.add('b1', { target: 'card-7', counts: { '❤️': 1 } });
    agg.add('b2', { target: 'board', counts: { '🤔': 2 } });
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(400);
    expect(sent).toEqual([
      ['b1', { target: 'board', counts: { '👏': 100, '👍': 200 } }],
      ['b1', { target: 'card-7', counts: { '❤️': 1 } }],
      ['b2', { target: 'board', counts: { '🤔': 2 } }]
    ]);
  });

  it('holds no timer for an idle board, and starts a new window with the next tap', () => {
    const { sent, agg } = setup();
    agg.add('b1', { target: 'board', counts: { '👍': 1 } });
    expect(agg.pending()).toBe(1);
    vi.advanceTimersByTime(400);
    expect(agg.pending()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    agg.add('b1', { target: 'board', counts: { '👍': 1 } });
    vi.advanceTimersByTime(400);
    expect(sent.map(([, b]) => b.counts['👍'])).toEqual([1, 1]);
  });

  it('close drops waiting taps and their timers', () => {
    const { sent, agg } = setup();
    agg.add('b1', { target: 'board', counts: { '👍': 1 } });
    agg.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
  });
});
