/**
 * The roots of the projection (projection.ts) keyed "<cardId>/<voterKey>": dot votes and
 * question upvotes. Each key is public while its card is visible (visibility.ts V3).
 */
import type * as Y from 'yjs';
import { parseVoteKey, upvotesMap, votesMap } from '../../src/lib/board/layout.js';
import { isVisibleCardIn } from '../../src/lib/board/visibility.js';

export type VoteRoot = 'votes' | 'upvotes';
export const VOTE_ROOTS: Record<VoteRoot, (doc: Y.Doc) => Y.Map<number>> = { votes: votesMap, upvotes: upvotesMap };
export const VOTE_ROOT_NAMES = Object.keys(VOTE_ROOTS) as VoteRoot[];
export const noVotes = (): Record<VoteRoot, Set<string>> => ({ votes: new Set(), upvotes: new Set() });

/** The keys of one root in either document. */
export const voteKeysOf = (full: Y.Doc, pub: Y.Doc, root: VoteRoot): Set<string> => new Set([...VOTE_ROOTS[root](full).keys(), ...VOTE_ROOTS[root](pub).keys()]);

export function syncVote(full: Y.Doc, pub: Y.Doc, root: VoteRoot, key: string): void {
  const parsed = parseVoteKey(key);
  const value = VOTE_ROOTS[root](full).get(key);
  const pubVotes = VOTE_ROOTS[root](pub);
  if (parsed && value !== undefined && isVisibleCardIn(full, parsed.cardId)) {
    if (pubVotes.get(key) !== value) pubVotes.set(key, value);
  } else if (pubVotes.has(key)) pubVotes.delete(key);
}
