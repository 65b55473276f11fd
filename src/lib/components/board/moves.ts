/** Keyboard moves on the board: where a card goes for up/down/previous/next topic. */
import type { Column } from '$lib/board/selectors.js';

export type Direction = 'up' | 'down' | 'left' | 'right';
export interface MoveTarget {
  topicId: string | null;
  beforeId: string | null;
}

export function moveTarget(columns: readonly Column[], cardId: string, dir: Direction): MoveTarget | null {
  const ci = columns.findIndex((col) => col.cards.some((c) => c.id === cardId));
  if (ci < 0) return null;
  const col = columns[ci];
  const i = col.cards.findIndex((c) => c.id === cardId);
  const topicId = col.topic?.id ?? null;
  switch (dir) {
    case 'up':
      return i === 0 ? null : { topicId, beforeId: col.cards[i - 1].id };
    case 'down':
      if (i === col.cards.length - 1) return null;
      return { topicId, beforeId: col.cards[i + 2]?.id ?? null };
    case 'left':
    case 'right': {
      const next = columns[ci + (dir === 'left' ? -1 : 1)];
      // The trailing "unsorted" column only collects cards; nothing is moved into it by key.
      if (!next || next.topic === null) return null;
      return { topicId: next.topic.id, beforeId: null };
    }
    default: {
      const never: never = dir;
      return never;
    }
  }
}

/** The directions available for a card, for enabling buttons. */
export function availableMoves(columns: readonly Column[], cardId: string): Record<Direction, boolean> {
  return {
    up: moveTarget(columns, cardId, 'up') !== null,
    down: moveTarget(columns, cardId, 'down') !== null,
    left: moveTarget(columns, cardId, 'left') !== null,
    right: moveTarget(columns, cardId, 'right') !== null
  };
}
