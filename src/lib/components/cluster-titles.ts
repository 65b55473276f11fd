import { clusterViews } from '$lib/board/selectors.js';
import type { BoardState } from '$lib/board/types.js';

/** clusterId → title, for clusters that still group at least two visible cards. */
export function clusterTitles(board: BoardState): Map<string, string> {
  return new Map(
    clusterViews(board)
      .filter((v) => v.cards.length > 1)
      .map((v) => [v.cluster.id, v.cluster.title])
  );
}
