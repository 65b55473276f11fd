/**
 * A poll's live results, counted from the ballots in the board document (BoardState.pollVotes).
 * Tolerant like the layout readers: choices naming no option are ignored, and a single-choice
 * poll counts only a ballot's first valid choice, whatever a foreign client wrote.
 */
import type { BoardState, Poll } from '$lib/board/types.js';

export interface OptionResult {
  id: string;
  text: string;
  cardId: string | null;
  count: number;
  /** Whole percent of the voters who chose it (several answers: the shares may add up past 100). */
  percent: number;
}

export interface PollResults {
  /** People with at least one counted choice. */
  voters: number;
  options: OptionResult[];
  /** The highest count, for scaling bars (0 when nobody voted). */
  top: number;
}

export function pollResults(poll: Poll, ballots: ReadonlyMap<string, readonly string[]> | undefined): PollResults {
  const counts = new Map(poll.options.map((o) => [o.id, 0]));
  let voters = 0;
  for (const choice of ballots?.values() ?? []) {
    const valid = [...new Set(choice.filter((id) => counts.has(id)))];
    const counted = poll.multiple ? valid : valid.slice(0, 1);
    if (counted.length === 0) continue;
    voters += 1;
    for (const id of counted) counts.set(id, (counts.get(id) ?? 0) + 1);
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
