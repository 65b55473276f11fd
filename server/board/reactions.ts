/**
 * Reactions are counted, not relayed: taps for one board are summed per target over a short
 * window, then sent as one ReactionBurst per target. 300 phones tapping make a few bursts, not
 * 300 events. A board's timer exists only while it has taps waiting; an idle board holds nothing.
 * A burst carries counts only, never who tapped.
 */
import type { Reaction } from '../../src/lib/board/types.js';
import type { ReactionBurst } from '../../src/lib/protocol/events.js';

export const REACTION_WINDOW_MS = 450;

export interface ReactionAggregator {
  /** Adds taps (usually one) to the board's window; its bursts go out when the window ends. */
  add(boardId: string, burst: ReactionBurst): void;
  /** Boards with taps waiting (for tests and metrics). */
  pending(): number;
  /** Drops waiting taps and their timers (server shutdown). */
  close(): void;
}

export interface ReactionAggregatorOptions {
  emit: (boardId: string, burst: ReactionBurst) => void;
  windowMs?: number;
}

type Counts = Partial<Record<Reaction, number>>;

export function createReactionAggregator(options: ReactionAggregatorOptions): ReactionAggregator {
  const windowMs = options.windowMs ?? REACTION_WINDOW_MS;
  const boards = new Map<string, { targets: Map<string, Counts>; timer: ReturnType<typeof setTimeout> }>();

  const flush = (boardId: string): void => {
    const waiting = boards.get(boardId);
    boards.delete(boardId);
    if (!waiting) return;
    for (const [target, counts] of waiting.targets) options.emit(boardId, { target, counts });
  };

  return {
    add(boardId, burst) {
      let waiting = boards.get(boardId);
      if (!waiting) {
        waiting = { targets: new Map(), timer: setTimeout(() => flush(boardId), windowMs) };
        boards.set(boardId, waiting);
      }
      const counts = waiting.targets.get(burst.target) ?? {};
      for (const [emoji, n] of Object.entries(burst.counts) as Array<[Reaction, number]>) counts[emoji] = (counts[emoji] ?? 0) + n;
      waiting.targets.set(burst.target, counts);
    },
    pending: () => boards.size,
    close() {
      for (const { timer } of boards.values()) clearTimeout(timer);
      boards.clear();
    }
  };
}
