/**
 * What the public outputs page shows of the published data (pure): the boards worth a section,
 * the organizations that took part, and the polls whose results are final. It only ever reads
 * the public content the server sent (hidden cards and redacted text are already gone there).
 */
import { stateFromContent } from '$lib/board/content.js';
import { boardPollResults, scaleAverage, type PollResults } from '$lib/board/poll-results.js';
import { visibleCards } from '$lib/board/selectors.js';
import { isTextPoll, type BoardState, type Poll, type PollAnswer } from '$lib/board/types.js';
import type { PublicOutputs } from '$lib/protocol/outputs.js';

export interface ShownBoard {
  id: string;
  title: string;
  state: BoardState;
  polls: ClosedPoll[];
}

/** A closed poll's outcome: bars for a choice or a scale (with its mean), the approved answers of a free-text poll. */
export interface ClosedPoll {
  poll: Poll;
  results: PollResults;
  average: number | null;
  answers: PollAnswer[];
}

/** Closed polls with their final results, in the order they were closed; a free-text poll without an approved answer is left out. */
export function closedPolls(state: BoardState): ClosedPoll[] {
  return state.polls
    .filter((p) => !p.open)
    .sort((a, b) => (a.closedAt ?? a.createdAt) - (b.closedAt ?? b.createdAt))
    .flatMap((p) => {
      const found = boardPollResults(state, p.id);
      if (!found) return [];
      const answers = isTextPoll(p.kind) ? (state.pollAnswers.get(p.id) ?? []) : [];
      if (isTextPoll(p.kind) && answers.length === 0) return [];
      return [{ ...found, average: p.kind === 'scale' ? scaleAverage(found.results) : null, answers }];
    });
}

/** Boards with something to show: a visible card or a closed poll. An empty workshop board is left out. */
export function shownBoards(data: PublicOutputs): ShownBoard[] {
  return data.boards.flatMap(({ board, content }) => {
    const state = stateFromContent(content);
    const polls = closedPolls(state);
    return visibleCards(state).length > 0 || polls.length > 0 ? [{ id: board.id, title: board.title, state, polls }] : [];
  });
}

/** The organizations with at least one card on a shown board, once each by name, in board order. */
export function organizationsTakingPart(boards: readonly ShownBoard[]): string[] {
  const names = new Set<string>();
  for (const { state } of boards) {
    const used = new Set(visibleCards(state).map((c) => c.orgId));
    for (const org of state.orgs) if (used.has(org.id) && org.name.trim()) names.add(org.name.trim());
  }
  return [...names];
}
