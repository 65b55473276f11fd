/**
 * What the public outputs page shows of the published data (pure): the boards worth a section,
 * the organizations that took part, and the polls whose results are final. It only ever reads
 * the public content the server sent (hidden cards and redacted text are already gone there).
 */
import { stateFromContent } from '$lib/board/content.js';
import { boardPollResults, type PollResults } from '$lib/board/poll-results.js';
import { visibleCards } from '$lib/board/selectors.js';
import type { BoardState, Poll } from '$lib/board/types.js';
import type { PublicOutputs } from '$lib/protocol/outputs.js';

export interface ShownBoard {
  id: string;
  title: string;
  state: BoardState;
  polls: Array<{ poll: Poll; results: PollResults }>;
}

/** Closed polls with their final results, in the order they were closed. */
export function closedPolls(state: BoardState): ShownBoard['polls'] {
  return state.polls
    .filter((p) => !p.open)
    .sort((a, b) => (a.closedAt ?? a.createdAt) - (b.closedAt ?? b.createdAt))
    .flatMap((p) => boardPollResults(state, p.id) ?? []);
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
