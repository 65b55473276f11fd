/**
 * A poll's results, counted from the ballots in the board document: the one count that the
 * moderator's console, the projector and the exports all show (docs/document-model.md, "Poll
 * results"). Tolerant like the layout readers, since a foreign writer or an old import may have
 * left ballots the commands would refuse:
 *   - a choice naming no option of the poll is ignored, and a choice named twice counts once;
 *   - a ballot with several options in a single-choice poll is spoiled and counts for nothing
 *     (neither its options nor its voter): counting its first choice would let the order of
 *     a malformed ballot pick the winner;
 *   - a ballot left with no counted choice counts no voter.
 */
import type { BoardState, Poll } from './types.js';

export interface OptionResult {
  id: string;
  text: string;
  cardId: string | null;
  count: number;
  /** Whole percent of the voters who chose it (several answers: the shares may add up past 100). */
  percent: number;
}

export interface PollResults {
  /** People with a counted ballot. */
  voters: number;
  /** In the poll's order. */
  options: OptionResult[];
  /** The highest count, for scaling bars (0 when nobody voted). */
  top: number;
}

/** The options a ballot counts for; empty when it counts for nothing. */
function counted(poll: Poll, known: ReadonlySet<string>, ballot: readonly string[]): string[] {
  const valid = [...new Set(ballot)].filter((id) => known.has(id));
  return !poll.multiple && valid.length > 1 ? [] : valid;
}

export function pollResults(poll: Poll, ballots: ReadonlyMap<string, readonly string[]> | undefined): PollResults {
  const counts = new Map(poll.options.map((o) => [o.id, 0]));
  const known = new Set(counts.keys());
  let voters = 0;
  for (const ballot of ballots?.values() ?? []) {
    const ids = counted(poll, known, ballot);
    if (ids.length === 0) continue;
    voters += 1;
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const options = poll.options.map((o) => {
    const count = counts.get(o.id) ?? 0;
    return { id: o.id, text: o.text, cardId: o.cardId, count, percent: voters === 0 ? 0 : Math.round((count / voters) * 100) };
  });
  return { voters, options, top: Math.max(0, ...options.map((o) => o.count)) };
}

/** The results of one poll of the board, or null when it does not exist. */
export function boardPollResults(board: BoardState, pollId: string | null): { poll: Poll; results: PollResults } | null {
  const poll = pollId === null ? undefined : board.polls.find((p) => p.id === pollId);
  return poll ? { poll, results: pollResults(poll, board.pollVotes.get(poll.id)) } : null;
}

/**
 * The mean point of a scale poll (its options are the points 1…N, in order), to one decimal;
 * null when nobody voted.
 */
export function scaleAverage(results: PollResults): number | null {
  let sum = 0;
  let count = 0;
  results.options.forEach((o, i) => {
    sum += (i + 1) * o.count;
    count += o.count;
  });
  return count === 0 ? null : Math.round((sum / count) * 10) / 10;
}
