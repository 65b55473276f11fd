/** Read-only views of a board's questions (Q&A): pure functions over a BoardState snapshot. */
import type { BoardState, Card } from './types.js';
import { isVisibleCard } from './visibility.js';

export const QUESTION_SORTS = ['upvotes', 'time'] as const;
export type QuestionSort = (typeof QUESTION_SORTS)[number];

export interface QuestionEntry {
  card: Card;
  upvotes: number;
  answered: boolean;
}

export interface QuestionList {
  /** Not yet answered, in the chosen order. */
  open: QuestionEntry[];
  /** Marked answered, in the same order (Slido's "Answered" tab). */
  answered: QuestionEntry[];
}

export const upvoteCount = (state: BoardState, cardId: string): number => state.upvotes.get(cardId)?.size ?? 0;
export const hasUpvoted = (state: BoardState, cardId: string, voterKey: string): boolean => state.upvotes.get(cardId)?.has(voterKey) ?? false;
export const isQuestion = (card: Card): boolean => card.kind === 'question';

const olderFirst = (a: QuestionEntry, b: QuestionEntry): number => a.card.createdAt - b.card.createdAt || (a.card.id < b.card.id ? -1 : 1);
const ORDER: Record<QuestionSort, (a: QuestionEntry, b: QuestionEntry) => number> = {
  // Most upvoted first; on a tie the older question, which has waited longer.
  upvotes: (a, b) => b.upvotes - a.upvotes || olderFirst(a, b),
  // Newest first, as a feed.
  time: (a, b) => olderFirst(b, a)
};

/** The visible questions with their upvotes, unanswered ones apart from answered ones. */
export function questionList(state: BoardState, sort: QuestionSort = 'upvotes'): QuestionList {
  const entries = state.cards
    .filter((c) => isQuestion(c) && isVisibleCard(c))
    .map((card): QuestionEntry => ({ card, upvotes: upvoteCount(state, card.id), answered: card.answeredAt !== undefined }))
    .sort(ORDER[sort]);
  return { open: entries.filter((e) => !e.answered), answered: entries.filter((e) => e.answered) };
}
