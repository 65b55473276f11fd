/**
 * What the projector's cluster chips say: the cluster's title and, when more than one
 * organization raised it, how many did (the strongest signal a hall can read from afar).
 */
import { clusterViews } from '../../../../lib/board/selectors.js';
import type { BoardState } from '../../../../lib/board/types.js';

/** clusterId → label, for clusters that still group at least two visible cards. */
export function clusterLabels(board: BoardState, raisedBy: (orgs: number) => string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const v of clusterViews(board)) {
    if (v.cards.length < 2) continue;
    const orgs = v.orgIds.length > 1 ? raisedBy(v.orgIds.length) : '';
    labels.set(v.cluster.id, v.cluster.title && orgs ? `${v.cluster.title} · ${orgs}` : v.cluster.title || orgs);
  }
  return labels;
}
