import { describe, expect, it } from 'vitest';
import type { Column } from '../../../src/lib/board/selectors.js';
import type { Card } from '../../../src/lib/board/types.js';
import { availableMoves, moveTarget } from '../../../src/lib/components/board/moves.js';

const card = (id: string, topicId: string | null): Card => ({
  id,
  kind: 'weakness',
  text: id,
  orgId: null,
  author: '',
  nameConsent: false,
  authorKey: 'k',
  topicId,
  order: 0,
  createdAt: 0,
  updatedAt: 0,
  hidden: false,
  clusterId: null,
  redactedAt: null
});

const cols: Column[] = [
  { topic: { id: 't1', title: 'A', order: 1 }, cards: [card('a', 't1'), card('b', 't1'), card('c', 't1')] },
  { topic: { id: 't2', title: 'B', order: 2 }, cards: [] },
  { topic: null, cards: [card('u', null)] }
];

describe('keyboard moves', () => {
  it('moves up before the previous card and down after the next one', () => {
    expect(moveTarget(cols, 'b', 'up')).toEqual({ topicId: 't1', beforeId: 'a' });
    expect(moveTarget(cols, 'a', 'down')).toEqual({ topicId: 't1', beforeId: 'c' });
    expect(moveTarget(cols, 'b', 'down')).toEqual({ topicId: 't1', beforeId: null });
  });

  it('moves to the end of the neighbouring topic, never into "unsorted"', () => {
    expect(moveTarget(cols, 'a', 'right')).toEqual({ topicId: 't2', beforeId: null });
    expect(moveTarget(cols, 'a', 'left')).toBeNull();
    expect(moveTarget(cols, 'u', 'left')).toEqual({ topicId: 't2', beforeId: null });
  });

  it('reports which directions are possible', () => {
    expect(availableMoves(cols, 'a')).toEqual({ up: false, down: true, left: false, right: true });
  });
});
